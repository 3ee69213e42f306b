// A static blog that included the server's fragment at build time inside <natter-thread>, in real Chromium against
// the real server: the reader has scrolled to the thread when the widget takes over. The takeover must not shift
// the layout (cumulative layout shift from the buffered 'layout-shift' entries, goal ≤ 0.01), must keep the comment
// the reader was looking at in place, must ask only for what is newer, and must then show a comment posted after
// the fragment was made, without showing the fragment's comments twice.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import type {Browser} from 'puppeteer-core';
import {loadConfig} from '../../src/server/config.js';
import type {CommentStore} from '../../src/server/store/comment-store.js';
import {openStore} from '../../src/server/store/open-store.js';
import {type BlogOrigin, serveBlog} from '../lib/blog-origin.js';
import {launchBrowser} from '../lib/browsers.js';
import {startTestServer, type TestServer} from './server-process.js';

const THREAD = '/posts/static';
const dir = mkdtempSync(join(tmpdir(), 'natter-takeover-'));
const db = join(dir, 'takeover.db');
let natter: TestServer;
let store: CommentStore;
let blog: BlogOrigin;
let browser: Browser;
let fragment = '';

const lorem = 'A comment long enough to wrap on a phone, with a second sentence so that it takes two or three lines.';

async function add(n: number, parent: string | null, createdAt: string, body = `${lorem} (${n})`) {
  const result = await store.insertComment({thread: THREAD, parent, author: `Reader ${n}`, email: null, website: null, body},
    {idempotencyKey: `seed-${n}`, requestHash: `seed-${n}`, status: 'published', createdAt, ip: null});
  if (result.kind !== 'created') throw new Error('seed failed');
  return result.comment.id;
}

const blogPage = (natterUrl: string, at: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>A static post</title>
<script>
  window.shifts = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.shifts.push({value: e.value, recent: e.hadRecentInput, at: Math.round(e.startTime), sources: e.sources.map((s) => (s.node ? (s.node.nodeName + "." + (s.node.getAttribute?.("part") ?? s.node.id ?? "")) : "?") + " " + JSON.stringify([Math.round(s.previousRect.y), Math.round(s.currentRect.y), Math.round(s.currentRect.height)]))}); })
    .observe({type: 'layout-shift', buffered: true});
</script>
<script type="module" src="${natterUrl}/natter.js"></script>
<style>body { font: 17px/1.5 Georgia, serif; margin: 0 auto; max-width: 40rem; padding: 0 1rem; }</style>
</head>
<body><article><h1>A static post</h1><p style="height: 150vh">Text of the post.</p></article>
<natter-thread endpoint="${natterUrl}" thread="${THREAD}">${fragment}</natter-thread>
<footer><p>The blog's footer.</p></footer>
<script>
  // The reader has scrolled to the fifth comment before the widget arrives (the loader runs after this script).
  if ('${at}' === 'comment') document.getElementById('c-5').scrollIntoView();
  // Or with the thread's heading in the middle of the screen, the post's end above it.
  else scrollBy(0, document.querySelector('natter-thread').getBoundingClientRect().top - innerHeight / 2);
  // The comment at the top of the screen: the one whose place the takeover keeps (as the browser's scroll anchoring).
  const first = [...document.querySelectorAll('natter-thread article')].find((a) => a.getBoundingClientRect().bottom > 0);
  window.before = first && {id: first.id.slice(2), top: first.getBoundingClientRect().top};
