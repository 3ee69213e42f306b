// A link to one comment, end to end: the reference server, a blog page on another origin with the thread three
// screens down and three comments a page, and a cold visit to #natter-comment-ID of a comment on the third page, in
// Chromium and in Firefox. The comment is listed, scrolled into view through the shadow root, and highlighted.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {launchBrowser} from '../lib/browsers.js';
import {seedComment} from '../lib/seed-comment.js';
import {natterAndBlog} from '../lib/blog-origin.js';

const THREAD = '/posts/linked';
const ids: string[] = [];

const blogPage = (natterUrl: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Linked</title>
<script type="module" src="${natterUrl}/natter.js"></script></head>
<body><article><h1>Linked</h1><div style="height: 300vh">Three screens of text.</div></article>
<natter-thread endpoint="${natterUrl}" thread="${THREAD}" page-size="3"></natter-thread>
</body></html>`;

describe('a permalink to a comment on the third page, from a cold load', () => {
  const both = natterAndBlog('natter-permalink-', blogPage, async (natter) => {
    for (let i = 0; i < 9; i++) {
      const {comment} = await seedComment(natter.url, {thread: THREAD, author: `Reader ${i}`, body: `Comment number ${i}.`}, `permalink-seed-${i}`);
      ids.push(comment.id);
    }
  });

  for (const name of ['chromium', 'firefox'] as const) {
    it(`opens, scrolls into view and highlights it, in ${name}`, async () => {
      const browser = await launchBrowser(name);
      try {
        const page = await browser.newPage();
        await page.setViewport({width: 390, height: 844});
        // Oldest first, three a page: the eighth comment is on the third page.
        const target = ids[7]!;
        await page.goto(`${both.blog.url}/post.html#natter-comment-${target}`);
        await page.waitForFunction(
          (id) => document.querySelector('natter-thread')?.shadowRoot?.querySelector(`article[data-id="${id}"]`)?.matches('[part~="highlight"]'),
          {timeout: 20000},
          target,
        );
        await page.waitForFunction((id) => {
          const box = document.querySelector('natter-thread')!.shadowRoot!.querySelector(`article[data-id="${id}"]`)!.getBoundingClientRect();
          return box.top >= 0 && box.bottom <= innerHeight;
        }, {timeout: 10000}, target);
        const seen = await page.evaluate((id) => {
          const root = document.querySelector('natter-thread')!.shadowRoot!;
          return {
            scrolled: scrollY,
            highlighted: [...root.querySelectorAll<HTMLElement>('[part~="highlight"]')].map((a) => a.dataset.id),
            link: root.querySelector(`article[data-id="${id}"] [part~="permalink"]`)?.getAttribute('href'),
            text: root.querySelector(`article[data-id="${id}"]`)!.textContent,
          };
        }, target);
        assert.deepEqual(seen.highlighted, [target]);
        assert.equal(seen.link, `#natter-comment-${encodeURIComponent(target)}`);
        assert.match(seen.text!, /Comment number 7\./);
        assert.ok(seen.scrolled > 1000, `scrolled to ${seen.scrolled}`);
      } finally {
        await browser.close();
      }
    });
  }
});
