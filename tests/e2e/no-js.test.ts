// The no-JS fallback in real Chromium with JavaScript turned off, against the real server process: a reader reads
// a thread on /t, posts through the plain form (post, redirect, get), replies through a comment's Reply link, and
// with moderation on sees their own comment as awaiting moderation while nobody else does.
import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Browser, Page} from 'puppeteer-core';
import {launchBrowser} from '../lib/browsers.js';
import {startTestServer, type TestServer} from './server-process.js';

const root = mkdtempSync(join(tmpdir(), 'natter-nojs-'));
let browser: Browser;
const servers: TestServer[] = [];

before(async () => {
  browser = await launchBrowser('chromium');
});
after(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(root, {recursive: true, force: true});
});

async function serve(name: string, env: Record<string, string> = {}) {
  const server = await startTestServer({db: join(root, `${name}.db`), env: {NATTER_RATE_LIMIT: '1000', ...env}});
  servers.push(server);
  return server;
}

async function noJsPage(): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setViewport({width: 390, height: 844, isMobile: true});
  return page;
}

/** What the reader sees of the comments: author, body and note, with the nesting depth. */
const comments = (page: Page) => page.$$eval('article.natter-comment', (list) => list.map((a) => ({
  author: a.querySelector('.natter-author')?.textContent ?? '',
  body: a.querySelector('.natter-body')?.textContent?.trim() ?? '',
  held: a.querySelector('.natter-pending')?.textContent ?? '',
  depth: (() => {
    let d = 0;
    for (let n = a.closest('ol'); n; n = n.parentElement?.closest('ol') ?? null) d++;
    return d;
  })(),
})));

// The server refuses a form sent sooner than NATTER_MIN_SECONDS (3 by default) after it was shown, as a bot would.
const readerPause = () => new Promise((r) => setTimeout(r, 3200));

async function writeAndPost(page: Page, fields: {author: string; body: string; website?: string}) {
  await page.type('#f-body', fields.body);
  await page.type('#f-author', fields.author);
  if (fields.website) await page.type('#f-website', fields.website);
  await readerPause();
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}

describe('reading and writing without JavaScript (/t)', {timeout: 120000}, () => {
  it('a reader reads the thread, posts a comment, sees it after the redirect, and replies through a Reply link', async () => {
    const server = await serve('open');
    const page = await noJsPage();
    const thread = '/2026/01/no-js';
    const response = await page.goto(`${server.url}/t?thread=${encodeURIComponent(thread)}`);
    assert.equal(response!.status(), 200);
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Comments');
    assert.ok((await page.content()).includes('No comments yet.'));
    assert.equal(await page.$eval('.natter-trap', (p) => p.getBoundingClientRect().right <= 0), true, 'the honeypot is off screen');

    await writeAndPost(page, {author: 'Ada', body: 'Works *without* scripts.', website: 'https://ada.example/'});
    const url = new URL(page.url());
    assert.equal(url.pathname, '/t');
    assert.match(url.hash, /^#c-\d+$/);
    assert.equal(url.searchParams.get('thread'), thread);
    assert.deepEqual(await comments(page), [{author: 'Ada', body: 'Works without scripts.', held: '', depth: 1}]);
    assert.equal(await page.$eval('.natter-author a', (a) => a.getAttribute('rel')), 'nofollow ugc noopener');
    assert.match(await page.$eval('[role=status]', (p) => p.textContent!), /Your comment is posted/);

    // Reload: post-redirect-get means no form is sent again.
    await page.reload();
    assert.equal((await comments(page)).length, 1);

    await Promise.all([page.waitForNavigation(), page.click('.natter-actions a')]);
    assert.equal(await page.$eval('#form-heading', (h) => h.textContent), 'Reply to Ada');
    await writeAndPost(page, {author: 'Bob', body: 'A reply, also without scripts.'});
    assert.deepEqual((await comments(page)).map((c) => [c.author, c.depth]), [['Ada', 1], ['Bob', 2]]);

    // The widget's API sees the same comments.
    const list = (await (await fetch(`${server.url}/api/comments?thread=${encodeURIComponent(thread)}`)).json()) as {total: number};
    assert.equal(list.total, 2);
  });

  it('with NATTER_MODERATION=all the author sees their comment awaiting moderation, and other readers do not', async () => {
    const server = await serve('held', {NATTER_MODERATION: 'all'});
    const page = await noJsPage();
    const thread = '/2026/01/held';
    await page.goto(`${server.url}/t?thread=${encodeURIComponent(thread)}`);
    await writeAndPost(page, {author: 'Ada', body: 'Hold me for a moment.'});
    assert.deepEqual(await comments(page), [{author: 'Ada', body: 'Hold me for a moment.', held: 'Awaiting moderation', depth: 1}]);
    assert.match(await page.$eval('[role=status]', (p) => p.textContent!), /awaiting moderation/);

    const other = await noJsPage();
    await other.goto(`${server.url}/t?thread=${encodeURIComponent(thread)}`);
    assert.deepEqual(await comments(other), []);
  });

  it('a refused post keeps what the reader typed and says why', async () => {
    const server = await serve('refused');
    const page = await noJsPage();
    await page.goto(`${server.url}/t?thread=/2026/01/refused`);
    // Typed into a field the browser does not check (type=url would stop the form before it is sent).
    await page.$eval('#f-website', (i) => i.setAttribute('type', 'text'));
    await writeAndPost(page, {author: 'Ada', body: 'Please keep this text.', website: 'ftp://ada.example'});
    assert.match(await page.$eval('#form-error', (p) => p.textContent!), /website must be a full address/);
    assert.equal(await page.$eval('#f-body', (t) => (t as HTMLTextAreaElement).value), 'Please keep this text.');
    assert.equal(await page.$eval('#f-author', (t) => (t as HTMLInputElement).value), 'Ada');
  });
});
