import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import Database from 'better-sqlite3';
import type {CommentInput, CommentStore, InsertOptions, StoreChange} from '../../src/server/store/comment-store.js';
import {Kysely, sql} from 'kysely';
import {migrateToLatest, migrations} from '../../src/server/store/kysely/migrations.js';
import {openSqliteStore, sqliteDialect} from '../../src/server/store/kysely/sqlite.js';
import {openStore} from '../../src/server/store/open-store.js';
import {engines, makeDatabase} from '../lib/databases.js';
import {makeTempDir} from './setup.js';

const temp = makeTempDir();
const opened: CommentStore[] = [];
after(async () => {
  await Promise.all(opened.map((s) => s.close()));
  temp.remove();
});

const input: CommentInput = {thread: '/t', parent: null, author: 'Ada', email: 'ada@example.com', website: null, body: 'Hello'};
const options = (key: string, extra: Partial<InsertOptions> = {}): InsertOptions => ({
  idempotencyKey: key, requestHash: `hash-${key}`, status: 'published', createdAt: '2026-01-01T00:00:00.000Z', ip: '127.0.0.1', ...extra,
});
const track = (store: CommentStore) => (opened.push(store), store);

// The schema the store had before Kysely (PRAGMA user_version 1), verbatim, so files made by it can be upgraded.
const legacySchema = `
  CREATE TABLE comments (
    id INTEGER PRIMARY KEY, thread TEXT NOT NULL, parent INTEGER REFERENCES comments(id),
    root INTEGER NOT NULL REFERENCES comments(id), author TEXT NOT NULL, email TEXT, website TEXT, body TEXT NOT NULL,
    created_at TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('published', 'pending')), ip TEXT
  );
  CREATE INDEX comments_roots ON comments (thread, created_at, id) WHERE parent IS NULL AND status = 'published';
  CREATE INDEX comments_by_root ON comments (root, created_at, id);
  CREATE INDEX comments_by_thread_status ON comments (thread, status);
  CREATE TABLE idempotency_keys (
    key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, comment_id INTEGER NOT NULL REFERENCES comments(id), created_at TEXT NOT NULL
  );
  PRAGMA user_version = 1;`;

