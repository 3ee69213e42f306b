// The built bundle on the demo page, served by the real server with a real SQLite file, driven in Chromium.
import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import puppeteer, {type Browser, type Page} from 'puppeteer-core';
import {startTestServer, type TestServer} from './server-process.js';

const THREAD = '/2014/03/networking';
const dir = mkdtempSync(join(tmpdir(), 'natter-e2e-'));
const db = join(dir, 'natter.db');
let server: TestServer;
let browser: Browser;
let page: Page;
const mainPageRequests: string[] = [];

const start = (port?: number) => startTestServer({db, port, env: {NATTER_RATE_LIMIT: '1000'}});

/** What the reader sees: each comment's body text and the note beside it, in document order. */
function shown(p: Page) {
  return p.evaluate(() => {
    const root = document.querySelector('natter-thread')!.shadowRoot!;
    return [...root.querySelectorAll('[part~="comment"]')].map((c) => ({
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

async function waitForLoaded(p: Page) {
  await p.waitForFunction(() => /^\d+ comments?$/.test(document.querySelector('natter-thread')?.shadowRoot?.querySelector('[part~="heading"]')?.textContent ?? ''), {timeout: 15000});
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

async function apiList() {
  const r = await fetch(`${server.url}/api/comments?thread=${encodeURIComponent(THREAD)}&limit=100`);
  return (await r.json()) as {comments: {id: string; body: string; parent: string | null}[]; total: number};
}

describe('the demo page on the real server', () => {
  before(async () => {
    server = await start();
    browser = await puppeteer.launch({
      executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', e));
    page.on('request', (r) => mainPageRequests.push(new URL(r.url()).pathname));
    await page.goto(`${server.url}/`);
    await waitForLoaded(page);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, {recursive: true, force: true});
  });

  it('loads the bundle that the embed snippet names and shows an empty thread', async () => {
    const heading = await page.evaluate(() => document.querySelector('natter-thread')!.shadowRoot!.querySelector('[part~="heading"]')!.textContent);
    assert.equal(heading, '0 comments');
    assert.ok(mainPageRequests.includes('/natter.js'));
    assert.ok(!mainPageRequests.includes('/natter-memory.js'), 'readers never download the in-page adapter');
  });

  it('posts a comment and a reply, and both are there after a reload', async () => {
    await fill(page, 0, {body: 'First, from the **end-to-end** test', author: 'Ada'});
    await submit(page, 0);
    await page.waitForFunction(() => {
      const root = document.querySelector('natter-thread')!.shadowRoot!;
      return root.querySelectorAll('[part~="reply-button"]').length === 1;
    }, {timeout: 10000});
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
    await server.kill();
    server = await start(server.port);
    await page.reload();
    await waitForLoaded(page);
    assert.deepEqual((await shown(page)).map((c) => c.body), ['First, from the end-to-end test', 'A reply, inline']);
  });

  it('restores a draft after a reload', async () => {
    await fill(page, 0, {body: 'An unfinished thought', author: 'Ada'});
    await page.reload();
    await waitForLoaded(page);
    const value = await page.evaluate(() => document.querySelector('natter-thread')!.shadowRoot!.querySelector('textarea')!.value);
    assert.equal(value, 'An unfinished thought');
  });

  it('runs from the classic script tag too, fetching the in-page adapter only on the page that asks for it', async () => {
    const preview = await browser.newPage();
    const fetched: string[] = [];
    preview.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await preview.goto(`${server.url}/preview.html`);
    await waitForLoaded(preview);
    await fill(preview, 0, {body: 'Previewing the theme', author: 'Ada'});
    await submit(preview, 0);
    await preview.waitForFunction(() => document.querySelector('natter-thread')!.shadowRoot!.querySelectorAll('[part~="reply-button"]').length === 1, {timeout: 10000});
    assert.deepEqual((await shown(preview)).map((c) => c.body), ['Previewing the theme']);
    assert.ok(fetched.includes('/natter.classic.js'));
    assert.ok(fetched.includes('/natter-memory.js'));
    assert.ok(!fetched.some((p) => p.startsWith('/api/')), 'the in-page adapter sends nothing to the server');
    await preview.close();
  });

  it('queues a comment posted while the server is down and sends it exactly once when it is back', async () => {
    await server.kill();
    await submit(page, 0);
    await page.waitForFunction(() => [...document.querySelector('natter-thread')!.shadowRoot!.querySelectorAll('[part~="note"]')].some((n) => n.textContent!.startsWith('Waiting to send')), {timeout: 20000});
    server = await start(server.port);
    await page.waitForFunction(() => document.querySelector('natter-thread')!.shadowRoot!.querySelectorAll('[part~="note"]').length === 0, {timeout: 40000});
    const list = await apiList();
    assert.equal(list.comments.filter((c) => c.body === 'An unfinished thought').length, 1);
    assert.equal(list.total, 3);
    assert.equal((await shown(page)).filter((c) => c.body === 'An unfinished thought').length, 1);
    await page.reload();
    await waitForLoaded(page);
    assert.equal((await shown(page)).filter((c) => c.body === 'An unfinished thought').length, 1);
    assert.equal(await page.evaluate(() => document.querySelector('natter-thread')!.shadowRoot!.querySelector('textarea')!.value), '');
  });
});
