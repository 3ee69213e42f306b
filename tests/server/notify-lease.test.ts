// Two instances on one database, slow sends, a short lease: every row is sent exactly once, and a send that hangs
// past the per-send deadline is given up (and retried later) before its lease can run out.
import assert from 'node:assert/strict';
import {after, describe, test} from 'node:test';
import {startSender} from '../../src/server/notify/sender.js';
import type {CommentStore} from '../../src/server/store/comment-store.js';
import type {ClaimedRow} from '../../src/server/store/notify-store.js';
import {openStore} from '../../src/server/store/open-store.js';
import {makeDatabase} from '../lib/databases.js';
import {engines, makeTempDir} from './setup.js';

const temp = makeTempDir();
const opened: CommentStore[] = [];
after(async () => {
  await Promise.all(opened.map((s) => s.close()));
  temp.remove();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const engine of engines) {
  describe(`leases on ${engine}`, () => {
    test('two instances, ten rows, sends just under half the lease: each row is sent once', async () => {
      const database = await makeDatabase(engine, temp.dir);
      const one = await openStore(database.settings);
      const two = await openStore(database.settings);
      opened.push(one, two);
      const items = Array.from({length: 10}, (_, i) => ({dedupeKey: `t:${i}`, kind: 'test', recipient: `r${i}@example.org`, payload: '{}'}));
      await one.notify.enqueue('mail', items, {now: Date.now(), createdAt: new Date().toISOString()});
      const sent: string[] = [];
      const send = (who: string) => async (row: ClaimedRow) => {
        sent.push(`${who}:${row.id}`);
        await sleep(400);
        return {ok: true} as const;
      };
      const options = {leaseMs: 1000, retryBaseMs: 1000, maxAttempts: 3, now: Date.now, pollMs: 1e9};
      const a = startSender({...options, store: one.notify, channels: {mail: send('A')}});
      const b = startSender({...options, store: two.notify, channels: {mail: send('B')}});
      const ra = a.runOnce();
      await sleep(1100);
      const rb = b.runOnce();
      await Promise.all([ra, rb]);
      await Promise.all([a.stop(), b.stop()]);
      const ids = sent.map((s) => s.split(':')[1]);
      assert.equal(ids.length, 10, `sends: ${sent.join(' ')}`);
      assert.equal(new Set(ids).size, 10, `rows sent twice: ${sent.join(' ')}`);
      assert.ok(sent.some((s) => s.startsWith('B:')), 'the second instance took part');
      const rows = await database.query<{state: string}>('select state from mail_outbox');
      assert.deepEqual(rows.map((r) => r.state), Array(10).fill('sent'));
    });

    test('a send that never answers is given up at its deadline, under half the lease, and retried', async () => {
      const database = await makeDatabase(engine, temp.dir);
      const store = await openStore(database.settings);
      opened.push(store);
      await store.notify.enqueue('mail', [{dedupeKey: 'hang', kind: 'test', recipient: 'r@example.org', payload: '{}'}], {now: Date.now(), createdAt: new Date().toISOString()});
      // Ignores the deadline it is given, as nodemailer does (its timeouts are per idle socket).
      let sentAt = 0;
      let deadline = 0;
      const hang = (_row: ClaimedRow, deadlineMs: number) => {
        sentAt = Date.now();
        deadline = deadlineMs;
        return new Promise<never>(() => {});
      };
      // Times the moment the sender gives the row back, from the moment the send began: the window in which
      // another instance must not claim it. Claims and queries around it are the database's time, not the send's.
      let givenUpAt = 0;
      const notify = new Proxy(store.notify, {
        get(target, key) {
          const value = Reflect.get(target, key, target);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            if (key === 'markRetry') givenUpAt = Date.now();
            return value.apply(target, args);
          };
        },
      });
      const leaseMs = 1000;
      const sender = startSender({store: notify, channels: {mail: hang}, leaseMs, retryBaseMs: 60_000, maxAttempts: 3, now: Date.now, pollMs: 1e9});
      await sender.runOnce();
      await sender.stop();
      assert.ok(deadline > 0 && deadline < leaseMs / 2, `the deadline given to the send: ${deadline} ms`);
      const held = givenUpAt - sentAt;
      // It waited for the deadline, and gave the row back well before the lease could run out.
      assert.ok(givenUpAt > 0 && held >= deadline - 5 && held < leaseMs, `gave up ${held} ms after the send began (deadline ${deadline} ms)`);
      const [row] = await database.query<{state: string; last_error: string}>('select state, last_error from mail_outbox');
      assert.equal(row?.state, 'queued');
      assert.match(row?.last_error ?? '', /deadline|time/i);
    });
  });
}
