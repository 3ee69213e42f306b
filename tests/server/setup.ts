import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after} from 'node:test';
import {createApp} from '../../src/server/app.js';
import {loadConfig} from '../../src/server/config.js';
import type {ServerConfig} from '../../src/server/config.js';
import type {CommentStore} from '../../src/server/store/comment-store.js';
import {openStore} from '../../src/server/store/open-store.js';
import {loadSecrets} from '../../src/server/services/secrets.js';
import {createEventBus} from '../../src/server/services/events.js';
import {makeDatabase} from '../lib/databases.js';
import type {Engine} from '../lib/databases.js';

export {engines} from '../lib/databases.js';
export type {Engine} from '../lib/databases.js';

/** A fresh temp folder for one test file; `remove` deletes it. */
export function makeTempDir(): {dir: string; remove(): void} {
  const dir = mkdtempSync(join(tmpdir(), 'natter-test-'));
  return {dir, remove: () => rmSync(dir, {recursive: true, force: true})};
}

const open = new Set<CommentStore>();
// Every store a test made is closed when its file is done, so no pool or LISTEN connection keeps the process alive.
after(async () => {
  await Promise.all([...open].map((store) => store.close()));
});

let serial = 0;

/** What @hono/node-server puts in `c.env`: a request from a socket on 127.0.0.1, as a local proxy would make. */
export const loopbackPeer = {incoming: {socket: {remoteAddress: '127.0.0.1', remotePort: 50000, remoteFamily: 'IPv4'}}};

/** A server on its own fresh database of `engine` (SQLite files go in `dir`), with a clock the test can move. */
export async function makeServer(dir: string, overrides: Partial<ServerConfig> = {}, engine: Engine = 'sqlite') {
  const database = await makeDatabase(engine, dir);
  const config: ServerConfig = {
    ...loadConfig([], {}),
    ...database.settings,
    distDir: join(dir, 'no-dist'),
    demoDir: join(dir, 'no-demo'),
    // Only here: the tests that don't test the spam defences post without a form token, often the same text from one
    // address, many to one thread. Every spam test sets its own policy and spam settings; end-to-end and contract
    // tests run the real defaults.
    policy: {...loadConfig([], {}).policy, minSeconds: 0},
    spam: {...loadConfig([], {}).spam, threadRateLimit: 0, globalRateLimit: 0, duplicateWindowMs: 0},
    ...overrides,
  };
  const store: CommentStore = await openStore(config);
  open.add(store);
  let time = Date.parse('2026-01-01T00:00:00.000Z');
  const secrets = await loadSecrets(store, config.secret, new Date(time).toISOString());
  const bus = createEventBus();
  const app = createApp({store, config, secrets, bus, now: () => new Date(time)});

  return {
    app,
    /** The app's service events, to watch or to emit as admin would. */
    bus,
    store,
    secrets,
    config,
    database,
    engine,
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
    /** The first column of the first row of `sql`, read over a separate connection. */
    async scalar(sql: string, params: unknown[] = []): Promise<unknown> {
      const [row] = await database.query(sql, params);
      return row === undefined ? undefined : Object.values(row)[0];
    },
    /** Rows in the comments table, read over a separate connection. */
    async rowCount(): Promise<number> {
      return Number(await this.scalar('SELECT COUNT(*) FROM comments'));
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof makeServer>>;

/** A valid comment, with fields replaced as given. */
export function aComment(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {thread: '/posts/hello', author: 'Ada', body: 'Nice post!', ...fields};
}
