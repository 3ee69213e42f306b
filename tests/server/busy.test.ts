import assert from 'node:assert/strict';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import Database from 'better-sqlite3';
import {loadSecrets} from '../../src/server/services/secrets.js';
import {createApp} from '../../src/server/app.js';
import {loadConfig} from '../../src/server/config.js';
import {AdapterError} from '../../src/adapters/adapter.js';
import pg from 'pg';
import {openPostgresStore} from '../../src/server/store/kysely/postgres.js';
import {openSqliteStore} from '../../src/server/store/kysely/sqlite.js';
import {engines, makeDatabase} from '../lib/databases.js';
import {aComment, makeTempDir} from './setup.js';

const temp = makeTempDir();
// Not a spam test: posts without a form token.
const noFormCheck = {...loadConfig([], {}).policy, minSeconds: 0};
after(() => temp.remove());

describe('when the SQLite file is locked by another connection', () => {
  it('answers a post 503 busy with Retry-After, which the widget treats as retryable, and stores it once the lock is gone', async () => {
    const dbPath = join(temp.dir, 'locked.db');
    const store = await openSqliteStore(dbPath, {busyTimeoutMs: 100});
    const app = createApp({store, config: {...loadConfig([], {}), dbPath, policy: noFormCheck}, secrets: await loadSecrets(store, undefined, new Date().toISOString())});
    const post = () => app.request('/api/comments', {method: 'POST', headers: {'Content-Type': 'application/json', 'Idempotency-Key': 'locked-1'}, body: JSON.stringify(aComment())});
    const other = new Database(dbPath);
    other.exec('BEGIN EXCLUSIVE');
    try {
      const res = await post();
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('Retry-After'), '2');
      const {error} = (await res.json()) as {error: {code: string; message: string}};
      assert.equal(error.code, 'busy');
      // The same rule the REST adapter applies to a response, so the outbox keeps the comment and tries again.
      assert.equal(new AdapterError(error.message, {status: res.status}).retryable, true);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    assert.equal((await post()).status, 201);
    await store.close();
  });
});

describe('when a Postgres table is locked by another session', {skip: engines.includes('postgres') ? false : 'Postgres is not installed'}, () => {
  it('answers a post 503 busy with Retry-After once the lock wait times out, and stores it after the lock is gone', async () => {
    const {settings} = await makeDatabase('postgres', temp.dir);
    const store = await openPostgresStore(settings.databaseUrl!, {lockTimeoutMs: 200});
    const app = createApp({store, config: {...loadConfig([], {}), ...settings, policy: noFormCheck}, secrets: await loadSecrets(store, undefined, new Date().toISOString())});
    const post = () => app.request('/api/comments', {method: 'POST', headers: {'Content-Type': 'application/json', 'Idempotency-Key': 'locked-pg'}, body: JSON.stringify(aComment())});
    const other = new pg.Client({connectionString: settings.databaseUrl});
    await other.connect();
    await other.query('BEGIN');
    await other.query('LOCK TABLE comments IN EXCLUSIVE MODE');
    try {
      const res = await post();
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('Retry-After'), '2');
      assert.equal(((await res.json()) as {error: {code: string}}).error.code, 'busy');
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
    assert.equal((await post()).status, 201);
    await store.close();
  });
});
