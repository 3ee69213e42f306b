import {createRequire} from 'node:module';

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
