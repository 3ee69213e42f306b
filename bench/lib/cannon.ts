import {createRequire} from 'node:module';
import {get as httpGet} from 'node:http';

/** One request in an autocannon cycle. `setupRequest` runs before each send, e.g. to set a fresh Idempotency-Key. */
export interface CannonRequest {
  method?: 'GET' | 'POST' | 'OPTIONS';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: CannonRequest) => CannonRequest;
}

export interface CannonOptions {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  requests: CannonRequest[];
}

/** The part of autocannon's result that the benches read. */
interface CannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, {count: number}>;
  latency: {p50: number; p99: number; average: number; max: number};
  requests: {average: number; total: number; sent: number};
  throughput: {average: number};
}

/** What a bench reports for one load: rates in requests per second, latencies in ms (2xx answers only). */
export interface LoadFigures {
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  socketErrors: number;
  timeouts: number;
  bytesPerSec: number;
  statusCodes: Record<string, number>;
}

type Autocannon = (options: Record<string, unknown>) => Promise<CannonResult>;

// autocannon is CommonJS and ships no types.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** Runs autocannon in this process against a server in another one. */
export async function runCannon({url, connections, duration, requests}: CannonOptions): Promise<LoadFigures> {
  const result = await autocannon({url, connections, duration, requests, timeout: 10});
  return {
    requests: result.requests.total,
    reqPerSec: round(result.requests.total / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    socketErrors: result.errors,
    timeouts: result.timeouts,
    bytesPerSec: Math.round(result.throughput.average),
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
  };
}

/** Every failed request: a non-2xx answer, a socket error or a timeout. */
export function failures(figures: LoadFigures): number {
  return figures.non2xx + figures.socketErrors + figures.timeouts;
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** One answer exactly as it came over the wire: status, headers in order, the (still compressed) body. */
export interface RawResponse {
  status: number;
  headers: [string, string][];
  body: Buffer;
  /** The status line and header block as sent, blank line included. */
  headerBytes: number;
}

/** A GET with node:http, which (unlike fetch) leaves the body as sent, compressed or not. */
export function getRaw(url: string, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpGet(new URL(path, url), {headers, agent: false}, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        const head = `HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage}\r\n${pairs.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
        resolve({status: res.statusCode!, headers: pairs, body: Buffer.concat(chunks), headerBytes: Buffer.byteLength(head, 'latin1')});
      });
      res.on('error', reject);
    });
    request.on('error', reject);
  });
}

/** Several runs of one load as one: rates from the totals, latencies and the max as the runs' medians. */
export function mergeRuns(runs: readonly LoadFigures[], seconds: number): LoadFigures {
  const sum = (pick: (f: LoadFigures) => number) => runs.reduce((total, f) => total + pick(f), 0);
  const statusCodes: Record<string, number> = {};
  for (const f of runs) for (const [code, n] of Object.entries(f.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  return {
    requests: sum((f) => f.requests),
    reqPerSec: round(sum((f) => f.requests) / seconds),
    p50Ms: median(runs.map((f) => f.p50Ms)),
    p99Ms: median(runs.map((f) => f.p99Ms)),
    maxMs: Math.max(...runs.map((f) => f.maxMs)),
    non2xx: sum((f) => f.non2xx),
    socketErrors: sum((f) => f.socketErrors),
    timeouts: sum((f) => f.timeouts),
    bytesPerSec: Math.round(sum((f) => f.bytesPerSec) / runs.length),
    statusCodes,
  };
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
