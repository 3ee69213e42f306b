import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {purgeOldData, startRetentionJob} from '../../src/server/services/retention.js';
import {aComment, engines, makeServer, makeTempDir} from './setup.js';
import {edit, postOwned, readerServer} from './reader-helpers.js';

const temp = makeTempDir();
after(() => temp.remove());
const day = 24 * 60 * 60 * 1000;
const posted = Date.parse('2026-01-01T00:00:00.000Z');

for (const engine of engines) {
  describe(`IP retention [${engine}]`, () => {
    it('keeps a comment\'s IP for NATTER_IP_RETENTION_DAYS, then clears it and keeps the comment', async () => {
      const server = await makeServer(temp.dir, {ipRetentionDays: 30, trustProxy: {hops: 1}}, engine);
      assert.equal((await server.post(aComment(), {headers: {'X-Forwarded-For': '203.0.113.5'}})).status, 201);
      assert.equal(await purgeOldData(server.store, {days: 30, now: posted + 29 * day}), 0);
      assert.equal(await server.scalar('SELECT ip FROM comments'), '203.0.113.5');
      assert.equal(await purgeOldData(server.store, {days: 30, now: posted + 31 * day}), 1);
      assert.equal(await server.scalar('SELECT ip FROM comments'), null);
      assert.equal(await server.rowCount(), 1);
    });

    it('clears rate counters that have aged out, and runs once as soon as the job starts', async () => {
      const server = await makeServer(temp.dir, {rateLimit: 5}, engine);
      await server.post(aComment());
      assert.equal(Number(await server.scalar('SELECT COUNT(*) FROM rate_limits')), 1);
      const stop = startRetentionJob(server.store, {days: 30, now: () => posted + 2 * 60 * 60 * 1000});
      stop();
      for (let i = 0; i < 50 && Number(await server.scalar('SELECT COUNT(*) FROM rate_limits')) > 0; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(Number(await server.scalar('SELECT COUNT(*) FROM rate_limits')), 0);
    });

    it('keeps a comment\'s edit count for as long as its edit window, so a purge never grants ten more edits', async () => {
      const base = await readerServer(temp.dir, engine);
      const server = await readerServer(temp.dir, engine, {readers: {...base.config.readers, editWindowMs: 3 * 60 * 60 * 1000}});
      const own = await postOwned(server);
      assert.equal((await edit(server, own.id, 'Edited once', own.token)).status, 200);
      const key = `edit ${own.id}`;
      const counted = async () => Number(await server.scalar(`SELECT COUNT(*) FROM rate_limits WHERE key = '${key}'`));
      assert.equal(await counted(), 1);
      const editedAt = Number(await server.scalar(`SELECT updated_at FROM rate_limits WHERE key = '${key}'`));
      const keepRatesMs = server.config.readers.editWindowMs;
      await purgeOldData(server.store, {days: 30, keepRatesMs, now: editedAt + 2 * 60 * 60 * 1000});
      assert.equal(await counted(), 1, 'two hours on, inside the three-hour window, the count stays');
      await purgeOldData(server.store, {days: 30, keepRatesMs, now: editedAt + 3 * 60 * 60 * 1000 + 1});
      assert.equal(await counted(), 0, 'once the window has passed, it goes');
    });
  });
}
