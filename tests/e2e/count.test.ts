// A blog's index page on its own origin, with a <natter-count> beside each of its 30 posts, against the real reference
// server on another (listed in NATTER_ORIGINS, as a blog owner sets it): the page asks for every count in exactly one
// GET /api/counts, reads the answer across origins, and shows each post's number, in Chromium and in Firefox.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, statSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import type {HTTPRequest, HTTPResponse} from 'puppeteer-core';
import {type BlogOrigin, serveBlog} from '../lib/blog-origin.js';
import {launchBrowser} from '../lib/browsers.js';
import {seedComment} from '../lib/seed-comment.js';
import {freePort, startTestServer, type TestServer} from './server-process.js';

const POSTS = 30;
/** Post i's published comments: 0, 1 or 2, so every English form shows up ten times. */
const commentsOf = (i: number) => i % 3;
const script = fileURLToPath(new URL('../../dist/natter-count.js', import.meta.url));

/**
 * The index page, as the README's snippet has it: each post's comments link holds a tag that takes its thread from
 * the link; every fifth names its thread instead. Only the script comes from the Natter server.
 */
const indexPage = (natterUrl: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A blog</title>
<script type="module" src="${natterUrl}/natter-count.js"></script></head>
<body><h1>A blog</h1>
${Array.from({length: POSTS}, (_, i) =>
  i % 5 === 0
    ? `<article><h2><a href="/posts/${i}/">Post ${i}</a></h2><p>… <natter-count endpoint="${natterUrl}" thread="/posts/${i}/">Comments</natter-count></p></article>`
    : `<article><h2><a href="/posts/${i}/">Post ${i}</a></h2><p><a href="/posts/${i}/#comments"><natter-count endpoint="${natterUrl}">Comments</natter-count></a></p></article>`,
).join('\n')}
</body></html>`;

describe('<natter-count> on a blog index on another origin, against the real server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'natter-count-'));
  let natter: TestServer;
  let blog: BlogOrigin;
  let natterUrl = '';
  /** A second blog whose index arrives in two parts, a second apart, with the script `async` in between. */
  let slow: Server;
  let slowUrl = '';

  before(async () => {
    // A file modified under 2 s ago is sent no-store (a build may still be writing it): let a fresh build settle, so
    // the script's caching headers are the ones readers get.
    const settleFor = statSync(script).mtimeMs + 2500 - Date.now();
    if (settleFor > 0) await sleep(settleFor);
    blog = await serveBlog(() => indexPage(natterUrl));
    // The script runs while the page is still arriving: half of the tags are parsed before it, half after. An inline
    // script where the second half starts records whether the tag was defined by then.
    const port = await freePort();
    slow = createServer((_, res) => {
      const split = '<article><h2><a href="/posts/15/">';
      const [head, body] = indexPage(natterUrl).replace('<script type="module"', '<script type="module" async').split(split);
      res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store'});
      res.write(head);
      setTimeout(() => res.end(`<script>window.definedMidParse = !!customElements.get('natter-count')</script>${split}${body}`), 1500);
    });
    await new Promise<void>((done) => slow.listen(port, '127.0.0.1', done));
    slowUrl = `http://localhost:${port}`;
    natter = await startTestServer({db: join(dir, 'natter.db'), env: {NATTER_ORIGINS: `${blog.url},${slowUrl}`, NATTER_RATE_LIMIT: '0'}});
    natterUrl = natter.url;
    for (let i = 0; i < POSTS; i++) {
      for (let c = 0; c < commentsOf(i); c++) {
        const {comment} = await seedComment(natter.url, {thread: `/posts/${i}/`, author: `Reader ${c}`, body: `Comment ${c} on post ${i}`});
        assert.equal(comment.status, 'published');
      }
    }
  });

  after(async () => {
    await natter?.stop();
    await blog?.close();
    await new Promise((done) => (slow ? slow.close(done) : done(undefined)));
    rmSync(dir, {recursive: true, force: true});
  });

  for (const name of ['chromium', 'firefox'] as const) {
    it(`makes exactly one /api/counts request for 30 tags and shows each post's count [${name}]`, async () => {
      const browser = await launchBrowser(name);
      try {
        const page = await browser.newPage();
        const errors: unknown[] = [];
        page.on('pageerror', (e) => errors.push(e));
        const counted: HTTPRequest[] = [];
        const responses: HTTPResponse[] = [];
        page.on('request', (r) => {
          if (r.url().startsWith(`${natter.url}/api/counts`)) counted.push(r);
        });
        page.on('response', (r) => {
          if (r.url().startsWith(natter.url)) responses.push(r);
        });
        await page.goto(`${blog.url}/`);
        await page.waitForFunction(() => [...document.querySelectorAll('natter-count')].every((e) => e.textContent !== 'Comments'), {timeout: 15000});
        // Anything else the page would ask has had its chance to go out.
        await page.waitForNetworkIdle({idleTime: 500, timeout: 15000});

        const shown = await page.evaluate(() => [...document.querySelectorAll('natter-count')].map((e) => e.textContent));
        assert.deepEqual(
          shown,
          Array.from({length: POSTS}, (_, i) => `${commentsOf(i)} ${commentsOf(i) === 1 ? 'comment' : 'comments'}`),
        );
        assert.equal(counted.length, 1, `requests: ${counted.map((r) => r.url()).join(', ')}`);
        // The page's own record of what it fetched agrees (Resource Timing, independent of the driver's events).
        const timed = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/counts')).length);
        assert.equal(timed, 1);
        const asked = new URL(counted[0]!.url()).searchParams.getAll('thread');
        assert.deepEqual(asked.sort(), Array.from({length: POSTS}, (_, i) => `/posts/${i}/`).sort());

        // Read across origins: the answer names the blog's origin, and the script is served like natter.js.
        const api = responses.find((r) => r.url().includes('/api/counts'))!;
        assert.equal(api.status(), 200);
        assert.equal(api.headers()['access-control-allow-origin'], blog.url);
        const js = responses.find((r) => new URL(r.url()).pathname === '/natter-count.js')!;
        assert.equal(js.status(), 200);
        assert.equal(js.headers()['access-control-allow-origin'], '*');
        assert.equal(js.headers()['cache-control'], 'public, max-age=300');
        assert.ok(js.headers().etag, 'an ETag to revalidate against');
        assert.match(js.headers()['content-encoding'] ?? '', /^(br|gzip)$/, `asked for ${js.request().headers()['accept-encoding']}`);
        assert.deepEqual(errors, []);
      } finally {
        await browser.close();
      }
    });

    it(`still makes one request when the script runs while the page is being parsed [${name}]`, async () => {
      const browser = await launchBrowser(name);
      try {
        const page = await browser.newPage();
        const counted: string[] = [];
        page.on('request', (r) => {
          if (r.url().startsWith(`${natter.url}/api/counts`)) counted.push(r.url());
        });
        await page.goto(`${slowUrl}/`);
        await page.waitForFunction(() => [...document.querySelectorAll('natter-count')].every((e) => e.textContent !== 'Comments'), {timeout: 15000});
        await page.waitForNetworkIdle({idleTime: 500, timeout: 15000});
        assert.equal(await page.evaluate(() => (window as any).definedMidParse), true, 'the script ran before the second half was parsed');
        assert.equal(counted.length, 1, `requests: ${counted.join(', ')}`);
        assert.equal(new URL(counted[0]!).searchParams.getAll('thread').length, POSTS);
      } finally {
        await browser.close();
      }
    });
  }
});
