import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {copyFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {after, describe, it} from 'node:test';
import {openSqliteStore} from '../../src/server/store/kysely/sqlite.js';
import {makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());
const natter = fileURLToPath(new URL('../../bin/natter.js', import.meta.url));
const run = promisify(execFile);
const comment = {thread: '/t', parent: null, author: 'Ada', email: null, website: null, body: 'Keep me'};
const options = (key: string) => ({idempotencyKey: key, requestHash: key, status: 'published' as const, createdAt: '2026-01-01T00:00:00.000Z', ip: null});

describe('natter backup', () => {
  it('copies the live database to a file that restores with every comment', async () => {
    const dbPath = join(temp.dir, 'live.db');
    const live = await openSqliteStore(dbPath);
    await live.insertComment(comment, options('a'));
    await live.insertComment({...comment, parent: '1', body: 'And me'}, options('b'));
    // The server keeps the database open while the backup runs.
    const backup = join(temp.dir, 'backups', 'natter.db');
    const {stdout} = await run(process.execPath, [natter, 'backup', backup, '--db', dbPath], {env: {...process.env, NATTER_DATABASE_URL: ''}});
    assert.match(stdout, /Backed up 2 comments .* \(integrity ok\)/);
    await live.close();

    // Restore: the copy replaces the database file (with the server stopped).
    const restored = join(temp.dir, 'restored.db');
    copyFileSync(backup, restored);
    const store = await openSqliteStore(restored);
    assert.deepEqual((await store.listPage('/t', {order: 'oldest', limit: 10, replies: 5})).comments.map((c) => c.body), ['Keep me', 'And me']);
    await store.close();
  });

  it('refuses without a destination, naming the usage', async () => {
    await assert.rejects(run(process.execPath, [natter, 'backup']), (error: {code: number; stderr: string}) => error.code === 1 && /natter backup FILE/.test(error.stderr));
  });
});
