// The built bundle on the demo page, served by the real server with a real SQLite file, driven in Chromium.
// Every case starts its own server on a fresh database and its own browser context, so the cases run in any order.
import {after, afterEach, before, beforeEach, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Browser, BrowserContext, Page} from 'puppeteer-core';
import {launchBrowser} from '../lib/browsers.js';
import {seedComment} from '../lib/seed-comment.js';
import {startTestServer, type TestServer} from './server-process.js';

const THREAD = '/2014/03/networking';
const root = mkdtempSync(join(tmpdir(), 'natter-e2e-'));
let browser: Browser;
let server: TestServer;
let context: BrowserContext;
let page: Page;
let db: string;
let fetched: string[];
let cases = 0;

// NATTER_MIN_SECONDS=3, the default, spelled out: startTestServer turns the form check off for raw-HTTP tests (spam's TEMPORARY), the widget must pass it.
const start = (port?: number) => startTestServer({db, port, env: {NATTER_RATE_LIMIT: '1000', NATTER_THREAD_RATE_LIMIT: '0', NATTER_GLOBAL_RATE_LIMIT: '0', NATTER_MIN_SECONDS: '3'}});

/** What the reader sees: each comment's body text and the note beside it, in document order. */
function shown(p: Page) {
  return p.evaluate(() => {
    const shadow = document.querySelector('natter-thread')!.shadowRoot!;
    return [...shadow.querySelectorAll('[part~="comment"]')].map((c) => ({
      id: c.getAttribute('data-id')!,
      body: c.querySelector('[part~="body"]')!.textContent!.trim(),
      note: c.querySelector('[part~="note"]')?.textContent ?? '',
      depth: (() => {
        let d = 0;
        for (let n = c.closest('ol'); n; n = n.parentElement!.closest('ol')) d++;
        return d;
      })(),
    }));
  });
}

/** Waits until the heading shows a count and the top form is there (it arrives with the write chunk, just after). */
async function waitForLoaded(p: Page) {
  await p.waitForFunction(() => {
    const shadow = document.querySelector('natter-thread')?.shadowRoot;
    return /^\d+ comments?$/.test(shadow?.querySelector('[part~="heading"]')?.textContent ?? '') && !!shadow?.querySelector('[part~="composer"] textarea');
  }, {timeout: 15000});
}

async function fill(p: Page, formIndex: number, fields: Record<string, string>) {
  for (const [name, value] of Object.entries(fields)) {
    const handle = (await p.evaluateHandle((i, n) => document.querySelector('natter-thread')!.shadowRoot!.querySelectorAll('[part~="composer"]')[i].querySelector(`[name="${n}"]`), formIndex, name)).asElement()!;
    await (handle as any).click({count: 3});
    await (handle as any).type(value);
  }
}

async function submit(p: Page, formIndex: number) {
  await p.evaluate((i) => document.querySelector('natter-thread')!.shadowRoot!.querySelectorAll<HTMLElement>('[part~="composer"] [part~="submit-button"]')[i].click(), formIndex);
}

const replyButtons = (p: Page) => p.evaluate(() => document.querySelector('natter-thread')!.shadowRoot!.querySelectorAll('[part~="reply-button"]').length);

async function apiList() {
  const r = await fetch(`${server.url}/api/comments?thread=${encodeURIComponent(THREAD)}&limit=100`);
  return (await r.json()) as {comments: {id: string; body: string; parent: string | null}[]; total: number};
}

async function post(body: string, parent: string | null = null) {
  return (await seedComment(server.url, {thread: THREAD, parent, author: 'Seed', body}, `seed-${Buffer.from(body).toString('hex').slice(0, 40)}`)).comment;
}

