import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createApp} from '../../src/server/app.js';
import {loadConfig} from '../../src/server/config.js';
import type {ServerConfig} from '../../src/server/config.js';
import {openStore} from '../../src/server/store.js';
import type {Store} from '../../src/server/store.js';

/** A fresh temp folder for one test file; `remove` deletes it. */
export function makeTempDir(): {dir: string; remove(): void} {
  const dir = mkdtempSync(join(tmpdir(), 'natter-test-'));
  return {dir, remove: () => rmSync(dir, {recursive: true, force: true})};
}

let serial = 0;

/** What @hono/node-server puts in `c.env`: a request from a socket on 127.0.0.1, as a local proxy would make. */
export const loopbackPeer = {incoming: {socket: {remoteAddress: '127.0.0.1', remotePort: 50000, remoteFamily: 'IPv4'}}};

/** A server on its own SQLite file in `dir`, with a clock the test can move. */
export function makeServer(dir: string, overrides: Partial<ServerConfig> = {}) {
  const config: ServerConfig = {
    ...loadConfig([], {}),
    dbPath: join(dir, `natter-${++serial}.db`),
    distDir: join(dir, 'no-dist'),
    demoDir: join(dir, 'no-demo'),
    ...overrides,
  };
  const store: Store = openStore(config.dbPath);
  let time = Date.parse('2026-01-01T00:00:00.000Z');
  const app = createApp({store, config, now: () => new Date(time)});

  return {
    app,
    store,
    config,
    /** Moves the clock forward. */
    tick(ms = 1000) {
      time += ms;
    },
    /** POSTs a comment as JSON with an idempotency key (a fresh one unless given). */
    post(body: unknown, {key = `key-${++serial}`, headers = {}}: {key?: string; headers?: Record<string, string>} = {}) {
      return app.request('/api/comments', {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'Idempotency-Key': key, ...headers},
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }, loopbackPeer);
    },
    get(path: string, headers: Record<string, string> = {}) {
      return app.request(path, {headers}, loopbackPeer);
    },
    /** Rows in the comments table, read straight from SQLite. */
    rowCount(): number {
      return store.db.prepare('SELECT COUNT(*) FROM comments').pluck().get() as number;
    },
  };
}

export type TestServer = ReturnType<typeof makeServer>;

/** A valid comment, with fields replaced as given. */
export function aComment(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {thread: '/posts/hello', author: 'Ada', body: 'Nice post!', ...fields};
}
