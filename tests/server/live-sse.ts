// A small Server-Sent Events reader over fetch (Node 20 has no EventSource), and a real HTTP server for the live tests.
import type {AddressInfo} from 'node:net';
import {serve} from '@hono/node-server';
import type {ServerType} from '@hono/node-server';

/** One event as EventSource would dispatch it, or a comment line (a heartbeat). */
export interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
  /** The text of a `:` comment line, e.g. `ping`. */
  comment?: string;
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** Everything received so far, in order. */
  messages: SseMessage[];
  /** The events with an `event:` field, `reset` included. */
  events(): SseMessage[];
  /** Waits until `predicate` holds for the messages, or fails after `timeoutMs`. */
  until(predicate: (messages: SseMessage[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** The body of a refused request (not a stream). */
  json(): Promise<any>;
  close(): void;
}

/** Opens `url` as an event stream; a non-200 answer is returned with its body left for json(). */
export async function openStream(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const controller = new AbortController();
  const response = await fetch(url, {headers: {Accept: 'text/event-stream', ...headers}, signal: controller.signal});
  const messages: SseMessage[] = [];
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());
  let ended: Promise<void> = Promise.resolve();
  const ok = response.status === 200 && (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
  if (ok) {
    ended = (async () => {
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      try {
        for (;;) {
          const {done, value} = await reader.read();
          if (done) break;
          buffer += value;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) !== -1) {
            messages.push(...parseBlock(buffer.slice(0, cut)));
            buffer = buffer.slice(cut + 2);
            wake();
          }
        }
      } catch {
        // Aborted by close().
      } finally {
        wake();
      }
    })();
  }
  let finished = false;
  void ended.then(() => (finished = true));
  return {
    status: response.status,
    headers: response.headers,
    messages,
    events: () => messages.filter((m) => m.event !== undefined),
    until(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(messages)) done(resolve);
          else if (finished) done(() => reject(new Error(`The stream ended first; got ${JSON.stringify(messages)}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`Timed out; got ${JSON.stringify(messages)}`))), timeoutMs);
        const done = (then: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          then();
        };
        waiters.add(check);
        check();
      });
    },
    ended,
    json: () => response.json(),
    close: () => controller.abort(),
  };
}

function parseBlock(block: string): SseMessage[] {
  const out: SseMessage[] = [];
  const message: SseMessage = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      out.push({comment: line.slice(1).trim()});
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') message.data = message.data === undefined ? value : `${message.data}\n${value}`;
    else if (field === 'id' || field === 'event' || field === 'retry') message[field] = value;
  }
  if (Object.keys(message).length > 0) out.push(message);
  return out;
}

/** Serves `fetch` on a free loopback port. */
export async function listen(fetchHandler: (request: Request, env?: unknown) => Response | Promise<Response>, options: {serverOptions?: object} = {}): Promise<{url: string; server: ServerType; close(): Promise<void>}> {
  let server!: ServerType;
  const port = await new Promise<number>((resolve) => {
    server = serve({fetch: fetchHandler, port: 0, hostname: '127.0.0.1', ...options}, (info: AddressInfo) => resolve(info.port));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        (server as import('node:http').Server).closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
