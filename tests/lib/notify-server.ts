// A Natter app with mail and webhooks on, served over real HTTP on a free port, for the notify tests.
import {serve} from '@hono/node-server';
import type {ServerType} from '@hono/node-server';
import {join} from 'node:path';
import {createApp} from '../../src/server/app.js';
import {loadConfig} from '../../src/server/config.js';
import type {Notifications} from '../../src/server/notify/index.js';
import {createEventBus} from '../../src/server/services/events.js';
import type {EventBus} from '../../src/server/services/events.js';
import {createModerationActions, type ModerationActions} from '../../src/server/services/moderation-actions.js';
import {loadSecrets} from '../../src/server/services/secrets.js';
import type {CommentStore} from '../../src/server/store/comment-store.js';
import {openStore} from '../../src/server/store/open-store.js';
import {freePort} from '../e2e/server-process.js';
import {makeDatabase, type Engine, type TestDatabase} from './databases.js';

export interface NotifyServer {
  url: string;
  store: CommentStore;
  database: TestDatabase;
  notifications: Notifications;
  bus: EventBus;
  /** Moderation actions on the app's bus, as admin would act.  */
  moderation: ModerationActions;
  /** Lets the clock jump (ms added to the real time). */
  shift(ms: number): void;
  /** GETs the list (for a form token), then POSTs a comment; answers the response's JSON and status. */
  post(fields: Record<string, unknown>): Promise<{status: number; body: {comment: {id: string; status: string}}}>;
  close(): Promise<void>;
}

/** A server with `env`; on a fresh database of `engine`, or on `shared` (a second instance of the same one). */
export async function startNotifyServer(dir: string, env: Record<string, string>, engine: Engine = 'sqlite', shared?: TestDatabase): Promise<NotifyServer> {
  const database = shared ?? (await makeDatabase(engine, dir));
  const port = await freePort();
  const config = {
    ...loadConfig([], {NATTER_PUBLIC_URL: `http://127.0.0.1:${port}`, NATTER_MIN_SECONDS: '0', NATTER_RATE_LIMIT: '0', ...env}),
    ...database.settings,
    distDir: join(dir, 'no-dist'),
    demoDir: join(dir, 'no-demo'),
  };
  const store = await openStore(config);
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const secrets = await loadSecrets(store, config.secret, now().toISOString());
  const bus = createEventBus();
  let notifications!: Notifications;
  // The same actions the app's mail links and admin use, on the same bus.
  const moderation = createModerationActions({store, bus, now});
  const app = createApp({store, config, secrets, now, bus, onStart: (parts) => (notifications = parts.notifications)});
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({fetch: app.fetch, port, hostname: '127.0.0.1'}, () => resolve(s));
  });
  const url = `http://127.0.0.1:${port}`;
  let serial = 0;
  return {
    url, store, database, notifications, bus, moderation,
    shift: (ms) => (offset += ms),
    async post(fields) {
      const thread = (fields.thread as string | undefined) ?? '/posts/hello';
      const list = await fetch(`${url}/api/comments?thread=${encodeURIComponent(thread)}`);
      await list.arrayBuffer();
      const response = await fetch(`${url}/api/comments`, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'Idempotency-Key': `notify-${process.pid}-${++serial}`},
        body: JSON.stringify({thread, author: 'Ada', body: 'Nice post!', form: list.headers.get('natter-form'), ...fields}),
      });
      return {status: response.status, body: await response.json()};
    },
    async close() {
      await notifications.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
