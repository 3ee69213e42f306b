// The README's React 19 and Vue 3 snippets, as small apps built by Vite the way a bundler user builds theirs
// (`natter/define` and `natter/adapters/memory` resolved through the package's exports to dist/lib), served from
// loopback and used in Chromium and Firefox: the framework hands the thread its adapter object, and the
// `natter-posted` event reaches the framework's own handler, whose state the page renders.
import assert from 'node:assert/strict';
import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {extname, join, normalize} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import type {Browser, Page} from 'puppeteer-core';
import {build} from 'vite';
import {launchBrowser} from '../lib/browsers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const apps = ['react', 'vue'] as const;
type App = (typeof apps)[number];
const types: Record<string, string> = {'.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css'};
const browsers = (['chromium', 'firefox'] as const).filter((b) => !process.env.NATTER_BROWSERS || process.env.NATTER_BROWSERS.split(',').includes(b));

// Inside node_modules, so the apps find react, vue and lit by walking up, as they would in a real install; natter
// itself is linked in as `npm link` would, so only its `exports` can reach it.
let work = '';
let server: Server;
let base = '';

/** Builds one app with Vite's JS API and no config file: no plugin, as the README promises. */
async function buildApp(app: App) {
  await build({
    root: join(work, app),
    configFile: false,
    base: './',
    logLevel: 'error',
    // Vue's default build is runtime-only; the full build compiles the app's template in the browser.
    resolve: app === 'vue' ? {alias: [{find: /^vue$/, replacement: 'vue/dist/vue.esm-bundler.js'}]} : {},
    define: app === 'vue' ? {__VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false'} : {},
    build: {outDir: join(work, 'out', app), emptyOutDir: true, minify: false},
  });
}

/** Serves the built apps as static files: /react/ and /vue/. */
function serve(dir: string) {
  return createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url!, 'http://x').pathname)).replace(/\/$/, '/index.html');
    const file = join(dir, path);
    if (!file.startsWith(dir + '/') || !existsSync(file)) return res.writeHead(404).end('not found');
    res.writeHead(200, {'content-type': types[extname(file)] ?? 'application/octet-stream'}).end(readFileSync(file));
  });
}

/** Waits for a condition; on a timeout, returns so that the assertion after it names what the page shows instead. */
async function settle(page: Page, condition: (text: string) => boolean, text = '') {
  await page.waitForFunction(condition, {timeout: 10000}, text).catch(() => {});
}

/** What the page shows: the framework's own rendering of what its handler got, and the bodies the widget lists. */
function shown(page: Page) {
  return page.evaluate(() => ({
    framework: document.querySelector('#posted')?.textContent ?? null,
    listed: [...(document.querySelector('natter-thread')?.shadowRoot?.querySelectorAll('[part~="comment"] [part~="body"]') ?? [])].map((b) => b.textContent!.trim()),
  }));
}

before(async () => {
  if (!existsSync(join(root, 'dist', 'lib', 'define.js'))) throw new Error('dist/lib is missing: run `npm run build` first.');
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, {recursive: true});
  work = mkdtempSync(join(cache, 'natter-frameworks-'));
  cpSync(join(root, 'tests', 'frameworks'), work, {recursive: true});
  mkdirSync(join(work, 'node_modules'));
  symlinkSync(root, join(work, 'node_modules', 'natter'), 'dir');
  for (const app of apps) await buildApp(app);
  server = serve(join(work, 'out'));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise((done) => server?.close(done));
  if (work) rmSync(work, {recursive: true, force: true});
});

for (const name of browsers) {
  describe(`<natter-thread> in a framework, in ${name}`, () => {
    let browser: Browser;
    before(async () => {
      browser = await launchBrowser(name);
    });
    after(async () => {
      await browser?.close();
    });

    for (const app of apps) {
      const label = app === 'react' ? 'React 19' : 'Vue 3';
      it(`${label}: the thread gets the adapter object, and a posted comment reaches the app's handler and state`, async () => {
        const context = await browser.createBrowserContext();
        try {
          const page = await context.newPage();
          const errors: string[] = [];
          page.on('pageerror', (e) => errors.push(String(e)));
          await page.goto(`${base}/${app}/`);
          // The seeded comment shows only when the adapter arrived as a property (an attribute would be "[object Object]").
          await settle(page, () => !!document.querySelector('natter-thread')?.shadowRoot?.querySelector('[part~="comment"]'));
          assert.deepEqual(await shown(page), {framework: 'Nothing posted yet', listed: ['Here before the app rendered']});

          // The form comes with the write chunk, after the first comments paint: under a loaded CI machine that took over 10 s once.
          await page.waitForSelector('natter-thread >>> [part~="composer"] [part~="textarea"]', {timeout: 30000});

          const body = `Hello from ${label} in ${name}`;
          await (await page.waitForSelector('natter-thread >>> [part~="composer"] [part~="textarea"]'))!.type(body);
          await (await page.waitForSelector('natter-thread >>> [part~="composer"] [name="author"]'))!.type('Ada');
          await (await page.waitForSelector('natter-thread >>> [part~="composer"] [part~="submit-button"]'))!.click();

          await settle(page, (text) => document.querySelector('#posted')?.textContent !== 'Nothing posted yet' && document.querySelector('natter-thread')!.shadowRoot!.textContent!.includes(text), body);
          // One comment, one event, one entry: a handler attached twice would show it twice.
          assert.deepEqual(await shown(page), {framework: `Ada: ${body}`, listed: ['Here before the app rendered', body]});
          assert.deepEqual(errors, []);
        } finally {
          await context.close();
        }
      });
    }
  });
}
