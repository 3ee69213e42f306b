import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import Database from 'better-sqlite3';
import {migrate, migrations} from '../../src/server/migrations.js';
import {openStore} from '../../src/server/store.js';
import type {CommentInput, InsertOptions} from '../../src/server/store.js';
import {makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

const input: CommentInput = {thread: '/t', parent: null, author: 'Ada', email: 'ada@example.com', website: null, body: 'Hello'};
const options = (key: string): InsertOptions => ({idempotencyKey: key, requestHash: `hash-${key}`, status: 'published', createdAt: '2026-01-01T00:00:00.000Z', ip: '127.0.0.1'});

describe('openStore', () => {
  describe('when the database folder does not exist', () => {
    it('creates it', () => {
      const path = join(temp.dir, 'nested', 'deeper', 'natter.db');
      openStore(path).close();
      assert.ok(existsSync(path));
    });
  });

  describe('when opened twice', () => {
    it('runs each migration once and keeps the data', () => {
      const path = join(temp.dir, 'twice.db');
      const first = openStore(path);
      first.insertComment(input, options('k1'));
      first.close();
      const second = openStore(path);
      assert.equal(second.db.pragma('user_version', {simple: true}), migrations.at(-1)!.version);
      assert.equal(second.getComment('1')?.body, 'Hello');
      second.close();
    });
  });

  describe('when the database is from a newer Natter', () => {
    it('refuses to open it, naming the version', () => {
      const path = join(temp.dir, 'newer.db');
      const db = new Database(path);
      db.pragma('user_version = 99');
      db.close();
      assert.throws(() => openStore(path), /schema version 99/);
    });
  });

  describe('when a migration fails halfway', () => {
    it('leaves the database as it was', () => {
      const db = new Database(join(temp.dir, 'failing.db'));
      const steps = [
        {version: 1, up: (d: Database.Database) => d.exec('CREATE TABLE a (x)')},
        {version: 2, up: (d: Database.Database) => d.exec('CREATE TABLE b (x); SELECT nonsense FROM nowhere')},
      ];
      assert.throws(() => migrate(db, steps));
      assert.equal(db.pragma('user_version', {simple: true}), 0);
      assert.equal(db.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE name IN ('a', 'b')`).pluck().get(), 0);
      db.close();
    });
  });

  describe('its settings', () => {
    it('uses WAL with synchronous FULL and enforces foreign keys', () => {
      const store = openStore(join(temp.dir, 'settings.db'));
      assert.equal(store.db.pragma('journal_mode', {simple: true}), 'wal');
      assert.equal(store.db.pragma('synchronous', {simple: true}), 2);
      assert.equal(store.db.pragma('foreign_keys', {simple: true}), 1);
      store.close();
    });
  });

  describe('when written, closed and reopened', () => {
    it('still has every comment and passes the integrity check', () => {
      const path = join(temp.dir, 'durable.db');
      const store = openStore(path);
      store.insertComment(input, options('a'));
      store.insertComment({...input, parent: '1', body: 'Reply'}, options('b'));
      store.close();
      const reopened = openStore(path);
      assert.deepEqual(reopened.listPage('/t', {order: 'oldest', limit: 10}).comments.map((c) => c.body), ['Hello', 'Reply']);
      assert.equal(reopened.db.pragma('integrity_check', {simple: true}), 'ok');
      assert.deepEqual(reopened.db.pragma('foreign_key_check'), []);
      reopened.close();
    });
  });

  describe('insertComment', () => {
    it('writes one row for a key however often it is replayed, and records the root', () => {
      const store = openStore(join(temp.dir, 'insert.db'));
      assert.equal(store.insertComment(input, options('same')).kind, 'created');
      assert.equal(store.insertComment(input, options('same')).kind, 'replayed');
      assert.equal(store.insertComment(input, {...options('same'), requestHash: 'other'}).kind, 'conflict');
      const reply = store.insertComment({...input, parent: '1'}, options('r1'));
      const nested = store.insertComment({...input, parent: '2'}, options('r2'));
      assert.equal(nested.kind, 'created');
      const roots = store.db.prepare('SELECT id, root FROM comments ORDER BY id').all();
      assert.deepEqual(roots, [{id: 1, root: 1}, {id: 2, root: 1}, {id: 3, root: 1}]);
      assert.equal(reply.kind === 'created' && reply.comment.parent, '1');
      store.close();
    });
  });
});