</script>
</body></html>`;

before(async () => {
  natter = await startTestServer({db, env: {NATTER_RATE_LIMIT: '1000'}});
  store = await openStore(loadConfig(['--db', db], {}));
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
  for (let i = 1; i <= 8; i++) await add(i, null, at(i));
  await add(9, '2', at(9), 'A reply that was in the fragment.');
  fragment = await (await fetch(`${natter.url}/api/fragment?thread=${encodeURIComponent(THREAD)}`)).text();
  // After the build: a new comment, and a reply to one of the fragment's.
  await add(10, null, new Date().toISOString(), 'Posted after the fragment was made.');
  await add(11, '3', new Date(Date.now() + 1).toISOString(), 'A late reply to the third comment.');
  blog = await serveBlog((path) => blogPage(natter.url, path.includes('heading') ? 'heading' : 'comment'));
  browser = await launchBrowser('chromium');
});
after(async () => {
  await browser?.close();
  await blog?.close();
  await store?.close();
  await natter?.stop();
  rmSync(dir, {recursive: true, force: true});
});

describe('taking over a build-time fragment', {timeout: 60000}, () => {
  it('shifts nothing (CLS ≤ 0.01), keeps the reader in place, fetches only what is newer, and adds it once', async () => {
    const page = await browser.newPage();
    await page.setViewport({width: 390, height: 844, isMobile: true, deviceScaleFactor: 1});
    const requests: string[] = [];
    page.on('request', (r) => void requests.push(r.url()));
    await page.goto(`${blog.url}/post`, {waitUntil: 'load'});
    // Taken over: the widget's own comments and its form are in its shadow root.
    await page.waitForFunction(() => {
      const shadow = document.querySelector('natter-thread')?.shadowRoot;
      return !!shadow?.querySelector('[part~="comment"]') && !!shadow.querySelector('[part~="composer"]');
    }, {timeout: 20000});
    // Let late work settle (drafts read from IndexedDB, the later-view frame).
    await new Promise((r) => setTimeout(r, 1500));
    const seen = await page.evaluate(() => {
      const shadow = document.querySelector('natter-thread')!.shadowRoot!;
      const ids = [...shadow.querySelectorAll('[part~="comment"]')].map((c) => c.getAttribute('data-id')!);
      const w = window as unknown as {shifts: {value: number; recent: boolean}[]; before: {id: string; top: number}};
      const after = shadow.querySelector(`[data-id="${w.before.id}"]`)!.getBoundingClientRect().top;
      return {ids, after, before: w.before, cls: w.shifts.filter((s) => !s.recent).reduce((sum, s) => sum + s.value, 0), shifts: w.shifts};
    });
    if (seen.cls > 0) console.log(JSON.stringify(seen.shifts));
    console.log(`takeover: CLS ${seen.cls.toFixed(4)} (${seen.shifts.length} shifts); comment ${seen.before.id} (top of the screen) at ${seen.before.top.toFixed(1)} px before, ${seen.after.toFixed(1)} px after`);
    assert.ok(seen.cls <= 0.01, `CLS ${seen.cls} > 0.01: ${JSON.stringify(seen.shifts)}`);
    assert.ok(Math.abs(seen.after - seen.before.top) <= 2, `the comment at the top of the screen moved from ${seen.before.top} to ${seen.after}`);
    assert.deepEqual([...seen.ids].sort((a, b) => +a - +b), ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'], 'each comment once, the new ones too');
    assert.ok(seen.ids.indexOf('11') === seen.ids.indexOf('3') + 1, 'the late reply sits under its parent');
    const api = requests.filter((u) => u.startsWith(`${natter.url}/api/`)).map((u) => new URL(u).pathname);
    assert.deepEqual(api, ['/api/fragment/newer'], 'only what is newer is fetched');
    await page.close();
  });

  it('shifts nothing either with the thread\'s heading in the middle of the screen', async () => {
    const page = await browser.newPage();
    await page.setViewport({width: 390, height: 844, isMobile: true, deviceScaleFactor: 1});
    await page.goto(`${blog.url}/post-heading`, {waitUntil: 'load'});
    await page.waitForFunction(() => !!document.querySelector('natter-thread')?.shadowRoot?.querySelector('[part~="composer"]'), {timeout: 20000});
    await new Promise((r) => setTimeout(r, 1500));
    const cls = await page.evaluate(() => (window as unknown as {shifts: {value: number; recent: boolean}[]}).shifts.filter((s) => !s.recent).reduce((sum, s) => sum + s.value, 0));
    console.log(`takeover with the thread's heading mid-screen: CLS ${cls.toFixed(4)}`);
    assert.ok(cls <= 0.01, `CLS ${cls}`);
    await page.close();
  });

  it('then posts through the widget', async () => {
    const page = await browser.newPage();
    await page.goto(`${blog.url}/post`, {waitUntil: 'load'});
    await page.waitForFunction(() => !!document.querySelector('natter-thread')?.shadowRoot?.querySelector('[part~="composer"] [name="body"]'), {timeout: 20000});

    // The reader then posts through the widget: the form stamp came with the newer answer.
    const field = (name: string) => page.evaluateHandle((n) => document.querySelector('natter-thread')!.shadowRoot!
      .querySelector('[part~="composer"]')!.querySelector(`[name="${n}"]`), name);
    for (const [name, value] of [['body', 'Posted after the takeover.'], ['author', 'Ada']] as const) {
      const handle = (await field(name)).asElement() as import('puppeteer-core').ElementHandle<HTMLInputElement>;
      await handle.type(value);
    }
    // As a person would: not within the seconds a bot takes.
    await new Promise((r) => setTimeout(r, 2000));
    await page.evaluate(() => document.querySelector('natter-thread')!.shadowRoot!.querySelector<HTMLElement>('[part~="composer"] [part~="submit-button"]')!.click());
    const list = async () => (await (await fetch(`${natter.url}/api/comments?thread=${encodeURIComponent(THREAD)}`)).json()) as {comments: {body: string}[]};
    const deadline = Date.now() + 10000;
    while (!(await list()).comments.some((c) => c.body === 'Posted after the takeover.') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.ok((await list()).comments.some((c) => c.body === 'Posted after the takeover.'), 'the post reached the server');
  });
});
