// `npm run screenshots`: the README's gallery, from the real widget on the real server (a temporary SQLite file) in
// Debian's Chromium: light, dark, right to left, a phone, forced colours, a reply form open, and initials avatars. Writes
// docs/gallery/NAME.png. Builds first when dist/ has no loader.
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Page} from 'puppeteer-core';
import {seed as demoSeed} from '../demo/mock/seed.js';
import {serveBlog} from '../tests/lib/blog-origin.js';
import {launchBrowser} from '../tests/lib/browsers.js';
import {seedComment} from '../tests/lib/seed-comment.js';
import {startTestServer} from '../tests/e2e/server-process.js';

const root = new URL('../', import.meta.url);
const out = new URL('docs/gallery/', root);
const DEMO = '/2014/03/networking';
const RTL = '/2014/03/networking-ar';

/** The demo's discussion, posted through the API in order (parents mapped to the ids the server gives). */
async function seedDemo(url: string) {
  const ids = new Map<string, string>();
  for (const c of demoSeed) {
    const {comment} = await seedComment(url, {thread: DEMO, author: c.author, body: c.body ?? '', parent: c.parent ? ids.get(c.parent)! : null, ...(c.website ? {website: c.website} : {})});
    ids.set(c.id, comment.id);
  }
  const first = await seedComment(url, {thread: RTL, author: 'فاطمة', body: 'مقال رائع! جرّبنا **مفتاح التكرار** نفسه على شبكة المؤتمر، ونجح.'});
  await seedComment(url, {thread: RTL, author: 'Priya N.', body: 'An English reply in a right-to-left thread reads left to right.', parent: first.comment.id});
  await seedComment(url, {thread: RTL, author: 'يوسف', body: 'هل يعمل هذا دون اتصال أيضًا؟\n\n> الرسائل تبقى في صندوق الصادر'});
}

const blogPage = (natter: string, {lang = 'en', dir = 'ltr', style = '', thread = DEMO, title = 'Networking, 2014', attrs = ''} = {}) => `<!doctype html>
<html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body { margin: 0; } main { max-width: 44rem; margin: 0 auto; padding: 1.5rem 1.25rem; } ${style}</style>
<script type="module" src="${natter}/natter.js"></script></head>
<body><main><p>${lang === "ar" ? 'مقال قصير، ثم <a href="#">تعليقاته</a>.' : 'The end of the post, with <a href="#">a link</a> in the blog\'s own colour.'}</p><natter-thread endpoint="${natter}" thread="${thread}" eager${attrs}></natter-thread></main></body></html>`;

const STYLES: Record<string, Parameters<typeof blogPage>[1]> = {
  '/light': {style: 'html { background: #fff; color: #1f2328; font: 17px/1.55 Georgia, serif } a { color: #0b5e95 }'},
  '/avatars': {attrs: ' avatars', style: 'html { background: #fff; color: #1f2328; font: 17px/1.55 Georgia, serif } a { color: #0b5e95 }'},
  '/dark': {style: 'html { color-scheme: dark; background: #15171a; color: #e8e6e3; font: 17px/1.55 system-ui, sans-serif } a { color: #8ab4f8 }'},
  '/rtl': {lang: 'ar', dir: 'rtl', thread: RTL, title: 'الشبكات', style: 'html { background: #fffdf8; color: #222; font: 17px/1.6 system-ui, sans-serif } a { color: #9b2c2c }'},
};

interface Shot {
  name: string;
  path: string;
  viewport: {width: number; height: number; deviceScaleFactor?: number; isMobile?: boolean};
  /** Emulated media features, e.g. forced colours. */
  features?: {name: string; value: string}[];
  /** A reply form open under the first comment. */
  reply?: boolean;
}

const SHOTS: Shot[] = [
  {name: 'light', path: '/light', viewport: {width: 900, height: 1000}},
  {name: 'dark', path: '/dark', viewport: {width: 900, height: 1000}},
  {name: 'rtl', path: '/rtl', viewport: {width: 900, height: 800}},
  {name: 'phone', path: '/light', viewport: {width: 390, height: 844, deviceScaleFactor: 2, isMobile: true}},
  {name: 'forced-colors', path: '/light', viewport: {width: 900, height: 1000}, features: [{name: 'forced-colors', value: 'active'}, {name: 'prefers-color-scheme', value: 'dark'}]},
  {name: 'reply', path: '/light', viewport: {width: 900, height: 1000}, reply: true},
  {name: 'avatars', path: '/avatars', viewport: {width: 900, height: 1000}},
];

/** Waits until the thread is in with its forms (the write chunk) and relative times (their full date as a tooltip). */
async function ready(page: Page) {
  await page.waitForFunction(() => {
    const shadow = document.querySelector('natter-thread')?.shadowRoot;
    return shadow?.querySelector('[part~="composer"] textarea') && shadow.querySelector('[part~="reply-button"]') && shadow.querySelector('time[title]');
  }, {timeout: 20000});
}

async function main() {
  if (!existsSync(new URL('dist/natter.js', root))) execFileSync('npm', ['run', 'build'], {cwd: root, stdio: 'inherit'});
  const dir = mkdtempSync(join(tmpdir(), 'natter-shots-'));
  const natter = await startTestServer({db: join(dir, 'natter.db'), env: {NATTER_THREAD_RATE_LIMIT: '0'}});
  const blog = await serveBlog((path) => blogPage(natter.url, STYLES[path] ?? STYLES['/light']));
  const browser = await launchBrowser('chromium');
  try {
    await seedDemo(natter.url);
    mkdirSync(out, {recursive: true});
    for (const shot of SHOTS) {
      const page = await browser.newPage();
      await page.setViewport(shot.viewport);
      if (shot.features) await (await page.createCDPSession()).send('Emulation.setEmulatedMedia', {features: shot.features});
      await page.goto(`${blog.url}${shot.path}`);
      await ready(page);
      if (shot.reply) {
        await page.evaluate(() => document.querySelector('natter-thread')!.shadowRoot!.querySelector<HTMLElement>('[part~="reply-button"]')!.click());
        await page.waitForFunction(() => document.querySelector('natter-thread')!.shadowRoot!.querySelectorAll('[part~="composer"]').length === 2);
      }
      // A frame for the last render, then the page from its top: the widget and what is around it.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const file = new URL(`${shot.name}.png`, out);
      await page.screenshot({path: file.pathname as `${string}.png`});
      console.log(`wrote docs/gallery/${shot.name}.png`);
      await page.close();
    }
  } finally {
    await browser.close();
    await blog.close();
    await natter.stop();
    rmSync(dir, {recursive: true, force: true});
  }
}

await main();
