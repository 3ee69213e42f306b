// A small fault-injecting HTTP proxy for loopback tests. Everything is forwarded to the real server unchanged, except
// POST /api/comments, which gets a fault from a deterministic, seeded schedule (one schedule slot per POST that
// arrives, in arrival order).
import {createServer, request, Agent, type IncomingMessage, type ServerResponse, type IncomingHttpHeaders} from 'node:http';
import type {Socket} from 'node:net';
import {prng} from '../../lib/prng.js';


export type Fault = 'pass' | 'drop' | 'reply-lost' | '500' | '503' | 'hang';
export const FAULTS: readonly Fault[] = ['pass', 'drop', 'reply-lost', '500', '503', 'hang'];


/**
 * The fault for every POST, in blocks of 10: each block is a seeded shuffle of 5 passes and one of each of drop,
 * reply-lost, 500 and 503, plus a tenth slot that is a hang in every `hangEvery`-th block (a pass otherwise), so
 * hangs, which cost the widget's 15 s timeout each, stay rare and spread out.
 */
export function faultSchedule(seed: number, hangEvery = 4): (index: number) => Fault {
  const random = prng(seed);
  const slots: Fault[] = [];
  return (index) => {
    while (slots.length <= index) {
      const block = slots.length / 10;
      const items: Fault[] = ['pass', 'pass', 'pass', 'pass', 'pass', 'drop', 'reply-lost', '500', '503', block % hangEvery === hangEvery - 1 ? 'hang' : 'pass'];
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [items[i], items[j]] = [items[j], items[i]];
      }
      slots.push(...items);
    }
    return slots[index];
  };
}

/** One POST as the proxy saw it. */
export interface PostRecord {
  index: number;
  at: number;
  key: string;
  body: string;
  fault: Fault | 'outage';
  /** The server's status when the request was forwarded (pass or reply-lost), else undefined. */
  serverStatus?: number;
  replayed?: boolean;
}

export interface FaultProxy {
  url: string;
  port: number;
  posts: PostRecord[];
  /** Per fault kind, how many were injected. */
  counts(): Record<Fault | 'outage', number>;
  /** While on, every POST /api/comments is answered 503 without using a schedule slot. */
  setOutage(on: boolean): void;
  close(): Promise<void>;
}

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer']);
const clean = (headers: IncomingHttpHeaders) => Object.fromEntries(Object.entries(headers).filter(([k]) => !HOP.has(k.toLowerCase())));
const MAX_BODY = 1 << 20;

function readAll(stream: IncomingMessage, limit = MAX_BODY): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        stream.destroy();
        reject(new Error('body too large'));
      } else chunks.push(c);
    });
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
    stream.once('aborted', () => reject(new Error('aborted')));
  });
}

export async function startFaultProxy({target, seed, hangEvery, upstreamTimeoutMs = 30000}: {target: string; seed: number; hangEvery?: number; upstreamTimeoutMs?: number}): Promise<FaultProxy> {
  const upstream = new URL(target);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(upstream.hostname)) throw new Error(`the fault proxy only talks to loopback, not ${upstream.hostname}`);
  const agent = new Agent({keepAlive: true, maxSockets: 16});
  const schedule = faultSchedule(seed, hangEvery);
  const posts: PostRecord[] = [];
  const sockets = new Set<Socket>();
  let slot = 0;
  let outage = false;

  /** Forwards one request (body already read) and resolves with the server's whole reply. */
  function forward(req: IncomingMessage, body: Buffer): Promise<{status: number; headers: IncomingHttpHeaders; body: Buffer}> {
    return new Promise((resolve, reject) => {
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: {...clean(req.headers), host: upstream.host, 'content-length': String(body.length)},
          agent,
          timeout: upstreamTimeoutMs,
        },
        (res) => readAll(res).then((b) => resolve({status: res.statusCode ?? 502, headers: res.headers, body: b}), reject),
      );
      out.once('timeout', () => out.destroy(new Error('upstream timeout')));
      out.once('error', reject);
      out.end(body);
    });
  }

  function reply(res: ServerResponse, status: number, headers: IncomingHttpHeaders, body: Buffer) {
    if (res.destroyed) return;
    res.writeHead(status, {...clean(headers), 'content-length': String(body.length)});
    res.end(body);
  }

  const server = createServer(async (req, res) => {
    try {
      const body = await readAll(req);
      const isPost = req.method === 'POST' && new URL(req.url ?? '/', 'http://x').pathname === '/api/comments';
      if (!isPost) {
        const r = await forward(req, body);
        return reply(res, r.status, r.headers, r.body);
      }
      let text = '';
      try {
        text = JSON.parse(body.toString('utf8')).body ?? '';
      } catch {
        // not JSON: the server will say so
      }
      const record: PostRecord = {index: posts.length, at: Date.now(), key: String(req.headers['idempotency-key'] ?? ''), body: text, fault: outage ? 'outage' : schedule(slot++)};
      posts.push(record);
      switch (record.fault) {
        case 'outage':
        case '503':
          // An HTML error page, as a load balancer would send: the widget must not need JSON to decide to retry.
          return reply(res, 503, {'content-type': 'text/html', 'retry-after': '1'}, Buffer.from('<html><body><h1>503 Service Unavailable</h1></body></html>'));
        case '500':
          return reply(res, 500, {'content-type': 'application/json'}, Buffer.from(JSON.stringify({error: {code: 'injected', message: 'Injected failure.'}})));
        case 'drop':
          req.socket.destroy();
          return;
        case 'hang':
          // Never answer; the browser gives up (the widget's timeout) and closes the socket, or close() destroys it.
          return;
        case 'pass':
        case 'reply-lost': {
          const r = await forward(req, body);
          record.serverStatus = r.status;
          record.replayed = r.headers['idempotent-replayed'] === 'true';
          if (record.fault === 'reply-lost') {
            req.socket.destroy();
            return;
          }
          return reply(res, r.status, r.headers, r.body);
        }
      }
    } catch (error) {
      if (!res.headersSent && !res.destroyed) reply(res, 502, {'content-type': 'text/plain'}, Buffer.from(`proxy: ${(error as Error).message}`));
      else res.destroy();
    }
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const {port} = server.address() as {port: number};
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    posts,
    counts() {
      const c = Object.fromEntries([...FAULTS, 'outage'].map((f) => [f, 0])) as Record<Fault | 'outage', number>;
      for (const p of posts) c[p.fault]++;
      return c;
    },
    setOutage(on) {
      outage = on;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
