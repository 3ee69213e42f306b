// Mail end to end: a real SMTP server on loopback receives Natter's mail, mailparser reads it, and the test follows
// its links over real HTTP (GET the page, then POST its form), as the owner and the commenters would.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {ParsedMail} from 'mailparser';
import {createMailLinks} from '../../src/server/notify/links.js';
import {loadSecrets} from '../../src/server/services/secrets.js';
import {startNotifyServer, type NotifyServer} from '../lib/notify-server.js';
import {linksOf, startSmtp, type TestSmtp} from '../lib/smtp.js';
import {makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

const owner = 'owner@blog.example';
const to = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((a) => a?.value ?? []).map((v) => v.address);
/** A header as the mail carried it (mailparser folds List-* headers into one object). */
const header = (mail: ParsedMail, name: string) => mail.headerLines.find((h) => h.key === name.toLowerCase())?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, ' ');
const unsubscribeUrl = (mail: ParsedMail) => /<(https?:[^>]+)>/.exec(header(mail, 'List-Unsubscribe') ?? '')?.[1];
const mailsTo = (smtp: TestSmtp, address: string) => smtp.received.filter((m) => to(m).includes(address));

/** Opens a link like a browser: GET the page, read its form, POST it. Answers both responses. */
async function follow(link: string): Promise<{page: Response; pageText: string; result: Response; resultText: string}> {
  const page = await fetch(link);
  const pageText = await page.text();
  assert.equal(page.status, 200, pageText);
  const form = /<form method="post" action="([^"]+)">(?:<input type="hidden" name="t" value="([^"]+)">)?/.exec(pageText);
  assert.ok(form, `the page has a confirming form: ${pageText}`);
  const action = new URL(form[1]!.replace(/&amp;/g, '&'), link).toString();
  const body = form[2] ? new URLSearchParams({t: form[2].replace(/&amp;/g, '&')}) : new URLSearchParams();
  const result = await fetch(action, {method: 'POST', body});
  return {page, pageText, result, resultText: await result.text()};
}

async function listed(server: NotifyServer, thread = '/posts/hello'): Promise<{id: string; status: string}[]> {
  const r = await fetch(`${server.url}/api/comments?thread=${encodeURIComponent(thread)}`);
  return ((await r.json()) as {comments: {id: string; status: string}[]}).comments;
}

