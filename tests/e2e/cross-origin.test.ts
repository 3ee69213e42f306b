// A blog on one origin embeds the widget from the Natter server on another, as real blogs do: the bundle (and any
// chunks it imports) must arrive compressed with CORS headers, and a second visit must not download it again.
import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import type {Browser, HTTPResponse, Page} from 'puppeteer-core';
import {launchBrowser} from '../lib/browsers.js';
import {seedComment} from '../lib/seed-comment.js';
import {type BlogOrigin, serveBlog} from '../lib/blog-origin.js';
import {startTestServer, type TestServer} from './server-process.js';

const THREAD = '/posts/cross-origin';
const dir = mkdtempSync(join(tmpdir(), 'natter-cross-origin-'));
let natter: TestServer;
let blog: BlogOrigin | undefined;
let blogUrl = '';
let browser: Browser;

/** The build's chunks, if it has any (a one-file build has none). */
const distDir = fileURLToPath(new URL('../../dist/', import.meta.url));
const builtChunks = (() => {
  try {
    return readdirSync(join(distDir, 'chunks')).filter((name) => name.endsWith('.js'));
  } catch {
    return [];
  }
})();

/** The blog's page: the embed snippet from the README, pointing at the Natter server's origin. */
const blogPage = (natterUrl: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A blog post</title></head>
<body><article><h1>A blog post</h1><p>Some text.</p></article>
<natter-thread endpoint="${natterUrl}" thread="${THREAD}" eager></natter-thread>
<script type="module" src="${natterUrl}/natter.js"></script>
</body></html>`;

/** Visits the blog once and returns every script response that came from the Natter server, once the comment shows. */
async function visit(page: Page): Promise<HTTPResponse[]> {
  const scripts: HTTPResponse[] = [];
  const record = (r: HTTPResponse) => {
    if (r.url().startsWith(natter.url) && new URL(r.url()).pathname.endsWith('.js')) scripts.push(r);
  };
  page.on('response', record);
  // The feature chunks (votes, live) load once the first page says the thread offers them, which may
  // be after the form shows: the visit lasts until the live stream is asked for and nothing else is on its way (the
  // stream stays open), so that every chunk it loaded has arrived whole and can be cached.
  const streaming = page.waitForRequest((r) => r.url().startsWith(`${natter.url}/api/events`), {timeout: 15000});
  try {
    await page.goto(blogUrl);
    // The comment, then the form: the write chunk is then in too, so a second visit can find every chunk cached
    // (a visit that ended while the write chunk was on its way would leave nothing to cache).
    await page.waitForFunction(
      () => document.querySelector('natter-thread')?.shadowRoot?.querySelector('[part~="body"]')?.textContent?.includes('Hello from the other origin'),
      {timeout: 15000},
    );
    await page.waitForFunction(() => document.querySelector('natter-thread')?.shadowRoot?.querySelector('textarea'), {timeout: 15000});
    await streaming;
    await page.waitForNetworkIdle({idleTime: 200, concurrency: 1, timeout: 15000});
  } finally {
    page.off('response', record);
  }
  return scripts;
}

/** Visits the blog `count` times in a new browser context (its own empty cache); the scripts of each visit. */
async function visits(count: number): Promise<HTTPResponse[][]> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e));
    const all: HTTPResponse[][] = [];
    for (let i = 0; i < count; i++) all.push(await visit(page));
    return all;
  } finally {
    await context.close();
  }
}

describe('a blog on another origin', () => {
  before(async () => {
    // The server sends a file modified under 2 s ago with no-store (a build may still be writing it); right after
    // `npm run build`, wait until the bundle has settled, or no visit could be cached.
    const built = [...readdirSync(distDir).filter((n) => n.endsWith('.js')), ...builtChunks.map((n) => join('chunks', n))];
    const youngest = Math.max(0, ...built.map((n) => statSync(join(distDir, n)).mtimeMs));
    const settleFor = youngest + 2500 - Date.now();
    if (settleFor > 0) await sleep(settleFor);
    // NATTER_MIN_SECONDS=3, the default, spelled out: startTestServer turns the form check off for raw-HTTP tests (spam's TEMPORARY), the widget must pass it.
    natter = await startTestServer({db: join(dir, 'natter.db'), env: {NATTER_MIN_SECONDS: '3'}});
    const {comment} = await seedComment(natter.url, {thread: THREAD, author: 'Ada', body: 'Hello from the other origin'}, 'cross-origin-seed');
    assert.equal(comment.status, 'published');
    blog = await serveBlog(() => blogPage(natter.url));
    blogUrl = `${blog.url}/post.html`;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await blog?.close();
    await natter?.stop();
    rmSync(dir, {recursive: true, force: true});
  });

  it('loads the widget and its comments, brotli-compressed, with CORS headers', async (t) => {
    const [scripts = []] = await visits(1);
    assert.ok(scripts.some((r) => new URL(r.url()).pathname === '/natter.js'), 'natter.js was fetched');
    const chunks: string[] = [];
    for (const r of scripts) {
      const name = new URL(r.url()).pathname;
      const headers = r.headers();
      assert.equal(r.status(), 200, name);
      assert.equal(headers['access-control-allow-origin'], '*', name);
      assert.match(headers.vary ?? '', /accept-encoding/i, name);
      // Chromium offers `gzip, deflate, br, zstd`; brotli is the smallest the server makes.
      assert.equal(headers['content-encoding'], 'br', `${name} (asked for ${r.request().headers()['accept-encoding']})`);
      if (name.startsWith('/chunks/')) chunks.push(name);
      else assert.equal(headers['cache-control'], 'public, max-age=300', name);
    }
    if (builtChunks.length === 0) t.diagnostic('dist/chunks/ holds no .js: this build has no chunks to check for immutable');
    else if (chunks.length === 0) t.diagnostic(`the build has ${builtChunks.length} chunks; this visit fetched none`);
    for (const name of chunks) {
      assert.match(scripts.find((r) => new URL(r.url()).pathname === name)!.headers()['cache-control'] ?? '', /\bimmutable\b/, name);
    }
  });

  it('downloads no script again on a second visit', async () => {
    const [first = [], second = []] = await visits(2);
    assert.ok(first.length > 0 && second.length > 0, 'both visits used the widget');
    for (const r of second) {
      assert.ok(r.fromCache() || r.status() === 304, `${new URL(r.url()).pathname}: ${r.status()}, from cache: ${r.fromCache()}`);
    }
  });
});
