// The server process is SIGKILLed with mail and webhooks queued and in flight (the SMTP server hangs on DATA, the
// webhook receiver is down), then started again on the same database. Every queued item must then arrive exactly
// once, and nothing the SMTP server or the receiver acknowledged before the kill may arrive again.
import assert from 'node:assert/strict';
import {after, describe, test} from 'node:test';
import {freePort, startTestServer, type TestServer} from '../e2e/server-process.js';
import {engines, makeDatabase, type Engine, type TestDatabase} from '../lib/databases.js';
import {startSmtp, type TestSmtp} from '../lib/smtp.js';
import {startReceiver, type TestReceiver} from '../lib/webhook-receiver.js';
import {makeTempDir} from '../server/setup.js';

const temp = makeTempDir();
after(() => temp.remove());
const secret = 'crash-test-webhook-secret-0123456789';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(server: TestServer, body: string): Promise<string> {
  const list = await fetch(`${server.url}/api/comments?thread=/crash`);
  await list.arrayBuffer();
  const response = await fetch(`${server.url}/api/comments`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'Idempotency-Key': `crash-${body.replace(/ /g, '-')}`},
    body: JSON.stringify({thread: '/crash', author: 'Ada', body, form: list.headers.get('natter-form')}),
  });
  assert.equal(response.status, 201, await response.clone().text());
  return ((await response.json()) as {comment: {id: string}}).comment.id;
}

async function until(test: () => Promise<boolean> | boolean, what: string, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(100);
  }
}

for (const engine of engines) {
  describe(`notify crash (${engine})`, () => {
    test('SIGKILL with mail and webhooks queued: after the restart each arrives exactly once, nothing acknowledged twice', {timeout: 120_000}, async () => {
      const database: TestDatabase = await makeDatabase(engine as Engine, temp.dir);
      const smtpPort = await freePort();
      const hookPort = await freePort();
      const env = (port: number): Record<string, string> => ({
        NATTER_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, NATTER_MAIL_FROM: 'natter@blog.example', NATTER_OWNER_EMAIL: 'owner@blog.example',
        NATTER_PUBLIC_URL: `http://127.0.0.1:${port}`, NATTER_WEBHOOK_URL: `http://127.0.0.1:${hookPort}/hooks/natter`, NATTER_WEBHOOK_SECRET: secret,
        NATTER_NOTIFY_RETRY_MS: '200', NATTER_NOTIFY_LEASE_MS: '3000', NATTER_RATE_LIMIT: '0', NATTER_MIN_SECONDS: '0',
        ...(database.settings.databaseUrl ? {NATTER_DATABASE_URL: database.settings.databaseUrl} : {}),
      });
      const dbPath = database.settings.dbPath;
      const rows = (table: string) => database.query<{id: number; state: string; kind: string}>(`SELECT id, state, kind FROM ${table} ORDER BY id`);

      // 1. Everything up: three comments, each mailed to the owner and POSTed, acknowledged and marked sent.
      const smtps: TestSmtp[] = [await startSmtp({port: smtpPort})];
      const receivers: TestReceiver[] = [await startReceiver(secret, hookPort)];
      let port = await freePort();
      let server = await startTestServer({db: dbPath, port, env: env(port)});
      const early: string[] = [];
      for (const n of [1, 2, 3]) early.push(await post(server, `early ${n}`));
      await until(async () => (await rows('mail_outbox')).filter((r) => r.state === 'sent').length === 3
        && (await rows('webhook_outbox')).filter((r) => r.state === 'sent').length === 3, 'the early items marked sent');
      assert.equal(smtps[0]!.received.length, 3);
      assert.equal(receivers[0]!.deliveries.filter((d) => d.answered === 200).length, 3);

      // 2. The SMTP server hangs on DATA (acknowledges nothing), the receiver is down; five more comments queue.
      smtps[0]!.mode = 'hang';
      await receivers[0]!.close();
      const late: string[] = [];
      for (const n of [1, 2, 3, 4, 5]) late.push(await post(server, `late ${n}`));
      await until(async () => (await rows('mail_outbox')).some((r) => r.state === 'sending'), 'a mail in flight');
      const atKill = {mail: await rows('mail_outbox'), webhook: await rows('webhook_outbox')};
      await server.kill();

      const unsent = (list: {state: string}[]) => list.filter((r) => r.state !== 'sent').length;
      assert.equal(unsent(atKill.mail), 5, `five mails were not sent at the kill: ${JSON.stringify(atKill.mail)}`);
      assert.equal(unsent(atKill.webhook), 5, `five webhooks were not sent at the kill: ${JSON.stringify(atKill.webhook)}`);
      assert.ok(atKill.mail.some((r) => r.state === 'sending'), 'one mail was mid-send (leased) when the process died');

      // 3. Both come back (fresh servers on the same ports), and so does Natter, on the same database.
      await smtps[0]!.close();
      smtps.push(await startSmtp({port: smtpPort}));
      receivers.push(await startReceiver(secret, hookPort));
      port = await freePort();
      server = await startTestServer({db: dbPath, port, env: env(port)});
      try {
        await until(() => smtps[1]!.received.length >= 5 && receivers[1]!.deliveries.filter((d) => d.answered === 200).length >= 5, 'the late items after the restart');
        // Longer than a lease and several retry periods: a second copy of anything would have come by now.
        await sleep(4000);
      } finally {
        await server.stop();
        await smtps[1]!.close();
        await receivers[1]!.close();
      }

      const bodies = (mails: TestSmtp['received']) => mails.map((m) => /^> (.*)$/m.exec(m.text ?? '')?.[1]).sort();
      assert.deepEqual(bodies(smtps[0]!.received), ['early 1', 'early 2', 'early 3'], 'before the kill: the early mails, each once');
      assert.deepEqual(bodies(smtps[1]!.received), ['late 1', 'late 2', 'late 3', 'late 4', 'late 5'], 'after the restart: each late mail once, no early one again');
      const ids = (r: TestReceiver) => r.deliveries.filter((d) => d.answered === 200).map((d) => (d.body.comment as {id: string}).id).sort();
      assert.deepEqual(ids(receivers[0]!), [...early].sort());
      assert.deepEqual(ids(receivers[1]!), [...late].sort(), 'after the restart: each late webhook once, no early one again');
      assert.ok([...receivers[0]!.deliveries, ...receivers[1]!.deliveries].every((d) => d.verified));
      const messageIds = [...smtps[0]!.received, ...smtps[1]!.received].map((m) => m.messageId);
      assert.equal(new Set(messageIds).size, 8, 'eight distinct Message-IDs');
      assert.deepEqual((await rows('mail_outbox')).map((r) => r.state), Array(8).fill('sent'));
      assert.deepEqual((await rows('webhook_outbox')).map((r) => r.state), Array(8).fill('sent'));
    });
  });
}
