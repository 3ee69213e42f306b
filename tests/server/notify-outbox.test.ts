// The outbox on every engine: leases (two instances never hold one row), backoff and the final failed state, the
// delivery log, single-use nonces, the catch-up sweep, and retention.
import assert from 'node:assert/strict';
import {after, describe, test} from 'node:test';
import {loadConfig} from '../../src/server/config.js';
import {createMailLinks} from '../../src/server/notify/links.js';
import {createQueuer} from '../../src/server/notify/queue.js';
import {backoff, startSender} from '../../src/server/notify/sender.js';
import {sweep} from '../../src/server/notify/sweep.js';
import {loadSecrets} from '../../src/server/services/secrets.js';
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

const item = (n: number) => ({dedupeKey: `test:${n}`, kind: 'test', recipient: `r${n}@example.org`, payload: JSON.stringify({n})});

test('backoff doubles from the base and stops at 6 hours', () => {
  assert.deepEqual([1, 2, 3, 4].map((a) => backoff(a, 1000)), [1000, 2000, 4000, 8000]);
  assert.equal(backoff(30, 60_000), 6 * 60 * 60 * 1000);
});

for (const engine of engines) {
  describe(`notify outbox (${engine})`, async () => {
    const database = await makeDatabase(engine, temp.dir);
    const one = await openStore(database.settings);
    const two = await openStore(database.settings);
    opened.push(one, two);

    test('a dedupe key queues once', async () => {
      assert.equal(await one.notify.enqueue('mail', [item(1), item(1), item(2)], {now: 0, createdAt: '2026-01-01T00:00:00.000Z'}), 2);
      assert.equal(await two.notify.enqueue('mail', [item(2)], {now: 0, createdAt: '2026-01-01T00:00:00.000Z'}), 0);
    });

    test('a lease: one instance holds a row; the other gets it only when the lease ran out, and the first then cannot mark it', async () => {
      await one.notify.enqueue('webhook', [item(10)], {now: 1000, createdAt: '2026-01-01T00:00:00.000Z'});
      const [mine] = await one.notify.claim('webhook', {owner: 'A', now: 1000, leaseMs: 5000, limit: 10});
      assert.equal(mine?.attempt, 1);
      assert.deepEqual(await two.notify.claim('webhook', {owner: 'B', now: 5999, leaseMs: 5000, limit: 10}), []);
      const [theirs] = await two.notify.claim('webhook', {owner: 'B', now: 6001, leaseMs: 5000, limit: 10});
      assert.equal(theirs?.id, mine!.id);
      assert.equal(theirs?.attempt, 2);
      assert.equal(await one.notify.markSent('webhook', mine!.id, 'A', '2026-01-01T00:00:01.000Z'), false, 'A lost its lease');
      assert.equal(await two.notify.markSent('webhook', theirs!.id, 'B', '2026-01-01T00:00:01.000Z'), true);
      assert.deepEqual(await one.notify.claim('webhook', {owner: 'A', now: 99_999, leaseMs: 5000, limit: 10}), [], 'sent rows are never claimed again');
    });

    test('two senders on two connections racing over 40 rows send each exactly once', async () => {
      await one.notify.enqueue('mail', Array.from({length: 40}, (_, i) => item(100 + i)), {now: Date.now(), createdAt: new Date().toISOString()});
      const sent: string[] = [];
      const send = (who: string) => async (row: ClaimedRow) => {
        sent.push(`${row.id}`);
        await new Promise((r) => setTimeout(r, who === 'one' ? 2 : 3));
        return {ok: true} as const;
      };
      const options = {leaseMs: 60_000, retryBaseMs: 1000, maxAttempts: 3, now: Date.now, pollMs: 10};
      const a = startSender({...options, store: one.notify, channels: {mail: send('one')}});
      const b = startSender({...options, store: two.notify, channels: {mail: send('two')}});
      await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
      await new Promise((r) => setTimeout(r, 200));
      await Promise.all([a.stop(), b.stop()]);
      const rows = await database.query<{id: number; state: string}>("SELECT id, state FROM mail_outbox WHERE dedupe_key LIKE 'test:1__'");
      assert.equal(rows.length, 40);
      assert.ok(rows.every((r) => r.state === 'sent'));
      assert.equal(sent.length, new Set(sent).size, 'no row sent twice');
      assert.ok(rows.every((r) => sent.includes(String(r.id))));
    });

    test('failures back off, are logged, and end in the failed state after maxAttempts', async () => {
      await one.notify.enqueue('webhook', [item(200)], {now: 0, createdAt: '2026-01-01T00:00:00.000Z'});
      let clock = 0;
      const sender = startSender({
        store: one.notify, leaseMs: 60_000, retryBaseMs: 1000, maxAttempts: 3, now: () => clock, pollMs: 60_000,
        channels: {webhook: async (row) => (row.dedupeKey === 'test:200' ? {ok: false, statusCode: 500, error: 'The receiver answered 500.'} : {ok: true})},
      });
      const state = async () => (await database.query<{state: string; next_at: number; attempts: number}>("SELECT state, next_at, attempts FROM webhook_outbox WHERE dedupe_key = 'test:200'"))[0]!;
      await sender.runOnce();
      assert.deepEqual({...(await state())}, {state: 'queued', next_at: 1000, attempts: 1});
      clock = 999;
      await sender.runOnce();
      assert.equal((await state()).attempts, 1, 'not before its time');
      clock = 1000;
      await sender.runOnce();
      assert.deepEqual({...(await state())}, {state: 'queued', next_at: 3000, attempts: 2});
      clock = 3000;
      await sender.runOnce();
      assert.equal((await state()).state, 'failed');
      await sender.stop();
      const [row] = await database.query<{id: number}>("SELECT id FROM webhook_outbox WHERE dedupe_key = 'test:200'");
      const log = (await one.notify.deliveries('webhook', {limit: 50})).filter((d) => d.outboxId === String(row!.id));
      assert.deepEqual(log.map((d) => [d.attempt, d.statusCode, d.ok]), [[3, 500, false], [2, 500, false], [1, 500, false]]);
    });

    test('a nonce is spent once; a failed action gives it back', async () => {
      const nonce = {value: `n-${engine}-1`, purpose: 'approve', expiresAt: Date.now() + 1000};
      assert.equal(await one.notify.useNonce(nonce, new Date().toISOString()), true);
      assert.equal(await two.notify.useNonce(nonce, new Date().toISOString()), false);
      assert.equal(await one.notify.nonceUsed(nonce.value), true);
      await one.notify.releaseNonce(nonce.value);
      assert.equal(await two.notify.useNonce(nonce, new Date().toISOString()), true);
    });

    test('the sweep queues the owner mail of a comment whose event was lost (a crash between commit and enqueue), once', async () => {
      const config = loadConfig([], {NATTER_SMTP_URL: 'smtp://127.0.0.1:9', NATTER_MAIL_FROM: 'n@blog.example', NATTER_PUBLIC_URL: 'http://x.example', NATTER_OWNER_EMAIL: 'o@blog.example'}).notify;
      const links = createMailLinks(await loadSecrets(one, undefined, new Date().toISOString()));
      const queue = createQueuer({store: one, config, links, now: () => new Date(), wake: () => {}});
      const ownerRows = async () => Number((await database.query<{n: number}>("SELECT COUNT(*) AS n FROM mail_outbox WHERE kind = 'owner'"))[0]!.n);
      const write = (body: string, createdAt: string) => one.insertComment(
        {thread: '/sweep', parent: null, author: 'Ada', email: null, website: null, body},
        {idempotencyKey: `sweep-${body}`, requestHash: body, status: 'pending', createdAt, ip: null},
      );
      await write('before the feature', '2026-01-01T00:00:00.000Z');
      await sweep({store: one, queue, now: () => new Date()});
      assert.equal(await ownerRows(), 0, 'the first sweep only sets the cursor: old comments are no news');
      // Written straight to the store, as if the process died before the created event's rows were inserted.
      await write('lost event', new Date(Date.now() - 120_000).toISOString());
      await write('lost event, just now', new Date().toISOString());
      await sweep({store: two, queue, now: () => new Date()});
      assert.equal(await ownerRows(), 2);
      await sweep({store: one, queue, now: () => new Date()});
      assert.equal(await ownerRows(), 2, 'a second sweep queues nothing twice');
      // An import writes without events too, but imported comments are history: no mail.
      await one.insertComment(
        {thread: '/sweep', parent: null, author: 'Old', email: null, website: null, body: 'imported'},
        {idempotencyKey: 'sweep-imported', requestHash: 'imported', status: 'published', createdAt: '2012-01-01T00:00:00.000Z', ip: null, source: 'disqus:1'},
      );
      await sweep({store: one, queue, now: () => new Date()});
      assert.equal(await ownerRows(), 2, 'no mail about an imported comment');
    });

    test('purge deletes finished rows and log lines past retention, expired nonces, stale requests and orphan watches', async () => {
      await one.notify.watch('999999', 'never@example.org', '2026-01-01T00:00:00.000Z');
      await one.notify.watch('999998', 'kept@example.org', '2026-01-01T00:00:00.000Z');
      await one.notify.unsubscribe('kept@example.org', '2026-01-01T00:00:00.000Z');
      await one.notify.purge({before: '2099-01-01T00:00:00.000Z', nowMs: Date.now() + 10_000});
      const left = await database.query<{state: string}>('SELECT state FROM mail_outbox UNION ALL SELECT state FROM webhook_outbox');
      assert.ok(left.every((r) => r.state === 'queued' || r.state === 'sending'), JSON.stringify(left));
      assert.equal(Number((await database.query<{n: number}>('SELECT COUNT(*) AS n FROM notify_deliveries'))[0]!.n), 0);
      assert.equal(await one.notify.nonceUsed(`n-${engine}-1`), false);
      assert.equal(await one.notify.subscription('never@example.org'), null, 'a request never confirmed is forgotten');
      assert.equal(await one.notify.subscription('kept@example.org'), 'unsubscribed', 'an unsubscribe is kept, so it is honoured');
      assert.equal(await one.notify.watcherOf('999999'), null);
    });
  });
}
