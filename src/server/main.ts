import {serve} from '@hono/node-server';
import {createApp} from './app.js';
import {loadConfig} from './config.js';
import type {ServerConfig} from './config.js';
import {applyServerLimits, httpServerOptions} from './http/server-limits.js';
import {openStore} from './store.js';
import type {Store} from './store.js';

// Starts the reference server: `npx tsx src/server/main.ts --port 9000 --db /tmp/natter.db`.
let config: ServerConfig;
let store: Store;
try {
  config = loadConfig(process.argv.slice(2), process.env);
  store = openStore(config.dbPath);
} catch (error) {
  console.error(`[natter] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const app = createApp({store, config});
const server = serve({fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: httpServerOptions(config.limits)}, (info) => {
  const shownHost = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.host) ? 'localhost' : config.host;
  console.log(`Natter is running: open http://${shownHost}:${info.port}/ (database ${config.dbPath})`);
});
applyServerLimits(server, config);

server.on('error', (error: NodeJS.ErrnoException) => {
  const reason = error.code === 'EADDRINUSE' ? `port ${config.port} is already in use; pick another with --port` : error.message;
  console.error(`[natter] Could not start: ${reason}.`);
  store.close();
  process.exit(1);
});

function shutDown(): void {
  server.close(() => {
    store.close();
    process.exit(0);
  });
  // Keep-alive connections can hold close() open; don't wait on them for long.
  setTimeout(() => {
    store.close();
    process.exit(0);
  }, 2000).unref();
}

process.once('SIGINT', shutDown);
process.once('SIGTERM', shutDown);
