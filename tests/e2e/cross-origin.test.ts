// A blog on one origin embeds the widget from the Natter server on another, as real blogs do: the bundle (and any
// chunks it imports) must arrive compressed with CORS headers, and a second visit must not download it again.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import puppeteer, {type Browser, type HTTPResponse, type Page} from 'puppeteer-core';
import {chooseCoding} from '../../src/server/accept-encoding.js';
import {freePort, startTestServer, type TestServer} from './server-process.js';

const THREAD = '/posts/cross-origin';
const dir = mkdtempSync(join(tmpdir(), 'natter-cross-origin-'));
let natter: TestServer;
let blog: Server;
let blogUrl = '';
let browser: Browser;
let page: Page;

/** The blog's page: the embed snippet from the README, pointing at the Natter server's origin. */
const blogPage = (natterUrl: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A blog post</title></head>
<body><article><h1>A blog post</h1><p>Some text.</p></article>
<natter-thread endpoint="${natterUrl}" thread="${THREAD}" eager></natter-thread>
<script type="module" src="${natterUrl}/natter.js"></script>
</body></html>`;

/** Visits the blog once and returns every script response that came from the Natter server, once the comment shows. */
async function visit(): Promise<HTTPResponse[]> {
  const scripts: HTTPResponse[] = [];
  const record = (r: HTTPResponse) => {
    if (r.url().startsWith(natter.url) && new URL(r.url()).pathname.endsWith('.js')) scripts.push(r);
  };
  page.on('response', record);
  try {
    await page.goto(blogUrl);
    await page.waitForFunction(
      () => document.querySelector('natter-thread')?.shadowRoot?.querySelector('[part~="body"]')?.textContent?.includes('Hello from the other origin'),
      {timeout: 15000},
    );
  } finally {
    page.off('response', record);
  }
  return scripts;
}

describe('a blog on another origin', () => {
  before(async () => {
    natter = await startTestServer({db: join(dir, 'natter.db')});
    const posted = await fetch(`${natter.url}/api/comments`, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'Idempotency-Key': 'cross-origin-seed'},
      body: JSON.stringify({thread: THREAD, author: 'Ada', body: 'Hello from the other origin'}),
    });
    assert.equal(posted.status, 201);
    const port = await freePort();
    // localhost vs 127.0.0.1 and another port: a different origin in every respect a browser checks.
    blogUrl = `http://localhost:${port}/post.html`;
    blog = createServer((_req, res) => {
      res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store'});
      res.end(blogPage(natter.url));
    });
    await new Promise<void>((done) => blog.listen(port, '127.0.0.1', done));
    browser = await puppeteer.launch({
      executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', e));
  });

  after(async () => {
    await browser?.close();
    await new Promise((done) => (blog ? blog.close(done) : done(undefined)));
    await natter?.stop();
    rmSync(dir, {recursive: true, force: true});
  });

  it('loads the widget and its comments, compressed, with CORS headers', async () => {
    const scripts = await visit();
    assert.ok(scripts.some((r) => new URL(r.url()).pathname === '/natter.js'), 'natter.js was fetched');
    for (const r of scripts) {
      const name = new URL(r.url()).pathname;
      const headers = r.headers();
      assert.equal(r.status(), 200, name);
      assert.equal(headers['access-control-allow-origin'], '*', name);
      assert.match(headers.vary ?? '', /accept-encoding/i, name);
      const expected = chooseCoding(r.request().headers()['accept-encoding'], ['br', 'gzip', 'identity']);
      assert.notEqual(expected, 'identity', `Chromium asked for a compression (${r.request().headers()['accept-encoding']})`);
      assert.equal(headers['content-encoding'], expected, name);
      assert.match(headers['cache-control'] ?? '', name.startsWith('/chunks/') ? /immutable/ : /max-age=300/, name);
    }
  });

  it('downloads no script again on a second visit', async () => {
    const scripts = await visit();
    assert.ok(scripts.length > 0, 'the second visit used the widget too');
    for (const r of scripts) {
      assert.ok(r.fromCache() || r.status() === 304, `${new URL(r.url()).pathname}: ${r.status()}, from cache: ${r.fromCache()}`);
    }
  });
});
