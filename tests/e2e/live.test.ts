// Two readers on one thread, each in their own browser context on a blog (another origin), against real server
// processes: what one posts shows in the other within a second, across two instances on one Postgres too, and after
// a server restart the stream reconnects and catches up with nothing missed or doubled.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import type {Browser, Page} from 'puppeteer-core';
import {launchBrowser} from '../lib/browsers.js';
import {type BlogOrigin, serveBlog} from '../lib/blog-origin.js';
import {engines, makeDatabase} from '../lib/databases.js';
import {seedComment} from '../lib/seed-comment.js';
import {startTestServer, type TestServer} from './server-process.js';

// The widget's own end-to-end tests keep the form's default minimum time (3 s between the list and a post).
const env = {NATTER_MIN_SECONDS: '3', NATTER_RATE_LIMIT: '0'};

const blogPage = (path: string) => {
  const url = new URL(path, 'http://blog');
  const endpoint = url.searchParams.get('endpoint')!;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A live post</title>
<script type="module" src="${endpoint}/natter.js"></script></head>
<body><h1>A post</h1><natter-thread endpoint="${endpoint}" thread="${url.searchParams.get('thread')}" eager></natter-thread></body></html>`;
};

/** Text of every part `name` in the thread's shadow root. */
const partsText = (page: Page, name: string) =>
  page.evaluate((n) => [...document.querySelector('natter-thread')!.shadowRoot!.querySelectorAll(`[part~="${n}"]`)].map((e) => e.textContent!.trim()), name);

/** The new-comments button's text, or '' when there is none. */
const buttonText = async (page: Page) => (await partsText(page, 'new-comments-button'))[0] ?? '';

/** Waits (in the page) until `check` on the thread's shadow root holds. */
const waitInThread = (page: Page, check: string, timeout = 15000) =>
  page.waitForFunction(`(() => { const root = document.querySelector('natter-thread')?.shadowRoot; return !!root && (${check}); })()`, {timeout});

describe('live updates between two readers, against the real server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'natter-live-'));
  let blog: BlogOrigin;
  const browsers: Browser[] = [];
  const servers: TestServer[] = [];

  before(async () => {
    blog = await serveBlog(blogPage);
  });
  after(async () => {
    await Promise.all(browsers.map((b) => b.close()));
    await Promise.all(servers.map((s) => s.stop()));
    await blog?.close();
    rmSync(dir, {recursive: true, force: true});
  });

  /** A reader: a fresh browser context with the post open, its thread listed and its forms in. */
  async function reader(browser: Browser, endpoint: string, thread: string) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(`${blog.url}/post.html?${new URLSearchParams({endpoint, thread})}`);
    await waitInThread(page, `root.querySelector('textarea') && root.querySelector('[part~="heading"]').textContent.includes('comment')`);
    return {page, listedAt: Date.now(), close: () => context.close()};
  }

  /**
   * Posts from the reader's top form and resolves with the moment it pressed Post (page clock, the same system clock
   * as the other page's), once the page says the comment was posted.
   */
  async function post(r: {page: Page; listedAt: number}, body: string) {
    // Past the server's minimum time since the list, so the post goes straight through.
    await new Promise((done) => setTimeout(done, Math.max(0, r.listedAt + 3300 - Date.now())));
    const {page} = r;
    await page.evaluate((text) => {
      const root = document.querySelector('natter-thread')!.shadowRoot!;
      for (const [name, value] of [['body', text], ['author', 'Ada']]) {
        const field = root.querySelector<HTMLInputElement>(`natter-composer [name="${name}"]`)!;
        field.value = value;
        field.dispatchEvent(new InputEvent('input', {bubbles: true, composed: true}));
      }
    }, body);
    const pressed = await page.evaluate(() => {
      const at = Date.now();
      document.querySelector('natter-thread')!.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click();
      return at;
    });
    await waitInThread(page, `root.querySelector('[part~="status"]').textContent === 'Your comment was posted.'`);
    return pressed;
  }

  /** Resolves with the moment (page clock) the new-comments button first shows `text` in this page. */
  // A string, not a function: tsx names the functions it compiles with a helper the page doesn't have.
  function watchButton(page: Page, text: string) {
    return page.evaluate(`new Promise((resolve) => {
      const root = document.querySelector('natter-thread').shadowRoot;
      const check = () => root.querySelector('[part~="new-comments-button"]')?.textContent === ${JSON.stringify(text)} && resolve(Date.now());
      new MutationObserver(check).observe(root, {subtree: true, childList: true, characterData: true});
      check();
    })`) as Promise<number>;
  }

  /** A comment posted in `a` shows in `b` within 1 s, and once pressed, where it belongs; `a` shows it once, as its own. */
  async function postAndSee(a: {page: Page; listedAt: number}, b: {page: Page}, body: string, label: string) {
    const seen = watchButton(b.page, '1 new comment');
    const pressed = await post(a, body);
    const latency = (await seen) - pressed;
    console.log(`# ${label}: Post pressed in one page → "1 new comment" in the other: ${latency} ms`);
    assert.ok(latency < 1000, `${label}: the other reader saw the comment after ${latency} ms`);
    assert.equal(await buttonText(a.page), '', 'the poster\'s own comment is not new to them');
    assert.deepEqual((await partsText(a.page, 'body')).filter((t) => t === body), [body]);
    await b.page.evaluate(() => document.querySelector('natter-thread')!.shadowRoot!.querySelector<HTMLButtonElement>('[part~="new-comments-button"]')!.click());
    await waitInThread(b.page, `[...root.querySelectorAll('[part~="body"]')].some((e) => e.textContent.trim() === ${JSON.stringify(body)})`, 2000);
    assert.equal(await b.page.evaluate(() => document.querySelector('natter-thread')!.shadowRoot!.activeElement?.textContent?.includes('Ada')), true, 'focus moved to the new comment');
  }

  for (const name of ['chromium', 'firefox'] as const) {
    describe(`in ${name}`, () => {
      let browser: Browser;
      before(async () => {
        browser = await launchBrowser(name);
        browsers.push(browser);
      });

      it('shows a comment posted in one page in the other within 1 s', async () => {
        const server = await startTestServer({db: join(dir, `${name}-one.db`), env});
        servers.push(server);
        const thread = `/posts/live-${name}`;
        await seedComment(server.url, {thread, author: 'Grace', body: 'Already there'});
        const [a, b] = await Promise.all([reader(browser, server.url, thread), reader(browser, server.url, thread)]);
        await postAndSee(a, b, `Hello from ${name}`, `${name}, one server`);
        assert.deepEqual(await partsText(b.page, 'body'), ['Already there', `Hello from ${name}`]);
        await Promise.all([a.close(), b.close()]);
      });

      it('catches up after the server restarts, with nothing missed or doubled', async () => {
        const db = join(dir, `${name}-restart.db`);
        let server = await startTestServer({db, env});
        const thread = `/posts/restart-${name}`;
        await seedComment(server.url, {thread, author: 'Grace', body: 'Before'});
        const b = await reader(browser, server.url, thread);
        await seedComment(server.url, {thread, author: 'Grace', body: 'Live before the restart'});
        await waitInThread(b.page, `root.querySelector('[part~="new-comments-button"]')?.textContent === '1 new comment'`, 2000);
        await server.stop();
        server = await startTestServer({db, port: server.port, env});
        servers.push(server);
        // Right after the restart, before the page has reconnected (it waits 2 s, the stream's `retry`).
        const restarted = Date.now();
        await seedComment(server.url, {thread, author: 'Grace', body: 'Right after the restart'});
        await waitInThread(b.page, `root.querySelector('[part~="new-comments-button"]')?.textContent === '2 new comments'`, 10000);
        console.log(`# ${name}: caught up ${Date.now() - restarted} ms after the restart`);
        await seedComment(server.url, {thread, author: 'Grace', body: 'Live after the restart'});
        await waitInThread(b.page, `root.querySelector('[part~="new-comments-button"]')?.textContent === '3 new comments'`, 2000);
        await b.page.evaluate(() => document.querySelector('natter-thread')!.shadowRoot!.querySelector<HTMLButtonElement>('[part~="new-comments-button"]')!.click());
        await waitInThread(b.page, `root.querySelectorAll('article').length === 4`, 2000);
        assert.deepEqual(await partsText(b.page, 'body'), ['Before', 'Live before the restart', 'Right after the restart', 'Live after the restart']);
        assert.deepEqual(await partsText(b.page, 'heading'), ['4 comments']);
        await b.close();
      });

      describe('with two server instances on one Postgres', {skip: engines.includes('postgres') ? false : 'Postgres is not installed (see the warning above)'}, () => {
        let one: TestServer;
        let two: TestServer;
        let pgEnv: Record<string, string>;
        before(async () => {
          const database = await makeDatabase('postgres', dir);
          pgEnv = {...env, NATTER_DATABASE_URL: database.settings.databaseUrl!};
          one = await startTestServer({db: join(dir, 'unused.db'), env: pgEnv});
          two = await startTestServer({db: join(dir, 'unused.db'), env: pgEnv});
          servers.push(one);
        });
        after(() => two?.stop());

        it('shows a comment posted through one instance in a page on the other within 1 s', async () => {
          const thread = `/posts/instances-${name}`;
          const [a, b] = await Promise.all([reader(browser, one.url, thread), reader(browser, two.url, thread)]);
          await postAndSee(a, b, `Across instances in ${name}`, `${name}, two instances`);
          await Promise.all([a.close(), b.close()]);
        });

        it('catches up what was posted on the other instance while its own was down, nothing missed or doubled', async () => {
          const thread = `/posts/instances-down-${name}`;
          const b = await reader(browser, two.url, thread);
          await seedComment(one.url, {thread, author: 'Grace', body: 'While up'});
          await waitInThread(b.page, `root.querySelector('[part~="new-comments-button"]')?.textContent === '1 new comment'`, 2000);
          await two.stop();
          await seedComment(one.url, {thread, author: 'Grace', body: 'While down 1'});
          await seedComment(one.url, {thread, author: 'Grace', body: 'While down 2'});
          const started = Date.now();
          two = await startTestServer({db: join(dir, 'unused.db'), port: two.port, env: pgEnv});
          await waitInThread(b.page, `root.querySelector('[part~="new-comments-button"]')?.textContent === '3 new comments'`, 10000);
          console.log(`# ${name}: caught up ${Date.now() - started} ms after the instance started again`);
          await seedComment(one.url, {thread, author: 'Grace', body: 'After'});
          await waitInThread(b.page, `root.querySelector('[part~="new-comments-button"]')?.textContent === '4 new comments'`, 2000);
          await b.page.evaluate(() => document.querySelector('natter-thread')!.shadowRoot!.querySelector<HTMLButtonElement>('[part~="new-comments-button"]')!.click());
          await waitInThread(b.page, `root.querySelectorAll('article').length === 4`, 2000);
          assert.deepEqual(await partsText(b.page, 'body'), ['While up', 'While down 1', 'While down 2', 'After']);
          await b.close();
        });
      });
    });
  }
});