describe('the SQLite store', () => {
  it('creates a missing database folder', async () => {
    const path = join(temp.dir, 'nested', 'deeper', 'natter.db');
    await (await openSqliteStore(path)).close();
    assert.ok(existsSync(path));
  });

  it('runs each migration once when opened twice, and keeps the data', async () => {
    const path = join(temp.dir, 'twice.db');
    const first = await openSqliteStore(path);
    await first.insertComment(input, options('k1'));
    await first.close();
    const second = track(await openSqliteStore(path));
    assert.equal((await second.getComment('1'))?.body, 'Hello');
    const db = new Database(path, {readonly: true});
    assert.equal(db.prepare('SELECT COUNT(*) FROM natter_migrations').pluck().get(), Object.keys(migrations('sqlite')).length);
    assert.equal(db.pragma('user_version', {simple: true}), 2);
    assert.equal(db.pragma('journal_mode', {simple: true}), 'wal');
    db.close();
  });

  it('refuses a database from a newer Natter, naming its version', async () => {
    const path = join(temp.dir, 'newer.db');
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    await assert.rejects(openSqliteStore(path), /schema version 99/);
  });

  it('upgrades a file made by the pre-Kysely schema in place, keeping every comment, id and key', async () => {
    const path = join(temp.dir, 'legacy.db');
    const db = new Database(path);
    db.exec(legacySchema);
    const row = db.prepare(`INSERT INTO comments VALUES (?, '/old', ?, ?, 'Ada', 'ada@example.com', NULL, ?, ?, ?, '10.0.0.1')`);
    row.run(1, null, 1, 'First', '2025-01-01T00:00:00.000Z', 'published');
    row.run(2, 1, 1, 'A reply', '2025-01-01T00:01:00.000Z', 'published');
    row.run(3, null, 3, 'Held', '2025-01-01T00:02:00.000Z', 'pending');
    db.prepare(`INSERT INTO idempotency_keys VALUES ('old-key', 'old-hash', 2, '2025-01-01T00:01:00.000Z')`).run();
    db.close();

    const store = track(await openSqliteStore(path));
    const page = await store.listPage('/old', {order: 'oldest', limit: 10, replies: 5});
    assert.deepEqual(page.comments.map((c) => [c.id, c.parent, c.body]), [['1', null, 'First'], ['2', '1', 'A reply']]);
    assert.equal(page.total, 2);
    assert.equal((await store.getComment('3'))?.status, 'pending');
    const replay = await store.findByIdempotencyKey('old-key', 'old-hash');
    assert.equal(replay?.kind === 'replayed' && replay.comment.id, '2');
    const next = await store.insertComment({...input, thread: '/old', parent: '2'}, options('new'));
    assert.equal(next.kind === 'created' && next.comment.id, '4');
    const check = new Database(path, {readonly: true});
    assert.equal(check.pragma('integrity_check', {simple: true}), 'ok');
    assert.deepEqual(check.pragma('foreign_key_check'), []);
    assert.equal(check.prepare('SELECT root FROM comments WHERE id = 4').pluck().get(), 1);
    check.close();
  });

  it('leaves the database as it was when a migration fails halfway through an upgrade', async () => {
    const database = new Database(join(temp.dir, 'failing.db'));
    const db = new Kysely<any>({dialect: sqliteDialect(database)});
    const steps = {
      '0001-a': {up: async (d: Kysely<any>) => void (await sql`CREATE TABLE a (x)`.execute(d))},
      '0002-b': {up: async (d: Kysely<any>) => {
        await sql`CREATE TABLE b (x)`.execute(d);
        await sql`SELECT nonsense FROM nowhere`.execute(d);
      }},
    };
    await assert.rejects(migrateToLatest(db, 'sqlite', steps), /0002-b/);
    const tables = (await sql<{name: string}>`SELECT name FROM sqlite_master WHERE name IN ('a', 'b')`.execute(db)).rows.map((r) => r.name);
    // Pending migrations run in one transaction: the failed second one takes the first one back with it.
    assert.deepEqual(tables, []);
    assert.equal((await sql<{n: number}>`SELECT COUNT(*) AS n FROM natter_migrations`.execute(db)).rows[0]!.n, 0);
    await db.destroy();
  });

  it('still has every comment after a close and reopen, and passes the integrity check', async () => {
    const path = join(temp.dir, 'durable.db');
    const store = await openSqliteStore(path);
    await store.insertComment(input, options('a'));
    await store.insertComment({...input, parent: '1', body: 'Reply'}, options('b'));
    await store.close();
    const reopened = track(await openSqliteStore(path));
    assert.deepEqual((await reopened.listPage('/t', {order: 'oldest', limit: 10, replies: 5})).comments.map((c) => c.body), ['Hello', 'Reply']);
    const check = new Database(path, {readonly: true});
    assert.equal(check.pragma('integrity_check', {simple: true}), 'ok');
    check.close();
  });
});