describe('owner mail for held comments (NATTER_MODERATION=all)', () => {
  let smtp: TestSmtp;
  let server: NotifyServer;
  before(async () => {
    smtp = await startSmtp();
    server = await startNotifyServer(temp.dir, {NATTER_MODERATION: 'all', NATTER_SMTP_URL: smtp.url, NATTER_MAIL_FROM: 'Natter <natter@blog.example>', NATTER_OWNER_EMAIL: owner});
  });
  after(async () => {
    await server.close();
    await smtp.close();
  });

  async function heldMail(body: string, marker = body): Promise<{id: string; mail: ParsedMail}> {
    const posted = await server.post({body});
    assert.equal(posted.status, 201);
    assert.equal(posted.body.comment.status, 'pending');
    const id = posted.body.comment.id;
    await server.notifications.flush();
    await smtp.waitFor(() => mailsTo(smtp, owner).some((m) => m.text?.includes(marker)), 10000, `the owner mail for ${id}`);
    return {id, mail: mailsTo(smtp, owner).find((m) => m.text?.includes(marker))!};
  }

  test('a held comment mails the owner; its approve link (GET, confirm, POST) publishes it, and works once', async () => {
    const {id, mail} = await heldMail('Held **for** review <script>alert(1)</script>', 'Held for review');
    assert.match(mail.subject ?? '', /Held comment awaiting approval/);
    // Both parts from the Markdown: bold in HTML, no commenter HTML anywhere.
    assert.match(String(mail.html), /<strong>for<\/strong>/);
    assert.doesNotMatch(String(mail.html), /<script>/);
    assert.match(mail.text ?? '', /Held for review <script>alert\(1\)<\/script>/);
    const approve = linksOf(mail).find((l) => /\/api\/notify\/moderate/.test(l) && mail.text!.includes(`Approve: ${l}`));
    assert.ok(approve, 'the mail has an approve link');
    assert.deepEqual((await listed(server)).map((c) => c.id).includes(id), false, 'held: not listed yet');

    const {pageText, result, resultText} = await follow(approve);
    assert.match(pageText, /Approve this comment\?/);
    assert.match(pageText, /<strong>for<\/strong>/);
    assert.equal(result.status, 200, resultText);
    assert.match(resultText, /Comment approved/);
    assert.ok((await listed(server)).some((c) => c.id === id && c.status === 'published'), 'published after the POST');

    // Used: the GET and the POST both refuse it now.
    const again = await fetch(approve);
    assert.equal(again.status, 410);
    assert.match(await again.text(), /already used/);
    const token = new URL(approve).searchParams.get('t')!;
    const repost = await fetch(`${server.url}/api/notify/moderate`, {method: 'POST', body: new URLSearchParams({t: token})});
    assert.equal(repost.status, 410);
  });

  test('a GET alone never acts (a mail scanner prefetching the link publishes nothing)', async () => {
    const {id, mail} = await heldMail('Prefetched by a scanner');
    const approve = linksOf(mail).find((l) => mail.text!.includes(`Approve: ${l}`))!;
    for (let i = 0; i < 3; i++) assert.equal((await fetch(approve)).status, 200);
    assert.equal((await listed(server)).some((c) => c.id === id), false);
  });

  test('the delete link deletes the comment', async () => {
    const {id, mail} = await heldMail('Delete me please');
    const remove = linksOf(mail).find((l) => mail.text!.includes(`Delete: ${l}`))!;
    const {pageText, result} = await follow(remove);
    assert.match(pageText, /Delete this comment\?/);
    assert.equal(result.status, 200);
    // No replies: it goes entirely (a comment with replies would stay as a placeholder).
    assert.equal(await server.store.notify.commentFacts(id), null);
    assert.equal((await fetch(remove)).status, 410);
  });

  test('a link fails after 7 days (the server clock moved on)', async () => {
    const {id, mail} = await heldMail('Old mail');
    const approve = linksOf(mail).find((l) => mail.text!.includes(`Approve: ${l}`))!;
    server.shift(7 * 24 * 60 * 60 * 1000 + 60_000);
    try {
      const page = await fetch(approve);
      assert.equal(page.status, 410);
      assert.match(await page.text(), /expired/);
      const token = new URL(approve).searchParams.get('t')!;
      const post = await fetch(`${server.url}/api/notify/moderate`, {method: 'POST', body: new URLSearchParams({t: token})});
      assert.equal(post.status, 410);
    } finally {
      server.shift(-(7 * 24 * 60 * 60 * 1000 + 60_000));
    }
    assert.equal((await server.store.notify.commentFacts(id))?.state, 'pending');
  });

  test('forged, altered and wrong-purpose links are refused, and act on nothing', async () => {
    const {id, mail} = await heldMail('Attack target');
    const {id: other} = await heldMail('Another held one');
    const approve = linksOf(mail).find((l) => mail.text!.includes(`Approve: ${l}`))!;
    const token = new URL(approve).searchParams.get('t')!;
    const [payload, mac] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const reencode = (c: unknown) => Buffer.from(JSON.stringify(c)).toString('base64url');
    // A link signed with another server's secret, for this comment.
    const stranger = createMailLinks(await loadSecrets(server.store, 'x'.repeat(40), new Date().toISOString()));
    // A token of the right shape for this server, but made for another purpose (confirming an address).
    const ours = createMailLinks(await loadSecrets(server.store, undefined, new Date().toISOString()));
    const cases: [string, string, number][] = [
      ['another secret', stranger.sign('approve', id, Date.now()), 403],
      ['another comment, same signature', `${reencode({...claims, s: other})}.${mac}`, 403],
      ['a later expiry, same signature', `${reencode({...claims, e: claims.e + 1e9})}.${mac}`, 403],
      ['purpose changed to delete, same signature', `${reencode({...claims, p: 'delete'})}.${mac}`, 403],
      ['one changed letter in the signature', `${payload}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`, 403],
      ['a confirm link used to moderate', ours.sign('confirm', id, Date.now()), 403],
      ['an unsubscribe link used to moderate', ours.sign('unsubscribe', id, Date.now()), 403],
      ['half a token', payload, 400],
      ['no token', '', 400],
    ];
    for (const [what, bad, status] of cases) {
      const get = await fetch(`${server.url}/api/notify/moderate?t=${encodeURIComponent(bad)}`);
      assert.equal(get.status, status, `GET with ${what}`);
      assert.match(get.headers.get('content-type') ?? '', /text\/html/);
      const post = await fetch(`${server.url}/api/notify/moderate`, {method: 'POST', body: new URLSearchParams({t: bad})});
      assert.equal(post.status, status, `POST with ${what}`);
    }
    assert.equal((await server.store.notify.commentFacts(id))?.state, 'pending');
    assert.equal((await server.store.notify.commentFacts(other))?.state, 'pending');
  });
  test('a held comment sends its author nothing until approved; a held reply mails nobody until approved', async () => {
    const thread = '/posts/held-replies';
    const bob = await server.post({thread, author: 'Bob', email: 'bob.held@example.org', body: 'Held, with notify', notify: true});
    assert.equal(bob.status, 201);
    await server.notifications.flush();
    assert.equal(mailsTo(smtp, 'bob.held@example.org').length, 0, 'no confirmation mail for a held comment');
    await server.moderation.setStatus([bob.body.comment.id], 'published', 'owner');
    await server.notifications.flush();
    await smtp.waitFor(() => mailsTo(smtp, 'bob.held@example.org').length === 1, 10000, 'the confirmation after approval');
    const {result} = await follow(linksOf(mailsTo(smtp, 'bob.held@example.org')[0]!).find((l) => l.includes('/api/notify/confirm'))!);
    assert.equal(result.status, 200);

    const reply = await server.post({thread, parent: bob.body.comment.id, author: 'Dan', email: 'dan@example.org', body: 'A held reply'});
    assert.equal(reply.body.comment.status, 'pending');
    await server.notifications.flush();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(mailsTo(smtp, 'bob.held@example.org').length, 1, 'a held reply mails nobody');
    await server.moderation.setStatus([reply.body.comment.id], 'published', 'owner');
    await server.notifications.flush();
    await smtp.waitFor(() => mailsTo(smtp, 'bob.held@example.org').length === 2, 10000, 'the reply mail once approved');
    assert.match(mailsTo(smtp, 'bob.held@example.org')[1]!.subject ?? '', /Dan replied to your comment/);
    // Held, then approved again: still one reply mail.
    await server.moderation.setStatus([reply.body.comment.id], 'pending', 'owner');
    await server.moderation.setStatus([reply.body.comment.id], 'published', 'owner');
    await server.notifications.flush();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(mailsTo(smtp, 'bob.held@example.org').length, 2);
  });
});

