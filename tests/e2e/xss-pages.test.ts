// The shared XSS corpus through the server's HTML (markdownToHtml and the /t page), loaded from the real server
// in real Chromium and Firefox with scripts on: every payload as a stored comment's body, name and website (stored
// without validation, as an import could), and as what a reader typed into a refused form, which the page re-renders.
import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Page} from 'puppeteer-core';
import {loadConfig} from '../../src/server/config.js';
import {safeUrl} from '../../src/markdown/safe-url.js';
import {openStore} from '../../src/server/store/open-store.js';
import type {CommentStore} from '../../src/server/store/comment-store.js';
import {launchBrowser} from '../lib/browsers.js';
import {xssPayloads} from '../lib/shared.js';
import {xssViolations} from '../lib/xss-rules.js';
import {startTestServer, type TestServer} from './server-process.js';

const root = mkdtempSync(join(tmpdir(), 'natter-xss-pages-'));
const db = join(root, 'xss.db');
const THREAD = '/xss';
// The page's own markup: its head, its one form, its relative links (a payload's link is never relative: safeUrl).
const OWN = 'head > meta, head > link, form[method="post"][action="/t"], a[href^="/t?"], a[href^="/feed.atom"]';
let server: TestServer;
let store: CommentStore;
const payloads = xssPayloads();

before(async () => {
  server = await startTestServer({db, env: {NATTER_RATE_LIMIT: '0'}});
  store = await openStore(loadConfig(['--db', db], {}));
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
  const first = await store.insertComment({thread: THREAD, parent: null, author: 'Root', email: null, website: null, body: 'Replies below.'},
    {idempotencyKey: 'root', requestHash: 'root', status: 'published', createdAt: at(0), ip: null});
  if (first.kind !== 'created') throw new Error('seed failed');
  // Replies of one top-level comment: /t shows the first 100, the branch's pages the rest.
  for (const [i, payload] of payloads.entries()) {
    await store.insertComment({thread: THREAD, parent: first.comment.id, author: payload, email: null, website: payload, body: payload},
      {idempotencyKey: `x${i}`, requestHash: `x${i}`, status: 'published', createdAt: at(i + 1), ip: null});
  }
});
after(async () => {
  await store?.close();
  await server?.stop();
  rmSync(root, {recursive: true, force: true});
});

/**
 * Text as the HTML parser reads it (its preprocessing, not a lost character): line breaks as LF; a NUL dropped in an
 * element's text, U+FFFD in a text area or an attribute value.
 */
const parsed = (text: string, nul = '\uFFFD') => text.replace(/\r\n?/g, '\n').replace(/\0/g, nul);

