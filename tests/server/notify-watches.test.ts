// Reply subscriptions against a stranger who types someone else's address: an unsubscribe holds, an address gets at
// most one confirmation mail a day, and a reply is mailed only for a watch its address's owner confirmed.
import assert from 'node:assert/strict';
import {after, before, beforeEach, describe, test} from 'node:test';
import type {ParsedMail} from 'mailparser';
import {startNotifyServer, type NotifyServer} from '../lib/notify-server.js';
import {linksOf, startSmtp, type TestSmtp} from '../lib/smtp.js';
import {engines, makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

const to = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((a) => a?.value ?? []).map((v) => v.address);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const day = 24 * 60 * 60 * 1000;

/** GET the link's page, then POST its form, as a browser would. */
async function follow(link: string): Promise<{status: number; text: string}> {
  const page = await fetch(link);
  const pageText = await page.text();
  const form = /<form method="post" action="([^"]+)">(?:<input type="hidden" name="t" value="([^"]+)">)?/.exec(pageText);
  assert.ok(form, `a confirming form: ${pageText}`);
  const action = new URL(form[1]!.replace(/&amp;/g, '&'), link).toString();
  const body = form[2] ? new URLSearchParams({t: form[2].replace(/&amp;/g, '&')}) : new URLSearchParams();
  const result = await fetch(action, {method: 'POST', body});
  return {status: result.status, text: await result.text()};
}