describe('reply mail to commenters (double opt-in, one-click unsubscribe)', () => {
  let smtp: TestSmtp;
  let server: NotifyServer;
  before(async () => {
    smtp = await startSmtp();
    server = await startNotifyServer(temp.dir, {NATTER_SMTP_URL: smtp.url, NATTER_MAIL_FROM: 'natter@blog.example', NATTER_NOTIFY_RETRY_MS: '100'});
  });
  after(async () => {
    await server.close();
    await smtp.close();
  });

  const thread = '/posts/replies';
  async function reply(parent: string, author: string, body: string) {
    const posted = await server.post({thread, parent, author, body});
    assert.equal(posted.status, 201);
    await server.notifications.flush();
    return posted.body.comment.id;
  }

  test('a confirmed commenter gets reply mail, an unconfirmed one none; one-click unsubscribe stops it', async () => {
    const bob = await server.post({thread, author: 'Bob', email: 'Bob@Example.org', body: 'Tell me about replies', notify: true});
    const carol = await server.post({thread, author: 'Carol', email: 'carol@example.org', body: 'Me too', notify: true});
    const dave = await server.post({thread, author: 'Dave', email: 'dave@example.org', body: 'No mail for me'});
    await server.notifications.flush();
    await smtp.waitFor((r) => r.filter((m) => /Confirm reply notifications/.test(m.subject ?? '')).length === 2, 10000, 'two confirmation mails');
    assert.equal(mailsTo(smtp, 'dave@example.org').length, 0, 'no opt-in, no mail');

    const confirmation = mailsTo(smtp, 'bob@example.org')[0]!;
    assert.equal(header(confirmation, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
    assert.match(header(confirmation, 'List-Unsubscribe') ?? '', /^<http:\/\/127\.0\.0\.1:\d+\/api\/notify\/unsubscribe\?t=[^>]+>, <mailto:natter@blog\.example\?subject=unsubscribe>$/);
    const confirm = linksOf(confirmation).find((l) => l.includes('/api/notify/confirm'))!;
    // Nothing before confirming: a reply to Bob now mails nobody.
    await reply(bob.body.comment.id, 'Eve', 'Early reply');
    assert.equal(mailsTo(smtp, 'bob@example.org').length, 1);

    const {result, resultText} = await follow(confirm);
    assert.equal(result.status, 200, resultText);
    assert.match(resultText, /Confirmed/);
    assert.equal((await fetch(confirm)).status, 410, 'the confirm link works once');

    await reply(bob.body.comment.id, 'Eve', 'A reply with a [link](https://example.net/x) and a [bad one](javascript:alert(1))');
    await reply(carol.body.comment.id, 'Eve', 'Carol never confirmed');
    await reply(dave.body.comment.id, 'Eve', 'Dave never asked');
    await smtp.waitFor(() => mailsTo(smtp, 'bob@example.org').length === 2, 10000, 'the reply mail to Bob');
    assert.equal(mailsTo(smtp, 'carol@example.org').length, 1, 'Carol has only her confirmation');
    assert.equal(mailsTo(smtp, 'dave@example.org').length, 0);

    const replyMail = mailsTo(smtp, 'bob@example.org')[1]!;
    assert.match(replyMail.subject ?? '', /Eve replied to your comment/);
    assert.match(String(replyMail.html), /<a href="https:\/\/example.net\/x" rel="nofollow ugc noopener">link<\/a>/);
    assert.doesNotMatch(String(replyMail.html), /javascript:/);
    assert.doesNotMatch(replyMail.text ?? '', /javascript:/);
    assert.match(replyMail.text ?? '', /link <https:\/\/example.net\/x>/);
    assert.equal(header(replyMail, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
    const oneClickUrl = unsubscribeUrl(replyMail)!;

    // The one-click POST, as a mail client sends it (RFC 8058).
    const oneClick = await fetch(oneClickUrl, {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'List-Unsubscribe=One-Click'});
    assert.equal(oneClick.status, 200);
    // The GET shows a page with a button and changes nothing by itself.
    const page = await fetch(oneClickUrl);
    assert.match(await page.text(), /<button type="submit">Unsubscribe<\/button>/);

    await reply(bob.body.comment.id, 'Eve', 'After unsubscribing');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(mailsTo(smtp, 'bob@example.org').length, 2, 'no mail after unsubscribing');
  });

  test('a reply queued before the unsubscribe is not sent after it', async () => {
    const frank = await server.post({thread, author: 'Frank', email: 'frank@example.org', body: 'Hi', notify: true});
    await server.notifications.flush();
    await smtp.waitFor(() => mailsTo(smtp, 'frank@example.org').length === 1, 10000, 'Frank’s confirmation');
    await follow(linksOf(mailsTo(smtp, 'frank@example.org')[0]!).find((l) => l.includes('/confirm'))!);
    const unsubscribe = unsubscribeUrl(mailsTo(smtp, 'frank@example.org')[0]!)!;
    // Queued, and refused once by the SMTP server, so it is still waiting for its retry when the unsubscribe lands.
    smtp.mode = 'refuse';
    await server.post({thread, parent: frank.body.comment.id, author: 'Gil', body: 'Queued reply'});
    await server.notifications.flush();
    const state = () => server.database.query<{state: string}>("SELECT state FROM mail_outbox WHERE kind = 'reply' AND recipient = 'frank@example.org'");
    assert.deepEqual((await state()).map((r) => r.state), ['queued']);
    assert.equal((await fetch(unsubscribe, {method: 'POST', body: 'List-Unsubscribe=One-Click'})).status, 200);
    smtp.mode = 'accept';
    await new Promise((r) => setTimeout(r, 250));
    await server.notifications.flush();
    assert.deepEqual((await state()).map((r) => r.state), ['dropped']);
    assert.equal(mailsTo(smtp, 'frank@example.org').length, 1);
  });
});
