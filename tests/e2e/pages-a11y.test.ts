// axe-core on the widget in the pages it lives in, against the real server, in Chromium and Firefox ESR: the demo, a
// dark page, a right-to-left page and a careless host theme (global button styles, `[hidden]` forced visible, `time`
// hidden, a cream background). Each with the thread loaded, a reply form open, its error shown, and a branch cut
// short ("Show more replies"). Zero violations of any rule axe runs, on the whole document.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {describe, it} from 'node:test';
import type {Page} from 'puppeteer-core';
import {natterAndBlog} from '../lib/blog-origin.js';
import {launchBrowser} from '../lib/browsers.js';
import {seedComment} from '../lib/seed-comment.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const DEMO = '/2014/03/networking';
const THREAD = '/posts/a11y';

/** axe's violations on the page as it is now: rule id, and the first few offending nodes. */
async function violations(page: Page): Promise<string[]> {
  const {passes, found} = (await page.evaluate(`(() => { ${axeSource};
    return window.axe.run(document).then((r) => ({
      passes: r.passes.length,
      found: r.violations.map((v) => v.id + ': ' + v.help + ' @ ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('')).join(' | ')),
    }));
  })()`)) as {passes: number; found: string[]};
  // A run that checked nothing would find nothing too.
  assert.ok(passes > 10, `axe ran ${passes} passing rules`);
  return found;
}

const page = (natter: string, {lang = 'en', dir = 'ltr', style = ''} = {}) => `<!doctype html>
<html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>A post</title>
<style>${style}</style>
<script type="module" src="${natter}/natter.js"></script></head>
<body><main><h1>A post</h1><p>Some text of the post, with <a href="#top">a link</a>.</p>
<natter-thread endpoint="${natter}" thread="${THREAD}" eager></natter-thread></main></body></html>`;

const PAGES: Record<string, {path: (natter: string, blog: string) => string}> = {
  demo: {path: (natter) => `${natter}/`},
  dark: {path: (_, blog) => `${blog}/dark`},
  rtl: {path: (_, blog) => `${blog}/rtl`},
  careless: {path: (_, blog) => `${blog}/careless`},
};

const STYLES: Record<string, {lang?: string; dir?: string; style?: string}> = {
  '/dark': {style: 'html { color-scheme: dark; background: #111; color: #eee; font: 18px Georgia, serif } a { color: #8ab4f8 }'},
  '/rtl': {lang: 'ar', dir: 'rtl', style: 'body { font: 17px system-ui, sans-serif }'},
  '/careless': {style: 'body { background: #fdf6e3; color: #333; font: 16px/1.3 Verdana, sans-serif } button { background: #ff0; color: #000; border: 4px solid red; padding: 20px; text-transform: uppercase } [hidden] { display: block !important } time { display: none } a { color: #0b5e95 }'},
};

async function seed(url: string, thread: string) {
  const body = `On ${thread}: a comment with *emphasis*, \`code\`, a [link](https://example.com) and\n\n> a quote\n\n\`\`\`\nconst wide = "a code block wider than a phone screen, so that it scrolls sideways";\n\`\`\``;
  const first = await seedComment(url, {thread, author: 'Ada', body}, `a11y-${thread.replaceAll('/', '_')}-0`);
  await seedComment(url, {thread, author: 'فاطمة', body: `تعليق باللغة العربية، مع **خط عريض** (${thread}).`}, `a11y-${thread.replaceAll('/', '_')}-ar`);
  // More replies than a page shows of a branch: "Show more replies" appears.
  for (let i = 1; i <= 7; i++) await seedComment(url, {thread, parent: first.comment.id, author: `Reader ${i}`, body: `Reply number ${i} on ${thread}.`}, `a11y-${thread.replaceAll('/', '_')}-${i}`);
}

describe('the widget in its pages under axe', () => {
  const both = natterAndBlog('natter-a11y-', (natter, path) => page(natter, STYLES[path] ?? {}), async (natter) => {
    await seed(natter.url, THREAD);
    await seed(natter.url, DEMO);
  });
  for (const name of ['chromium', 'firefox'] as const) {
    it(`finds no violation on the demo, a dark, an RTL and a careless page, forms open and errors shown, in ${name}`, async () => {
      const blog = both.blog;
      const browser = await launchBrowser(name);
      const found: string[] = [];
      try {
        for (const [which, {path}] of Object.entries(PAGES)) {
          const tab = await browser.newPage();
          await tab.setViewport({width: 800, height: 900});
          await tab.goto(path(both.natter.url, blog.url));
          await tab.waitForFunction(() => {
            const shadow = document.querySelector('natter-thread')?.shadowRoot;
            return shadow?.querySelector('[part~="composer"] textarea') && shadow.querySelector('[part~="more-replies-button"]') && shadow.querySelector('[part~="reply-button"]');
          }, {timeout: 20000});
          // A reply form open, and sent empty: its error shows.
          await tab.evaluate(() => document.querySelector('natter-thread')!.shadowRoot!.querySelector<HTMLElement>('[part~="reply-button"]')!.click());
          await tab.waitForFunction(() => document.querySelector('natter-thread')!.shadowRoot!.querySelectorAll('[part~="composer"]').length === 2, {timeout: 10000});
          await tab.evaluate(() => [...document.querySelector('natter-thread')!.shadowRoot!.querySelectorAll<HTMLElement>('[part~="composer"] [part~="submit-button"]')].at(-1)!.click());
          await tab.waitForFunction(() => document.querySelector('natter-thread')!.shadowRoot!.querySelector('[part~="composer"] [part~="error"]'), {timeout: 10000});
          found.push(...(await violations(tab)).map((v) => `${which}: ${v}`));
          await tab.close();
        }
      } finally {
        await browser.close();
      }
      assert.deepEqual(found, []);
    });
  }
});