describe('the demo page on the real server', () => {
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    rmSync(root, {recursive: true, force: true});
  });
  beforeEach(async () => {
    db = join(root, `natter-${++cases}.db`);
    server = await start();
    context = await browser.createBrowserContext();
    page = await context.newPage();
    fetched = [];
    page.on('pageerror', (e) => console.error('page error:', e));
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  });
  afterEach(async () => {
    await context?.close();
    await server?.stop();
  });

  it('loads the bundle that the embed snippet names and shows an empty thread', async () => {
    await page.goto(`${server.url}/`);
    await waitForLoaded(page);
    const heading = await page.evaluate(() => document.querySelector('natter-thread')!.shadowRoot!.querySelector('[part~="heading"]')!.textContent);
    assert.equal(heading, '0 comments');
    assert.ok(fetched.includes('/natter.js'));
    assert.ok(!fetched.some((p) => p.includes('memory')), 'readers never download the in-page adapter');
  });

  it('posts a comment and a reply, and both are there after a reload', async () => {
    await page.goto(`${server.url}/`);
    await waitForLoaded(page);
    await fill(page, 0, {body: 'First, from the **end-to-end** test', author: 'Ada'});
    await submit(page, 0);
    await page.waitForFunction(() => document.querySelector('natter-thread')!.shadowRoot!.querySelectorAll('[part~="reply-button"]').length === 1, {timeout: 10000});
    await page.evaluate(() => document.querySelector('natter-thread')!.shadowRoot!.querySelector<HTMLElement>('[part~="reply-button"]')!.click());
    await page.waitForFunction(() => document.querySelector('natter-thread')!.shadowRoot!.querySelectorAll('[part~="composer"]').length === 2);
    await fill(page, 1, {body: 'A reply, inline', author: 'Grace'});
    await submit(page, 1);
    await page.waitForFunction(() => document.querySelector('natter-thread')!.shadowRoot!.querySelectorAll('[part~="reply-button"]').length === 2, {timeout: 10000});

    await page.reload();
    await waitForLoaded(page);
    const comments = await shown(page);
    assert.deepEqual(comments.map((c) => [c.body, c.depth]), [['First, from the end-to-end test', 1], ['A reply, inline', 2]]);
  });

  it('still shows posted comments after the server is killed and restarted', async () => {
    const first = await post('Before the crash');
    await post('A reply before the crash', first.id);
    await server.kill();
    server = await start(server.port);
    await page.goto(`${server.url}/`);
    await waitForLoaded(page);
    assert.deepEqual((await shown(page)).map((c) => c.body), ['Before the crash', 'A reply before the crash']);
  });

  it('restores a draft after a reload', async () => {
    await page.goto(`${server.url}/`);
    await waitForLoaded(page);
    await fill(page, 0, {body: 'An unfinished thought', author: 'Ada'});
    await page.reload();
    await waitForLoaded(page);
    await page.waitForFunction(() => document.querySelector('natter-thread')!.shadowRoot!.querySelector('textarea')!.value !== '', {timeout: 5000});
    const value = await page.evaluate(() => document.querySelector('natter-thread')!.shadowRoot!.querySelector('textarea')!.value);
    assert.equal(value, 'An unfinished thought');
  });

  it('runs from the classic script tag too, fetching the in-page adapter only on the page that asks for it', async () => {
    await page.goto(`${server.url}/preview.html`);
    await waitForLoaded(page);
    await fill(page, 0, {body: 'Previewing the theme', author: 'Ada'});
    await submit(page, 0);
    await page.waitForFunction(() => document.querySelector('natter-thread')!.shadowRoot!.querySelectorAll('[part~="reply-button"]').length === 1, {timeout: 10000});
    assert.deepEqual((await shown(page)).map((c) => c.body), ['Previewing the theme']);
    assert.ok(fetched.includes('/natter.classic.js'));
    assert.ok(fetched.includes('/natter.js'), 'the classic stub imports the loader from beside itself');
    assert.ok(fetched.some((p) => /^\/chunks\/memory-[\w-]+\.js$/.test(p)), 'the in-page adapter chunk');
    assert.ok(!fetched.some((p) => p.startsWith('/api/')), 'the in-page adapter sends nothing to the server');
  });

  it('queues a comment posted while the server is down and sends it exactly once when it is back', async () => {
    await page.goto(`${server.url}/`);
    await waitForLoaded(page);
    await fill(page, 0, {body: 'Sent through an outage', author: 'Ada'});
    await server.kill();
    await submit(page, 0);
    await page.waitForFunction(() => [...document.querySelector('natter-thread')!.shadowRoot!.querySelectorAll('[part~="note"]')].some((n) => n.textContent!.startsWith('Waiting to send')), {timeout: 20000});
    server = await start(server.port);
    await page.waitForFunction(() => document.querySelector('natter-thread')!.shadowRoot!.querySelectorAll('[part~="note"]').length === 0, {timeout: 40000});
    const list = await apiList();
    assert.equal(list.comments.filter((c) => c.body === 'Sent through an outage').length, 1);
    assert.equal(list.total, 1);
    assert.equal((await shown(page)).filter((c) => c.body === 'Sent through an outage').length, 1);
    await page.reload();
    await waitForLoaded(page);
    assert.equal((await shown(page)).filter((c) => c.body === 'Sent through an outage').length, 1);
    assert.equal(await replyButtons(page), 1);
    assert.equal(await page.evaluate(() => document.querySelector('natter-thread')!.shadowRoot!.querySelector('textarea')!.value), '');
  });
});