/** Watches for anything a payload could make the page do: a dialog, a print, a navigation. */
function watch(page: Page) {
  const events: string[] = [];
  page.on('dialog', (d) => {
    events.push(`dialog ${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return events;
}

/** The shared rules over the whole document. tsx names functions with a `__name` helper, given here as a no-op. */
const check = (page: Page, where: string) =>
  page.evaluate(`(() => { const __name = (f) => f; return (${xssViolations})(document.querySelectorAll('*'), ${JSON.stringify(where)}, ${JSON.stringify(OWN)}); })()`) as Promise<string[]>;

// Chunks of payloads that fit one form post (64 KiB, after percent-encoding) in each of three fields.
function chunks(): string[] {
  const out: string[] = [];
  let current = '';
  for (const p of payloads) {
    if (current && encodeURIComponent(current + p).length > 18000) {
      out.push(current);
      current = '';
    }
    current += `${p}\n`;
  }
  if (current) out.push(current);
  return out;
}

for (const name of ['chromium', 'firefox'] as const) {
  describe(`the XSS corpus on the server's pages [${name}]`, {timeout: 300000}, () => {
    it('as stored comments on /t: 0 unsafe elements, attributes or URLs, names shown as text, nothing runs', async () => {
      assert.ok(payloads.length > 800);
      const browser = await launchBrowser(name);
      try {
        const page = await browser.newPage();
        const events = watch(page);
        // The thread's page holds the first 100 replies; "Show N more replies", then "More replies", page through the
        // rest of the branch, each page starting with the top-level comment again.
        const shown: {author: string | null; href: string | null}[] = [];
        let url: string | null = `${server.url}/t?thread=${encodeURIComponent(THREAD)}`;
        for (let n = 0; url; n++) {
          await page.goto(url, {waitUntil: 'load'});
          // Give any smuggled handler (onerror, onload, animations, timers) the chance to run.
          await new Promise((r) => setTimeout(r, n ? 100 : 500));
          const found = await check(page, 'page');
          assert.deepEqual(found.slice(0, 20), [], `${found.length} violations on page ${n + 1}`);
          const articles = await page.$$eval('article.natter-comment', (list) => list.map((a) => ({
            author: a.querySelector('.natter-author')!.textContent,
            href: a.querySelector('.natter-author a')?.getAttribute('href') ?? null,
          })));
          shown.push(...(n ? articles.slice(1) : articles));
          assert.equal(await page.$$eval('form', (f) => f.length), 1, 'one form: the page\'s own');
          assert.equal(page.url(), url);
          url = await page.$$eval('a', (links) => links.find((a) => /^(Show \d+ more repl(y|ies)|More replies)$/.test(a.textContent!.trim()))?.href ?? null);
        }
        assert.equal(shown.length, payloads.length + 1);
        const wrongNames = payloads.filter((p, i) => shown[i + 1]!.author !== parsed(p, ''));
        assert.deepEqual(wrongNames.slice(0, 5), [], 'each name shows as its literal text');
        const wrongLinks = payloads.filter((p, i) => shown[i + 1]!.href !== safeUrl(p));
        assert.deepEqual(wrongLinks.slice(0, 5), [], 'a website is linked only when it is a safe URL');
        assert.deepEqual(events, []);
      } finally {
        await browser.close();
      }
    });

    it('as what a reader typed into a refused form: kept as typed, 0 unsafe elements, attributes or URLs', async () => {
      const browser = await launchBrowser(name);
      try {
        const page = await browser.newPage();
        const events = watch(page);
        const parts = chunks();
        for (const text of parts) {
          await page.goto(`${server.url}/t?thread=/xss-form`, {waitUntil: 'load'});
          await page.evaluate((t) => {
            const form = document.querySelector<HTMLFormElement>('form[action="/t"]')!;
            (form.elements.namedItem('body') as HTMLTextAreaElement).value = t;
            (form.elements.namedItem('author') as HTMLInputElement).value = t;
            const website = form.elements.namedItem('website') as HTMLInputElement;
            website.type = 'text';
            website.value = t;
            HTMLFormElement.prototype.submit.call(form);
          }, text);
          await page.waitForFunction(() => document.querySelector('#form-error') !== null, {timeout: 20000});
          await new Promise((r) => setTimeout(r, 200));
          const found = await check(page, 'form');
          assert.deepEqual(found.slice(0, 20), [], `${found.length} violations`);
          const kept = await page.evaluate(() => ({
            body: document.querySelector<HTMLTextAreaElement>('#f-body')!.value,
            author: document.querySelector<HTMLInputElement>('#f-author')!.getAttribute('value'),
            website: document.querySelector<HTMLInputElement>('#f-website')!.getAttribute('value'),
            forms: document.forms.length,
          }));
          const typed = parsed(text);
          assert.equal(kept.body, typed, 'the text area holds exactly what was typed');
          // An input's value loses line breaks as it is typed in; the attribute the page sent back is that value.
          assert.equal(kept.author, typed.replace(/\n/g, ''));
          assert.equal(kept.website, typed.replace(/\n/g, ''));
          assert.equal(kept.forms, 1);
        }
        assert.deepEqual(events, []);
      } finally {
        await browser.close();
      }
    });
  });
}
