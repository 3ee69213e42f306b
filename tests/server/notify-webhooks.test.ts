// Webhooks end to end: a local node:http receiver checks every Natter-Signature, answers 500 to make Natter retry,
// and the delivery log (webhookLogRoutes) shows each attempt with its status code.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {Hono} from 'hono';
import {webhookLogRoutes} from '../../src/server/notify/webhook-log.js';
import {webhookSignature} from '../../src/server/notify/transports.js';
import type {Delivery as LoggedDelivery} from '../../src/server/store/notify-store.js';
import {startNotifyServer, type NotifyServer} from '../lib/notify-server.js';
import {startReceiver, verifySignature, type TestReceiver} from '../lib/webhook-receiver.js';
import {makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());
const secret = 'w'.repeat(20) + 'e'.repeat(20);

test('the signature is HMAC-SHA256 of "<t>.<body>", checked by the receiver, and fails on any change', () => {
  const body = '{"event":"comment.created"}';
  const t = Math.floor(Date.now() / 1000);
  const header = webhookSignature(secret, t, body);
  assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/);
  assert.equal(verifySignature(secret, header, body), true);
  assert.equal(verifySignature(secret, header, `${body} `), false);
  assert.equal(verifySignature(`${secret}x`, header, body), false);
  assert.equal(verifySignature(secret, header.replace(`t=${t}`, `t=${t + 1}`), body), false);
  assert.equal(verifySignature(secret, webhookSignature(secret, t - 3600, body), body), false, 'an old replay');
});

describe('webhooks', () => {
  let receiver: TestReceiver;
  let server: NotifyServer;
  before(async () => {
    receiver = await startReceiver(secret);
    server = await startNotifyServer(temp.dir, {NATTER_MODERATION: 'all', NATTER_WEBHOOK_URL: receiver.url, NATTER_WEBHOOK_SECRET: secret, NATTER_NOTIFY_RETRY_MS: '100', NATTER_NOTIFY_LEASE_MS: '2000'});
  });
  after(async () => {
    await server.close();
    await receiver.close();
  });

  test('created, approved and deleted each POST signed JSON; a 500 is retried with backoff until a 2xx', async () => {
    // The first two tries of the first delivery fail.
    receiver.answer = (n) => (n < 2 ? 500 : 200);
    const posted = await server.post({author: 'Ada', email: 'ada@example.org', body: 'Hook me'});
    const id = posted.body.comment.id;
    const started = Date.now();
    await receiver.waitFor((d) => d.some((x) => x.answered === 200), 10000, 'the created event, after retries');
    const created = receiver.deliveries.filter((d) => d.event === 'comment.created');
    assert.deepEqual(created.map((d) => d.answered), [500, 500, 200]);
    assert.ok(created.every((d) => d.verified), 'every attempt is signed');
    assert.equal(new Set(created.map((d) => d.delivery)).size, 1, 'one Natter-Delivery id across the retries');
    // Backoff: 100 ms, then 200 ms at least, before the third try.
    assert.ok(Date.now() - started >= 300, `retries waited (${Date.now() - started} ms)`);
    const comment = created[2]!.body.comment as Record<string, unknown>;
    assert.equal(created[2]!.body.event, 'comment.created');
    assert.equal(comment.id, id);
    assert.equal(comment.status, 'pending');
    assert.equal(comment.body, 'Hook me');
    assert.equal('email' in comment, false, 'no email in webhooks');

    receiver.answer = 200;
    const results = await server.notifications.flush().then(() => server.moderation.setStatus([id], 'published', 'owner'));
    assert.equal(results[0]!.ok, true);
    await receiver.waitFor((d) => d.some((x) => x.event === 'comment.approved'), 10000, 'the approved event');
    await server.moderation.remove([id], 'owner');
    await receiver.waitFor((d) => d.some((x) => x.event === 'comment.deleted'), 10000, 'the deleted event');
    const deleted = receiver.deliveries.find((d) => d.event === 'comment.deleted')!;
    assert.deepEqual(deleted.body.comment, {id, thread: '/posts/hello'});
    assert.ok(receiver.deliveries.every((d) => d.verified));

    // The delivery log, as admin-api mounts it: newest first, with status code, time and attempt. (The receiver
    // saw the last POST a moment before its log line was written: let the sender finish.)
    await server.notifications.flush();
    const admin = new Hono().route('/api/admin/webhooks/deliveries', webhookLogRoutes({store: server.store}));
    const log = (await (await admin.request('/api/admin/webhooks/deliveries')).json()) as {deliveries: LoggedDelivery[]};
    const createdLog = log.deliveries.filter((d) => d.kind === 'comment.created').reverse();
    assert.deepEqual(createdLog.map((d) => [d.attempt, d.statusCode, d.ok]), [[1, 500, false], [2, 500, false], [3, 200, true]]);
    assert.ok(createdLog.every((d) => !Number.isNaN(Date.parse(d.at))));
    assert.deepEqual(log.deliveries.slice(0, 2).map((d) => d.kind), ['comment.deleted', 'comment.approved']);
    assert.equal((await admin.request('/api/admin/webhooks/deliveries?limit=0')).status, 400);
  });

  test('a receiver that never answers is given up on at half the lease and tried again', async () => {
    const before = receiver.deliveries.length;
    receiver.hang = true;
    await server.post({body: 'Slow receiver'});
    await server.notifications.flush();
    receiver.hang = false;
    await receiver.waitFor((d) => d.slice(before).some((x) => x.answered === 200), 15000, 'the retry after the timeout');
  });
});

test('the delivery log is served to the signed-in owner at /api/admin/webhooks/deliveries, and to nobody else', async () => {
  const {adminJson, adminRequest, makeAdminServer, signIn} = await import('./admin-setup.js');
  const server = await makeAdminServer(temp.dir, 'sqlite');
  await server.store.notify.log({channel: 'webhook', outboxId: '7', kind: 'comment.created', attempt: 2, ok: false, statusCode: 500, error: 'The receiver answered 500.', durationMs: 12, at: '2026-01-01T00:00:00.000Z'});
  assert.equal((await adminRequest(server, 'GET', '/webhooks/deliveries')).status, 401);
  const session = await signIn(server);
  const {deliveries} = await adminJson<{deliveries: LoggedDelivery[]}>(server, 'GET', '/webhooks/deliveries', session);
  assert.deepEqual(deliveries.map((d) => [d.outboxId, d.kind, d.attempt, d.statusCode, d.ok, d.at]), [['7', 'comment.created', 2, 500, false, '2026-01-01T00:00:00.000Z']]);
});
