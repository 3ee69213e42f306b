// The sort control end to end: the reference server, a blog page on another origin. A reader picks Newest; the next
// visit lists newest first from its first paint, with the one list request the loader starts asking for that order
// (nothing listed twice), in Chromium and in Firefox.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {launchBrowser} from '../lib/browsers.js';
import {seedComment} from '../lib/seed-comment.js';
import {natterAndBlog} from '../lib/blog-origin.js';

const THREAD = '/posts/sorted';

const blogPage = (natterUrl: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Sorted</title>
<script type="module" src="${natterUrl}/natter.js"></script></head>
<body><h1>Sorted</h1><natter-thread endpoint="${natterUrl}" thread="${THREAD}"></natter-thread></body></html>`;

const shown = () => [...document.querySelector('natter-thread')!.shadowRoot!.querySelectorAll('[part~="body"]')].map((b) => b.textContent!.trim());
/** In the page: whether the bodies shown read, in order and joined by `|`, as `want` (it can't call `shown`). */
const showing = (want: string) =>
  [...document.querySelector('natter-thread')?.shadowRoot?.querySelectorAll('[part~="body"]') ?? []].map((b) => b.textContent!.trim()).join('|') === want;
const NEWEST = ['Newest one.', 'Middle one.', 'Oldest one.'];

describe('the sort control, remembered across visits', () => {
  const both = natterAndBlog('natter-sort-', blogPage, async (natter) => {
    for (const [i, body] of ['Oldest one.', 'Middle one.', 'Newest one.'].entries()) {
      await seedComment(natter.url, {thread: THREAD, author: `Reader ${i}`, body}, `sort-seed-${i}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  });

  for (const name of ['chromium', 'firefox'] as const) {
    it(`lists newest first on the next visit, with one list request in that order, in ${name}`, async () => {
      const browser = await launchBrowser(name);
      try {
        const page = await browser.newPage();
        await page.goto(`${both.blog.url}/post.html`);
        await page.waitForFunction(() => document.querySelector('natter-thread')?.shadowRoot?.querySelector('[part~="sort"] select'), {timeout: 20000});
        assert.deepEqual(await page.evaluate(shown), ['Oldest one.', 'Middle one.', 'Newest one.']);
        await page.select('natter-thread >>> [part~="sort"] select', 'newest');
        await page.waitForFunction(showing, {timeout: 10000}, NEWEST.join('|'));

        const lists: string[] = [];
        page.on('request', (r) => r.url().includes('/api/comments?') && lists.push(new URL(r.url()).searchParams.get('order') ?? ''));
        await page.reload();
        await page.waitForFunction(showing, {timeout: 20000}, NEWEST.join('|'));
        // The control comes with the forms; once it is in, nothing more is listed.
        await page.waitForFunction(() => document.querySelector('natter-thread')?.shadowRoot?.querySelector('[part~="sort"] select'), {timeout: 20000});
        assert.equal(await page.evaluate(() => document.querySelector('natter-thread')!.shadowRoot!.querySelector<HTMLSelectElement>('[part~="sort"] select')!.value), 'newest');
        assert.deepEqual(lists, ['newest'], 'one list request, the loader\'s, in the remembered order');
      } finally {
        await browser.close();
      }
    });
  }
});
