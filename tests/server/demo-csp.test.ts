// The demo pages under the server's Content-Security-Policy, in Chromium and Firefox ESR: nothing is refused, the
// widget renders and a comment can be posted. Needs the built bundles (`npm run build`, which `npm test` runs first).
// NATTER_BROWSERS=chromium (or firefox) runs one of them, as for the browser tests.
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, before, describe, it} from 'node:test';
import type {Browser, Page} from 'puppeteer-core';
import {launchBrowser} from '../lib/browsers.js';
import {startTestServer, type TestServer} from '../e2e/server-process.js';
import {makeTempDir} from './setup.js';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const missing = ['natter.js', 'natter.classic.js'].filter((f) => !existsSync(join(dist, f)));
const only = process.env.NATTER_BROWSERS?.split(',').map((b) => b.trim());
const browsers = (['chromium', 'firefox'] as const).filter((b) => !only || only.includes(b));
const temp = makeTempDir();
after(() => temp.remove());
let server: TestServer;
let browser: Browser;

/** Opens `path` with a listener for CSP violations installed before any of the page's scripts run. */
async function open(path: string): Promise<{page: Page; violations: () => Promise<string[]>}> {
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(() => {
    const seen: string[] = [];
    (window as unknown as {cspViolations: string[]}).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`), true);
  });
  const messages: string[] = [];
  page.on('console', (m) => /Content Security Policy/i.test(m.text()) && messages.push(m.text()));
  const res = await page.goto(`${server.url}${path}`);
  assert.match(res?.headers()['content-security-policy'] ?? '', /default-src 'self'/);
  return {
    page,
    violations: async () => [...(await page.evaluate(() => (window as unknown as {cspViolations: string[]}).cspViolations)), ...messages],
  };
}

const heading = (page: Page) =>
  page.waitForFunction(() => /^\d+ comments?$/.test(document.querySelector('natter-thread')?.shadowRoot?.querySelector('[part~="heading"]')?.textContent ?? ''), {
    timeout: 15000,
  });

for (const browserName of browsers) describe(`the demo pages under the Content-Security-Policy [${browserName}]`, () => {
  before(async () => {
    // `npm test` builds first; a missing bundle is a failure here, never a silent skip.
    if (missing.length) throw new Error(`${missing.join(', ')} not built: run \`npm run build\` first`);
    server = await startTestServer({db: join(temp.dir, `csp-${browserName}.db`)});
    browser = await launchBrowser(browserName);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('runs the module bundle on / with nothing refused, styled, and posts a comment', async () => {
    const {page, violations} = await open('/');
    await heading(page);
    // The widget's shadow styles (constructed style sheets) and the blog's stylesheet both apply.
    const styled = await page.evaluate(() => {
      const root = document.querySelector('natter-thread')!.shadowRoot!;
      return {sheets: root.adoptedStyleSheets.length, bodyFont: getComputedStyle(document.body).fontFamily};
    });
    assert.ok(styled.sheets > 0, 'the shadow root has its style sheets');
    assert.notEqual(styled.bodyFont, '', 'blog.css applied');

    // The form comes with the write chunk, just after the comments paint.
    await page.waitForFunction(() => !!document.querySelector('natter-thread')?.shadowRoot?.querySelector('[part~="composer"] [name="body"]'), {timeout: 15000});
    // No named helpers inside evaluate(): tsx would wrap them in a __name() the page does not have.
    await page.evaluate(() => {
      const composer = document.querySelector('natter-thread')!.shadowRoot!.querySelector('[part~="composer"]')!;
      for (const [name, value] of [['author', 'Ada'], ['body', 'Posted under the CSP.']]) {
        const field = composer.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`)!;
        field.value = value!;
        field.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
      }
      composer.querySelector<HTMLElement>('[part~="submit-button"]')!.click();
    });
    await page.waitForFunction(() => document.querySelector('natter-thread')!.shadowRoot!.textContent!.includes('Posted under the CSP.'), {timeout: 15000});
    // The widget shows the comment while it is sent; wait until the server has it.
    let bodies: string[] = [];
    for (let tries = 0; tries < 100 && bodies.length === 0; tries++) {
      const listed = (await (await fetch(`${server.url}/api/comments?thread=${encodeURIComponent('/2014/03/networking')}`)).json()) as {comments: {body: string}[]};
      bodies = listed.comments.map((c) => c.body);
      if (bodies.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(bodies, ['Posted under the CSP.']);
    assert.deepEqual(await violations(), []);
  });

  it('runs the classic bundle and its on-demand in-page adapter on /preview.html with nothing refused', async () => {
    const {page, violations} = await open('/preview.html');
    await heading(page);
    assert.deepEqual(await violations(), []);
  });
});
