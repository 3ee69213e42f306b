// A reader on a blog (another origin) writes a comment to a real Natter server that holds every comment and wants a
// signed form token, with its default minimum time between the list and the post. The comment must land once, carry
// the token the loader's prefetched list brought, and still show as "Awaiting moderation" after a reload.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import type {Browser, Page} from 'puppeteer-core';
import {launchBrowser} from '../lib/browsers.js';
import {type BlogOrigin, serveBlog} from '../lib/blog-origin.js';
import {seedComment} from '../lib/seed-comment.js';
import {startTestServer, type TestServer} from './server-process.js';

const THREAD = '/posts/held';
const dir = mkdtempSync(join(tmpdir(), 'natter-held-'));
let natter: TestServer;
let blog: BlogOrigin | undefined;
let browser: Browser;

const blogPage = (natterUrl: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A held comment</title>
<script type="module" src="${natterUrl}/natter.js"></script></head>
<body><h1>A post</h1><natter-thread endpoint="${natterUrl}" thread="${THREAD}" eager></natter-thread></body></html>`;

/** Text of every part `name` in the thread's shadow root. */
const partsText = (page: Page, name: string) =>
  page.evaluate((n) => [...document.querySelector('natter-thread')!.shadowRoot!.querySelectorAll(`[part~="${n}"]`)].map((e) => e.textContent!.trim()), name);

describe('a held comment and the form token, against the real server', () => {
  before(async () => {
    // NATTER_MIN_SECONDS=3, the default, spelled out: startTestServer turns the form check off for raw-HTTP tests (spam's TEMPORARY), the widget must pass it.
    natter = await startTestServer({db: join(dir, 'natter.db'), env: {NATTER_MODERATION: 'all', NATTER_MIN_SECONDS: '3'}});
    blog = await serveBlog(() => blogPage(natter.url));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await blog?.close();
    await natter?.stop();
    rmSync(dir, {recursive: true, force: true});
  });

  it('posts with the prefetched token, lands once, and keeps showing the held comment after a reload', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e));
    const tokens: string[] = [];
    const posts: {form?: string; key: string; status: number; code?: string}[] = [];
    const reading: Promise<unknown>[] = [];
    page.on('response', (r) => {
      const url = new URL(r.url());
      if (!r.url().startsWith(natter.url) || url.pathname !== '/api/comments') return;
      if (r.request().method() === 'GET') tokens.push(r.headers()['natter-form'] ?? '');
      if (r.request().method() === 'POST') {
        const post = {form: JSON.parse(r.request().postData() ?? '{}').form, key: r.request().headers()['idempotency-key'], status: r.status(), code: undefined as string | undefined};
        posts.push(post);
        reading.push(r.json().then((d) => (post.code = d?.error?.code), () => {}));
      }
    });
    await page.goto(`${blog!.url}/post.html`);
    const thread = 'natter-thread';
    await page.waitForFunction((t) => document.querySelector(t)?.shadowRoot?.querySelector('textarea'), {timeout: 15000}, thread);
    // A reader who types fast: well inside the server's minimum time after the list.
    const textarea = await page.evaluateHandle((t) => document.querySelector(t)!.shadowRoot!.querySelector('textarea')!, thread);
    const name = await page.evaluateHandle((t) => document.querySelector(t)!.shadowRoot!.querySelector<HTMLInputElement>('[name="author"]')!, thread);
    await textarea.asElement()!.type('Held, then kept');
    await name.asElement()!.type('Ada');
    await page.evaluate((t) => document.querySelector(t)!.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click(), thread);
    await page.waitForFunction(
      (t) => document.querySelector(t)!.shadowRoot!.querySelector('[part~="status"]')!.textContent === 'Your comment awaits moderation.',
      {timeout: 20000},
      thread,
    );
    await Promise.all(reading);
    assert.ok(tokens.length >= 1 && tokens[0], `the list carried a Natter-Form token: ${JSON.stringify(tokens)}`);
    // Every attempt carries a token the server issued, all with one key, and exactly one was accepted.
    assert.ok(posts.length >= 1, 'the widget posted');
    for (const p of posts) assert.ok(tokens.includes(p.form!), `post sent form ${p.form}, issued ${JSON.stringify(tokens)}`);
    assert.equal(posts[0].form, tokens[0], 'the first post used the prefetched list\'s token');
    assert.equal(new Set(posts.map((p) => p.key)).size, 1, 'one idempotency key');
    assert.deepEqual(posts.filter((p) => p.status !== 201).map((p) => p.code).filter((c) => c !== 'too_fast'), [], 'no refusal but too_fast');
    assert.equal(posts.filter((p) => p.status === 201).length, 1, 'accepted once');
    assert.deepEqual(await partsText(page, 'note'), ['Awaiting moderation']);

    // Nobody else sees it: the server lists nothing.
    const listed = await (await fetch(`${natter.url}/api/comments?thread=${encodeURIComponent(THREAD)}`)).json();
    assert.equal(listed.total, 0);

    await page.reload();
    await page.waitForFunction(
      (t) => document.querySelector(t)?.shadowRoot?.querySelector('[part~="note"]')?.textContent === 'Awaiting moderation',
      {timeout: 15000},
      thread,
    );
    assert.deepEqual(await partsText(page, 'body'), ['Held, then kept']);
    assert.deepEqual(await partsText(page, 'author'), ['Ada']);
    await context.close();
  });

  it('lets a patient script seed a comment with a token (the helper other end-to-end tests use)', async () => {
    const {comment} = await seedComment(natter.url, {thread: '/posts/seeded', author: 'Grace', body: 'Seeded'});
    assert.equal(comment.status, 'pending');
  });
});
