// Browser tests in Debian's Chromium and Firefox ESR (no test tool may download a browser here).
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {resolve} from 'node:path';
import {esbuildPlugin} from '@web/dev-server-esbuild';
import {chromeLauncher} from '@web/test-runner-chrome';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];
const only = process.env.NATTER_BROWSERS?.split(',');

const browsers = [
  chromeLauncher({launchOptions: {executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium', headless: true, args: chromiumArgs}}),
  chromeLauncher({puppeteer, launchOptions: {browser: 'firefox', executablePath: process.env.FIREFOX_BIN || '/usr/bin/firefox-esr', headless: true}}),
].filter((_, i) => !only || only.includes(i === 0 ? 'chromium' : 'firefox'));

/** Serves msw's worker from node_modules at the root, so it always matches the installed msw. */
function mswWorker() {
  return {
    name: 'msw-worker',
    serve(context) {
      if (context.path === '/mockServiceWorker.js') {
        return {body: readFileSync(require.resolve('msw/mockServiceWorker.js'), 'utf8'), type: 'js'};
      }
    },
  };
}

/**
 * The locale controller imports `../locales/TAG.js` by a name made at run time, which the build's files have and the
 * sources name `.ts`: the same request gets the TypeScript module here.
 */
function localeSources(ctx, next) {
  if (/^\/src\/locales\/[\w-]+\.js$/.test(ctx.path)) ctx.url = ctx.url.replace(/\.js(?=$|\?)/, '.ts');
  return next();
}

/** Serves ../shared (the XSS corpus) at /__shared/, read-only. */
function sharedFiles() {
  const root = resolve(process.env.NATTER_SHARED || '../shared');
  return {
    name: 'shared-files',
    serve(context) {
      if (!context.path.startsWith('/__shared/')) return;
      const file = resolve(root, '.' + decodeURIComponent(context.path.slice('/__shared'.length)));
      if (!file.startsWith(root + '/')) return {body: 'forbidden', status: 403};
      return {body: readFileSync(file, 'utf8'), type: 'text/plain'};
    },
  };
}

/**
 * `media-features`: emulates media features, forced-colors among them, which the stock emulateMedia command lacks:
 * `{features: [{name: 'forced-colors', value: 'active'}]}`, or an empty list to end it. Chromium only (CDP); Firefox,
 * driven over WebDriver BiDi, answers false and the case says it is skipped there.
 */
function mediaFeatures() {
  // A session's emulation ends with it: one per page, kept open.
  const sessions = new WeakMap();
  return {
    name: 'media-features',
    async executeCommand({command, payload, session}) {
      if (command !== 'media-features') return undefined;
      const page = session.browser.getPage(session.id);
      if (!(await page.browser().version()).toLowerCase().includes('chrom')) return false;
      if (!sessions.has(page)) sessions.set(page, await page.createCDPSession());
      await sessions.get(page).send('Emulation.setEmulatedMedia', {features: payload.features});
      return true;
    },
  };
}

/** Prints one plain `N passed, N failed, N skipped` line that any CI can read. */
function summaryReporter() {
  return {
    onTestRunFinished({sessions}) {
      let passed = 0, failed = 0, skipped = 0;
      const walk = (suite) => {
        for (const t of suite.tests) t.skipped ? skipped++ : t.passed ? passed++ : failed++;
        for (const s of suite.suites) walk(s);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        if (session.errors?.length) failed += session.errors.length;
      }
      console.log(`\nBrowser tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
    },
  };
}

export default {
  files: ['tests/browser/**/*.test.ts'],
  nodeResolve: {exportConditions: ['production']},
  concurrency: 1,
  concurrentBrowsers: 1,
  browsers,
  testFramework: {config: {timeout: 20000}},
  testsFinishTimeout: 20 * 60 * 1000,
  browserStartTimeout: 60000,
  middleware: [localeSources],
  plugins: [mediaFeatures(), mswWorker(), sharedFiles(), esbuildPlugin({ts: true, target: 'es2022', tsconfig: 'tsconfig.json'})],
  reporters: [(await import('@web/test-runner')).defaultReporter(), summaryReporter()],
};
