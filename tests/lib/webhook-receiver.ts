// A local node:http receiver for webhooks that checks each delivery's Natter-Signature as the README tells
// receivers to, and answers with the status the test chooses.
import {createHmac, timingSafeEqual} from 'node:crypto';
import {createServer} from 'node:http';
import {freePort} from '../e2e/server-process.js';

export interface Delivery {
  event: string;
  delivery: string;
  body: Record<string, unknown>;
  /** Whether the signature matched the body and its timestamp is within 5 minutes. */
  verified: boolean;
  answered: number;
}

export interface TestReceiver {
  url: string;
  port: number;
  deliveries: Delivery[];
  /** The status for the next requests (200 by default); a function sees how many came before. */
  answer: number | ((n: number) => number);
  /** Never answer (a slow receiver). */
  hang: boolean;
  waitFor(test: (d: Delivery[]) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

/** Verifies `t=<unix>,v1=<hex>` over "<t>.<body>" in constant time; refuses a timestamp more than 5 minutes off. */
export function verifySignature(secret: string, header: string | undefined, body: string, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest();
  const given = Buffer.from(match[2]!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) && Math.abs(nowSeconds - Number(match[1])) <= 300;
}

export async function startReceiver(secret: string, port?: number): Promise<TestReceiver> {
  port ??= await freePort();
  const hung: (() => void)[] = [];
  const state: TestReceiver = {
    url: `http://127.0.0.1:${port}/hooks/natter`,
    port,
    deliveries: [],
    answer: 200,
    hang: false,
    async waitFor(test, timeoutMs = 15000, what = 'the expected deliveries') {
      const deadline = Date.now() + timeoutMs;
      while (!test(state.deliveries)) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; got ${JSON.stringify(state.deliveries.map((d) => [d.event, d.answered]))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => {
      for (const release of hung) release();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      if (state.hang) {
        hung.push(() => res.destroy());
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      const verified = verifySignature(secret, req.headers['natter-signature'] as string | undefined, text);
      const status = !verified ? 401 : typeof state.answer === 'function' ? state.answer(state.deliveries.length) : state.answer;
      state.deliveries.push({event: String(req.headers['natter-event']), delivery: String(req.headers['natter-delivery']), body: JSON.parse(text), verified, answered: status});
      res.writeHead(status, {'Content-Type': 'text/plain'}).end(status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return state;
}
