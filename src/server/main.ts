import type {Server} from 'node:http';
import {serve} from '@hono/node-server';
import {createApp} from './app.js';
import {loadConfig} from './config.js';
import type {ServerConfig} from './config.js';
import {applyServerLimits, httpServerOptions} from './http/server-limits.js';
import {startRetentionJob} from './services/retention.js';
import {loadSecrets} from './services/secrets.js';
import type {Secrets} from './services/secrets.js';
import type {CommentStore} from './store/comment-store.js';
import {openStore} from './store/open-store.js';

// Starts the reference server: `npx tsx src/server/main.ts --port 9000 --db /tmp/natter.db`.
let config: ServerConfig;
let store: CommentStore;
let secrets: Secrets;
try {
  config = loadConfig(process.argv.slice(2), process.env);
  store = await openStore(config);
  secrets = await loadSecrets(store, config.secret, new Date().toISOString());
} catch (error) {
  console.error(`[natter] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const stopRetention = startRetentionJob(store, {days: config.ipRetentionDays, keepRatesMs: config.readers.editWindowMs});
let stopNotifications = async () => {};
let endStreams = () => {};
const app = createApp({
  store, config, secrets,
  onStart: ({notifications, live}) => {
    stopNotifications = () => notifications.stop();
    endStreams = () => {
      live.streams.close();
      live.log.close();
    };
  },
});
const where = config.databaseUrl ? `Postgres at ${redact(config.databaseUrl)}` : `database ${config.dbPath}`;
const server = serve({fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: httpServerOptions(config.limits)}, (info) => {
  const shownHost = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.host) ? 'localhost' : config.host;
  console.log(`Natter is running: open http://${shownHost}:${info.port}/ (${where})`);
});
applyServerLimits(server, config);

let closing: Promise<void> | undefined;
const closeStore = () => (closing ??= store.close().catch(() => {}));

server.on('error', async (error: NodeJS.ErrnoException) => {
  const reason = error.code === 'EADDRINUSE' ? `port ${config.port} is already in use; pick another with --port` : error.message;
  console.error(`[natter] Could not start: ${reason}.`);
  await closeStore();
  process.exit(1);
});

function shutDown(): void {
  stopRetention();
  // Open live streams would hold close() until the 2 s below; ended now, their readers reconnect to another
  // instance (or this one, restarted) and resume from their Last-Event-ID.
  endStreams();
  server.close(async () => {
    await stopNotifications().catch(() => {});
    await closeStore();
    process.exit(0);
  });
  // close() shuts the sockets idle at the time; the streams' sockets go idle a moment later, once they have ended.
  setTimeout(() => (server as Server).closeIdleConnections(), 100).unref();
  // Keep-alive connections can hold close() open; don't wait on them for long.
  setTimeout(async () => {
    await closeStore();
    process.exit(0);
  }, 2000).unref();
}

/** The URL without its password, for the start-up line. */
function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

process.once('SIGINT', shutDown);
process.once('SIGTERM', shutDown);
