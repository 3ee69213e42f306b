// The adapter contract under Node: the memory adapter, and the REST adapter against the real server on a real port.
import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import {createRestAdapter} from '../../src/adapters/rest.js';
import type {CommentStore} from '../../src/server/store/comment-store.js';
import {openPostgresStore} from '../../src/server/store/kysely/postgres.js';
import {openSqliteStore} from '../../src/server/store/kysely/sqlite.js';
import {startTestServer, type TestServer} from '../e2e/server-process.js';
import {engines, makeDatabase} from '../lib/databases.js';
import {runAdapterContract} from './adapter-contract.js';
import {EventSource} from 'eventsource';

// Node 20 has no EventSource; the REST adapter's live half (src/adapters/rest-live.ts) uses the browser's. This is
// the WHATWG one for Node, so the same code runs here against the real server.
(globalThis as {EventSource?: unknown}).EventSource ??= EventSource;

const equal = (a: unknown, b: unknown, m?: string) => assert.equal(a, b, m);
runAdapterContract('memory', () => createMemoryAdapter(), {
  describe,
  it,
  equal,
  closing: (thread) => createMemoryAdapter({closed: [thread]}),
  shortWindow: () => createMemoryAdapter({editWindow: 1}),
});
runAdapterContract('memory (votes up and down)', () => createMemoryAdapter({votes: 'updown'}), {describe, it, equal});

for (const engine of engines) {
  describe(`REST adapter against the reference server [${engine}]`, () => {
    let server: TestServer;
    // The same database, opened here as the owner's tools do, to close a thread (the server reads it on each list and post).
    let store: CommentStore;
    const dir = mkdtempSync(join(tmpdir(), 'natter-contract-'));
    before(async () => {
      const {settings} = await makeDatabase(engine, dir);
      // The contract posts the same texts from one address, many to a thread: the spam defences' limits stay out of it.
      // NATTER_MIN_SECONDS=3, the default, spelled out: startTestServer turns the form check off for raw-HTTP tests (spam's TEMPORARY), the widget must pass it.
      const env: Record<string, string> = {NATTER_RATE_LIMIT: '10000', NATTER_THREAD_RATE_LIMIT: '0', NATTER_GLOBAL_RATE_LIMIT: '0', NATTER_DUPLICATE_MINUTES: '0', NATTER_MIN_SECONDS: '3', ...(settings.databaseUrl ? {NATTER_DATABASE_URL: settings.databaseUrl} : {})};
      server = await startTestServer({db: settings.dbPath, env});
      store = settings.databaseUrl ? await openPostgresStore(settings.databaseUrl) : await openSqliteStore(settings.dbPath);
    });
    after(async () => {
      await store?.close();
      await server?.stop();
      rmSync(dir, {recursive: true, force: true});
    });
    runAdapterContract(`rest [${engine}]`, () => createRestAdapter({endpoint: server.url}), {
      describe,
      it,
      equal,
      closing: async (thread) => {
        await store.threads.setClosed(thread, true, new Date().toISOString());
        return createRestAdapter({endpoint: server.url});
      },
    });
  });
}

it('reports an unreachable server as a retryable AdapterError with status 0', async () => {
  const adapter = createRestAdapter({endpoint: 'http://127.0.0.1:9', timeout: 2000});
  await assert.rejects(adapter.list('/x'), (error: any) => error.name === 'AdapterError' && error.status === 0 && error.retryable === true);
});