for (const engine of engines) {
  describe(`reply subscriptions against borrowed addresses (${engine})`, () => {
    let smtp: TestSmtp;
    let server: NotifyServer;
    before(async () => {
      smtp = await startSmtp();
      server = await startNotifyServer(temp.dir, {NATTER_SMTP_URL: smtp.url, NATTER_MAIL_FROM: 'natter@blog.example'}, engine);
    });
    after(async () => {
      await server.close();
      await smtp.close();
    });
    const mailsTo = (address: string) => smtp.received.filter((m) => to(m).includes(address));
    const confirmations = (address: string) => mailsTo(address).filter((m) => /Confirm reply notifications/.test(m.subject ?? ''));
    // Each test on its own thread, under the per-thread flood limit.
    let thread = '';
    beforeEach((t) => {
      thread = `/posts/${t.name.length}-${Math.random().toString(36).slice(2)}`;
    });
    async function post(fields: Record<string, unknown>): Promise<string> {
      const posted = await server.post({thread, ...fields});
      assert.equal(posted.status, 201, JSON.stringify(posted.body));
      await server.notifications.flush();
      return posted.body.comment.id;
    }
    const outbox = (address: string) => server.database.query<{kind: string}>('select kind from mail_outbox where recipient = ? order by id', [address]);

    test('posts naming an address mail it one confirmation a day, not one per comment', async () => {
      const address = 'flooded@example.org';
      for (let i = 0; i < 4; i++) await post({author: 'Stranger', email: address, body: `Post ${i}`, notify: true});
      await smtp.waitFor(() => confirmations(address).length === 1, 10000, 'the first confirmation');
      await sleep(200);
      assert.deepEqual((await outbox(address)).map((r) => r.kind), ['confirm'], 'one confirmation for four posts');
      server.shift(day + 60_000);
      await post({author: 'Stranger', email: address, body: 'A day later', notify: true});
      await smtp.waitFor(() => confirmations(address).length === 2, 10000, 'the next day’s confirmation');
    });

    test('an unsubscribed address stays unsubscribed: a post asking for replies again mails nothing', async () => {
      const address = 'left@example.org';
      await post({author: 'Lee', email: address, body: 'Mine', notify: true});
      await smtp.waitFor(() => confirmations(address).length === 1, 10000, 'the confirmation');
      const confirm = linksOf(confirmations(address)[0]!).find((l) => l.includes('/api/notify/confirm'))!;
      const unsubscribe = linksOf(confirmations(address)[0]!).find((l) => l.includes('/api/notify/unsubscribe'))!;
      assert.equal((await fetch(unsubscribe, {method: 'POST', body: 'List-Unsubscribe=One-Click'})).status, 200);
      server.shift(day + 60_000);
      const again = await post({author: 'Not Lee', email: address, body: 'Subscribe them again', notify: true});
      await sleep(300);
      assert.equal(await server.store.notify.subscription(address), 'unsubscribed');
      assert.equal(confirmations(address).length, 1, 'no new confirmation mail');
      // Nor does the old confirmation link undo the unsubscribe.
      assert.equal((await follow(confirm)).status, 404);
      assert.equal(await server.store.notify.subscription(address), 'unsubscribed');
      await post({parent: again, author: 'Replier', body: 'A reply'});
      await sleep(300);
      assert.equal(mailsTo(address).length, 1, 'no reply mail either');
    });

    test('a stranger posting with a confirmed address cannot get replies to their comment mailed to it', async () => {
      const victim = 'subscriber@example.org';
      const own = await post({author: 'Sub', email: victim, body: 'My own comment', notify: true});
      await smtp.waitFor(() => confirmations(victim).length === 1, 10000, 'the confirmation');
      const mail = confirmations(victim)[0]!;
      assert.match(mail.text ?? '', new RegExp(`#${own}\\b`), 'the mail names the comment');
      const confirmed = await follow(linksOf(mail).find((l) => l.includes('/api/notify/confirm'))!);
      assert.equal(confirmed.status, 200, confirmed.text);

      const bait = await post({author: 'Not the subscriber', email: victim, body: 'Bait with a borrowed address', notify: true});
      for (let i = 0; i < 3; i++) await post({parent: bait, author: 'Spammer', body: `Buy pills at https://spam.example/${i}`});
      await post({parent: own, author: 'Friend', body: 'A real reply'});
      await smtp.waitFor(() => mailsTo(victim).some((m) => /Friend replied/.test(m.subject ?? '')), 10000, 'the real reply');
      await sleep(300);
      assert.equal(mailsTo(victim).filter((m) => /replied/.test(m.subject ?? '')).length, 1, 'only the reply to the confirmed watch');
      assert.ok(!mailsTo(victim).some((m) => /pills/.test(m.text ?? '')), 'no spam relayed');
      // Within the day the bait watch gets no confirmation of its own (one a day per address).
      assert.equal(confirmations(victim).length, 1);
    });

    test('a link confirms the watches waiting when it was mailed, not one begun after; the next day’s link does', async () => {
      const address = 'two@example.org';
      const replies = () => mailsTo(address).map((m) => m.subject ?? '').filter((s) => /replied/.test(s)).map((s) => s.split(' ')[0]).sort();
      const first = await post({author: 'Tia', email: address, body: 'First', notify: true});
      await smtp.waitFor(() => confirmations(address).length === 1, 10000, 'the confirmation');
      server.shift(1000);
      // Begun after the mail went out (a stranger could have typed the address): the first link does not cover it.
      const second = await post({author: 'Tia?', email: address, body: 'Second', notify: true});
      const result = await follow(linksOf(confirmations(address)[0]!).find((l) => l.includes('/api/notify/confirm'))!);
      assert.equal(result.status, 200, result.text);
      await post({parent: first, author: 'Uno', body: 'Reply one'});
      await post({parent: second, author: 'Dos', body: 'Reply two'});
      await smtp.waitFor(() => replies().length === 1, 10000, 'the reply mail for the first');
      await sleep(300);
      assert.deepEqual(replies(), ['Uno']);

      server.shift(day);
      const third = await post({author: 'Tia', email: address, body: 'Third', notify: true});
      await smtp.waitFor(() => confirmations(address).length === 2, 10000, 'the next day’s confirmation');
      const again = await follow(linksOf(confirmations(address)[1]!).find((l) => l.includes('/api/notify/confirm'))!);
      assert.equal(again.status, 200, again.text);
      await post({parent: second, author: 'Tres', body: 'Reply three'});
      await post({parent: third, author: 'Cuatro', body: 'Reply four'});
      await smtp.waitFor(() => replies().length === 3, 10000, 'both watches confirmed by the one link');
      assert.deepEqual(replies(), ['Cuatro', 'Tres', 'Uno']);
    });
  });
}
