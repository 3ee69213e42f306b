import assert from 'node:assert/strict';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import Database from 'better-sqlite3';
import {createApp} from '../../src/server/app.js';
import {loadConfig} from '../../src/server/config.js';
import {AdapterError} from '../../src/adapters/adapter.js';
import {openSqliteStore} from '../../src/server/store/kysely/sqlite.js';
import {aComment, makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

describe('when the SQLite file is locked by another connection', () => {
  it('answers a post 503 busy with Retry-After, which the widget treats as retryable, and stores it once the lock is gone', async () => {
    const dbPath = join(temp.dir, 'locked.db');
    const store = await openSqliteStore(dbPath, {busyTimeoutMs: 100});
    const app = createApp({store, config: {...loadConfig([], {}), dbPath}});
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
