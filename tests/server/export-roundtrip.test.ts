import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {after, describe, it} from 'node:test';
import {exportChunks, exportStream} from '../../src/server/io/export.js';
import type {TestServer} from './setup.js';
import {engines, makeServer, makeTempDir} from './setup.js';
import {SAMPLES, importFile} from './import-helpers.js';

const temp = makeTempDir();
after(() => temp.remove());
const natter = fileURLToPath(new URL('../../bin/natter.js', import.meta.url));
const run = promisify(execFile);

async function exported(server: TestServer, emails = false): Promise<string> {
  let text = '';
  for await (const chunk of exportChunks(server.store, {emails, pageSize: 3})) text += chunk;
  return text;
}

const opts = (key: string, extra: Record<string, unknown> = {}) => ({idempotencyKey: key, requestHash: key, status: 'published' as const, createdAt: `2026-01-0${key.length}T00:00:00.000Z`, ip: '203.0.113.9', userAgent: 'UA', ...extra});

/** A database with every kind of row: imported and native comments, each status, an owner reply, an edit, a closed thread. */
async function populated(engine: (typeof engines)[number]): Promise<TestServer> {
  const server = await makeServer(temp.dir, {}, engine);
  await importFile(server, 'disqus', `${SAMPLES}/disqus/isso-disqus.xml`);
  await importFile(server, 'wordpress', `${SAMPLES}/wordpress/remark42-wxr-1.2.xml`);
  const base = {thread: '/native/ünïcode "quoted"/', parent: null, author: 'Zoë', email: 'zoe@example.org', website: 'https://zoe.example/', body: 'Line one\n\n> quote\n\n```\ncode\n```'};
  const first = await server.store.insertComment(base, opts('a'));
  assert.equal(first.kind, 'created');
  const id = first.kind === 'created' ? first.comment.id : '';
  await server.store.insertComment({...base, parent: id, author: 'Owner', email: null, website: null, body: 'Thanks! 🎉'}, opts('bb', {owner: true}));
  await server.store.insertComment({...base, body: 'buy now'}, opts('ccc', {status: 'spam'}));
  await server.store.insertComment({...base, body: 'held'}, opts('dddd', {status: 'pending'}));
  await server.database.query('UPDATE comments SET edited_at = ? WHERE id = ?', ['2026-01-09T00:00:00.000Z', Number(id)]);
  await server.store.threads.setClosed('/native/ünïcode "quoted"/', true, '2026-01-01T00:00:00.000Z');
  await server.store.settings.set('adminPasswordHash', 'scrypt$very-secret-hash', '2026-01-01T00:00:00.000Z');
  return server;
}

for (const engine of engines) {
  describe(`export (${engine})`, () => {
    it('export, import into an empty database, export again: the same bytes (with and without emails)', async () => {
      const source = await populated(engine);
      for (const emails of [false, true]) {
        const first = await exported(source, emails);
        const path = join(temp.dir, `export-${engine}-${emails}.json`);
        writeFileSync(path, first);
        const target = await makeServer(temp.dir, {}, engine);
        const report = await importFile(target, 'natter', path);
        assert.equal(report.skipped.total(), 0, JSON.stringify(report.skipped.toJSON()));
        assert.equal(await exported(target, emails), first);
        // A second restore finds everything there already.
        const again = await importFile(target, 'natter', path);
        assert.equal(again.existing, await target.rowCount());
        assert.equal(await exported(target, emails), first);
        // New comments after a restore get fresh ids (the sequence moved past the kept ones).
        const next = await target.store.insertComment({thread: '/t', parent: null, author: 'A', email: null, website: null, body: 'new'}, opts('e'));
        assert.equal(next.kind === 'created' && Number(next.comment.id) > (await source.rowCount()), true);
      }
    });

    it('is documented, versioned JSON holding every thread and comment with its status; no secrets, IPs, or emails unless asked', async () => {
      const server = await populated(engine);
      const text = await exported(server);
      const doc = JSON.parse(text);
      assert.equal(doc.format, 'natter-export');
      assert.equal(doc.version, 1);
      assert.equal(doc.emails, false);
      assert.equal(doc.comments.length, await server.rowCount());
      assert.deepEqual(Object.keys(doc.comments[0]), ['id', 'thread', 'parent', 'author', 'website', 'body', 'createdAt', 'editedAt', 'status', 'owner', 'source']);
      assert.deepEqual(Object.keys(doc.threads[0]), ['id', 'title', 'url', 'closed', 'createdAt']);
      assert.deepEqual(new Set(doc.comments.map((c: {status: string}) => c.status)), new Set(['published', 'pending', 'spam', 'deleted']));
      assert.ok(doc.comments.some((c: {owner: boolean; editedAt: string | null}) => c.owner) && doc.comments.some((c: {editedAt: string | null}) => c.editedAt));
      assert.ok(doc.threads.some((t: {closed: boolean}) => t.closed));
      for (const secret of ['very-secret-hash', '203.0.113.9', 'zoe@example.org', '"UA"']) assert.equal(text.includes(secret), false, secret);
      const withEmails = JSON.parse(await exported(server, true));
      assert.ok(withEmails.comments.some((c: {email: string | null}) => c.email === 'zoe@example.org'));
      // The download the admin serves is the same bytes.
      assert.equal(await new Response(exportStream(server.store)).text(), text);
    });
  });
}

describe('natter import and natter export as commands', () => {
  it('import a gzip-less sample, re-run, export to a file, restore it elsewhere', async () => {
    const db = join(temp.dir, 'cli.db');
    const env = {...process.env, NATTER_DATABASE_URL: ''};
    const file = `${SAMPLES}/disqus/remark42-disqus-malformed.xml`;
    const refused = await run(process.execPath, [natter, 'import', file, '--format', 'disqus', '--db', db], {env}).catch((e) => e);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /not well-formed XML: line 1:/);
    const {stdout} = await run(process.execPath, [natter, 'import', file, '--format', 'disqus', '--lenient', '--db', db, '--map-url', '/p/=>/podcast/'], {env});
    assert.match(stdout, /Added 5 comments: 4 published, 0 pending, 1 spam, 0 deleted/);
    assert.match(stdout, /Skipped \(1\):\n +1 +not well-formed XML/);
    const dry = await run(process.execPath, [natter, 'import', file, '--format', 'disqus', '--lenient', '--dry-run', '--db', db, '--map-url', '/p/=>/podcast/'], {env});
    assert.match(dry.stdout, /Would add 0 comments.*\n.*Already imported before: 5/);
    const out = join(temp.dir, 'cli-export.json');
    await run(process.execPath, [natter, 'export', '--out', out, '--db', db], {env});
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    assert.ok(doc.threads.some((t: {id: string}) => t.id === '/podcast/2011/03/05/podcast-229/'));
    const restored = join(temp.dir, 'cli-restored.db');
    await run(process.execPath, [natter, 'import', out, '--format', 'natter', '--db', restored], {env});
    const {stdout: again} = await run(process.execPath, [natter, 'export', '--db', restored], {env, maxBuffer: 1 << 24});
    assert.equal(again, readFileSync(out, 'utf8'));
  });
});