for (const engine of engines) {
  describe(`the store [${engine}]`, () => {
    /**
     * Two stores on one fresh database, as two server processes would have. SQLite gets one store twice: several
     * instances need Postgres, and a second in-process connection would wait for a lock inside the same event loop.
     */
    async function two() {
      const database = await makeDatabase(engine, temp.dir);
      const a = track(await openStore(database.settings));
      const b = engine === 'postgres' ? track(await openStore(database.settings)) : a;
      return {database, a, b};
    }

    it('writes one row per key however often it is replayed, and records the root of nested replies', async () => {
      const {database, a} = await two();
      const id = (result: Awaited<ReturnType<CommentStore['insertComment']>>) => (result.kind === 'conflict' || result.kind === 'removed' ? assert.fail(result.kind) : result.comment.id);
      const first = await a.insertComment(input, options('same'));
      assert.equal(first.kind, 'created');
      const replay = await a.insertComment(input, options('same'));
      assert.equal(replay.kind, 'replayed');
      assert.equal(id(replay), id(first));
      assert.equal((await a.insertComment(input, {...options('same'), requestHash: 'other'})).kind, 'conflict');
      const reply = id(await a.insertComment({...input, parent: id(first)}, options('r1')));
      const nested = await a.insertComment({...input, parent: reply}, options('r2'));
      assert.equal(nested.kind === 'created' && nested.comment.parent, reply);
      // Ids may skip a value after a rolled-back replay (Postgres identities do), so they are compared as returned.
      const root = Number(id(first));
      assert.deepEqual(await database.query('SELECT id, root FROM comments ORDER BY id'), [{id: root, root}, {id: Number(reply), root}, {id: Number(id(nested)), root}]);
    });

    it('lets exactly one of two stores win a key posted to both at once; the other replays it', async () => {
      const {database, a, b} = await two();
      const results = await Promise.all([a.insertComment(input, options('race')), b.insertComment(input, options('race'))]);
      assert.deepEqual(results.map((r) => r.kind).sort(), ['created', 'replayed']);
      const ids = results.map((r) => (r.kind === 'conflict' || r.kind === 'removed' ? null : r.comment.id));
      assert.equal(ids[0], ids[1]);
      assert.deepEqual(await database.query('SELECT COUNT(*) AS n FROM comments'), [{n: 1}]);
    });

    it('counts a rate limit across stores on one database, allowing exactly the limit when hit at once', async () => {
      const {a, b} = await two();
      const now = Date.parse('2026-01-01T00:00:00.000Z');
      const takes = Array.from({length: 12}, (_, i) => (i % 2 ? a : b).takeRate('203.0.113.9', {limit: 5, windowMs: 60_000, now}));
      const decisions = await Promise.all(takes);
      assert.equal(decisions.filter((d) => d.allowed).length, 5);
      assert.deepEqual(await a.takeRate('203.0.113.9', {limit: 5, windowMs: 60_000, now: now + 20_000}), {allowed: false, retryAfter: 40});
      assert.deepEqual(await b.takeRate('203.0.113.9', {limit: 5, windowMs: 60_000, now: now + 60_001}), {allowed: true});
      assert.deepEqual(await b.takeRate('198.51.100.1', {limit: 5, windowMs: 60_000, now}), {allowed: true});
    });

    it('stores spam and deleted states and hands spam to readers as held; refuses a state it does not know', async () => {
      const {database, a} = await two();
      const spam = await a.insertComment(input, {...options('s'), status: 'spam'});
      const gone = await a.insertComment(input, {...options('d'), status: 'deleted'});
      assert.equal(spam.kind === 'created' && spam.comment.status, 'pending');
      assert.equal(gone.kind === 'created' && gone.comment.status, 'deleted');
      assert.deepEqual(await database.query('SELECT status, owner FROM comments ORDER BY id'), [{status: 'spam', owner: 0}, {status: 'deleted', owner: 0}]);
      await assert.rejects(a.insertComment(input, {...options('x'), status: 'hidden' as never}), /check/i);
    });

    it('keeps settings, thread details and bans; an IPv6 ban covers its /64 and an email ban ignores case', async () => {
      const {a, b} = await two();
      const now = '2026-03-01T00:00:00.000Z';
      assert.equal(await a.settings.get('policy'), undefined);
      await a.settings.set('policy', {mode: 'first', words: ['x']}, now);
      await a.settings.set('policy', {mode: 'all'}, now);
      assert.deepEqual(await b.settings.get('policy'), {mode: 'all'});

      assert.deepEqual(await a.threads.get('/t'), {id: '/t', title: null, url: null, closed: false});
      await a.threads.describe('/t', {title: 'Networking', url: 'https://blog.example/t'}, now);
      await a.threads.setClosed('/t', true, now);
      await a.threads.describe('/t', {title: null, url: null}, now);
      assert.deepEqual(await b.threads.get('/t'), {id: '/t', title: 'Networking', url: 'https://blog.example/t', closed: true});

      await a.bans.add('email', 'Spammer@Example.com', {reason: 'links', now});
      await a.bans.add('ip', '2001:db8:1:2:aaaa::1', {reason: null, now});
      await a.bans.add('email', 'spammer@example.com', {reason: 'again', now});
      assert.equal((await b.bans.list()).length, 2);
      assert.equal((await b.bans.match({email: 'SPAMMER@example.com', ip: null}))?.reason, 'links');
      assert.equal((await b.bans.match({email: null, ip: '2001:db8:1:2:ffff::9'}))?.value, '2001:db8:1:2::/64');
      assert.equal(await b.bans.match({email: 'other@example.com', ip: '2001:db8:1:3::1'}), null);
      await assert.rejects(a.bans.add('ip', 'not an ip', {reason: null, now}), RangeError);
      assert.equal(await a.bans.remove('email', 'spammer@EXAMPLE.com'), true);
      assert.equal(await a.bans.remove('email', 'spammer@example.com'), false);
      assert.equal(await b.bans.match({email: 'spammer@example.com', ip: null}), null);
    });

    it('clears IP addresses older than the cut-off and keeps newer ones', async () => {
      const {database, a} = await two();
      await a.insertComment(input, options('old', {createdAt: '2026-01-01T00:00:00.000Z', ip: '192.0.2.1'}));
      await a.insertComment(input, options('new', {createdAt: '2026-02-15T00:00:00.000Z', ip: '192.0.2.2'}));
      assert.deepEqual(await a.purgeOld({ipsBefore: '2026-02-01T00:00:00.000Z', ratesBefore: 0}), {ipsCleared: 1});
      assert.deepEqual(await database.query('SELECT ip FROM comments ORDER BY id'), [{ip: null}, {ip: '192.0.2.2'}]);
    });

    if (engine === 'postgres') {
      it('tells the other store which thread changed, by id through NOTIFY', async () => {
        const {a, b} = await two();
        const heard = new Promise<StoreChange>((resolve) => b.watch(resolve));
        const created = await a.insertComment({...input, thread: '/notified'}, options('n1'));
        assert.equal(created.kind, 'created');
        // The listener connects in the background; announce until it hears (it drops repeats of nothing).
        let change: StoreChange | undefined;
        for (let i = 0; i < 40 && !change; i++) {
          await a.announce({id: '1', thread: '/notified'});
          change = await Promise.race([heard, new Promise<undefined>((r) => setTimeout(r, 100))]);
        }
        assert.deepEqual(change, {thread: '/notified'});
      });

      it('catches up after losing its LISTEN connection: reconnects, drops everything once, then hears again', async () => {
        const {database, a, b} = await two();
        await a.insertComment({...input, thread: '/again'}, options('g1'));
        const changes: StoreChange[] = [];
        b.watch((change) => changes.push(change));
        const hears = async (thread: string) => {
          for (let i = 0; i < 50; i++) {
            await a.announce({id: '1', thread});
            await new Promise((r) => setTimeout(r, 100));
            if (changes.some((c) => c.thread === thread)) return true;
          }
          return false;
        };
        assert.ok(await hears('/again'), 'the second store never heard the first');
        // Cut the listener off as a restart or a network blip would (only b's and a's LISTEN connections match).
        await database.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`);
        changes.length = 0;
        for (let i = 0; i < 60 && !changes.some((c) => c.thread === null); i++) await new Promise((r) => setTimeout(r, 100));
        assert.ok(changes.some((c) => c.thread === null), 'no catch-up after the reconnect');
        changes.length = 0;
        assert.ok(await hears('/again'), 'the second store did not hear the first after reconnecting');
      });
    }
  });
}
