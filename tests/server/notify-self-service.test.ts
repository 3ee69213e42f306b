// Reader self-service by mail: ask for a link, get it over real SMTP, open it over real HTTP, export, delete all.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {startNotifyServer, type NotifyServer} from '../lib/notify-server.js';
import {linksOf, startSmtp, type TestSmtp} from '../lib/smtp.js';
import {makeTempDir} from './setup.js';

const temp = makeTempDir();
let smtp: TestSmtp;
let server: NotifyServer;
before(async () => {
  smtp = await startSmtp();
  server = await startNotifyServer(temp.dir, {NATTER_SMTP_URL: smtp.url, NATTER_MAIL_FROM: 'natter@blog.example'});
});
after(async () => {
  await server.close();
  await smtp.close();
  temp.remove();
});

const askLink = (email: unknown) => fetch(`${server.url}/api/me/link`, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({email})});
const thread = '/posts/self';

test('a reader gets a link by mail, sees and exports their comments, and deletes them all, once', async () => {
  const first = await server.post({thread, author: 'Ada', email: 'ada@example.org', body: 'My **first**'});
  const other = await server.post({thread, author: 'Bea', email: 'bea@example.org', body: 'Someone else', parent: first.body.comment.id});
  await server.post({thread, author: 'Ada', email: 'Ada@Example.org', body: 'My second', parent: other.body.comment.id});

  const asked = await askLink('ADA@example.org');
  assert.equal(asked.status, 202);
  await server.notifications.flush();
  await smtp.waitFor((r) => r.some((m) => m.subject === 'Your comments'), 10000, 'the self-service mail');
  const mail = smtp.received.find((m) => m.subject === 'Your comments')!;
  assert.match(mail.text ?? '', /the 2 comments written with this address/);
  const link = linksOf(mail).find((l) => l.includes('/api/me?t='))!;

  const pageText = await (await fetch(link)).text();
  assert.match(pageText, /2 comments written with <strong>ada@example.org<\/strong>/);
  assert.match(pageText, /My <strong>first<\/strong>/);
  assert.doesNotMatch(pageText, /Someone else/);
  const exportPath = /<a href="([^"]+)">Download them as JSON<\/a>/.exec(pageText)![1]!.replace(/&amp;/g, '&');
  const exported = await fetch(new URL(exportPath, link));
  assert.match(exported.headers.get('content-disposition') ?? '', /attachment/);
  const json = (await exported.json()) as {comments: {body: string; email: string}[]};
  assert.deepEqual(json.comments.map((c) => c.body), ['My **first**', 'My second']);

  const token = /name="t" value="([^"]+)"/.exec(pageText)![1]!.replace(/&amp;/g, '&');
  const deleted = await fetch(`${server.url}/api/me/delete`, {method: 'POST', body: new URLSearchParams({t: token})});
  assert.equal(deleted.status, 200);
  assert.match(await deleted.text(), /2 comments were deleted/);
  const listed = (await (await fetch(`${server.url}/api/comments?thread=${encodeURIComponent(thread)}`)).json()) as {comments: {author: string; body: string; status: string}[]};
  assert.deepEqual(listed.comments.map((c) => [c.status, c.body]), [['deleted', ''], ['published', 'Someone else']], 'the first stays as a placeholder for its reply');
  assert.deepEqual(await server.store.notify.commentsByEmail('ada@example.org'), []);

  assert.equal((await fetch(link)).status, 410, 'the link is spent');
  assert.equal((await fetch(`${server.url}/api/me/delete`, {method: 'POST', body: new URLSearchParams({t: token})})).status, 410);
});

test('an address without comments gets the same answer and no mail; bad input and floods are refused', async () => {
  const before = smtp.received.length;
  assert.equal((await askLink('nobody@example.org')).status, 202);
  await server.notifications.flush();
  assert.equal(smtp.received.length, before);
  const bad = await askLink('not an address');
  assert.equal(bad.status, 400);
  assert.equal(((await bad.json()) as {error: {code: string}}).error.code, 'invalid_email');
  for (let i = 0; i < 3; i++) assert.equal((await askLink('flood@example.org')).status, 202);
  // The fourth for one address in an hour (and the sixth from this client).
  const fourth = await askLink('flood@example.org');
  assert.equal(fourth.status, 429);
  assert.ok(Number(fourth.headers.get('retry-after')) > 0);
  const forged = await fetch(`${server.url}/api/me?t=${'a'.repeat(20)}.${'b'.repeat(43)}`);
  assert.equal(forged.status, 400);
});
