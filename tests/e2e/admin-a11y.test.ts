// axe-core on /admin in Chromium and Firefox ESR, against the real server: signed out (the sign-in form, with and
// without its error), and signed in with comments listed in each view. Zero violations of any rule axe runs.
import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import type {Browser, Page} from 'puppeteer-core';
import {launchBrowser} from '../lib/browsers.js';
import {type AdminServer, password, postComment, startAdminServer} from './admin-setup.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe's violations on the page as it is now: rule id, and the first few offending nodes. */
async function violations(page: Page): Promise<string[]> {
  // Evaluated by the browser's automation protocol, which the page's CSP (no inline script) does not govern.
  const {passes, found} = (await page.evaluate(`(() => { ${axeSource};
    return window.axe.run(document).then((r) => ({
      passes: r.passes.length,
      found: r.violations.map((v) => v.id + ': ' + v.help + ' @ ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')),
    }));
  })()`)) as {passes: number; found: string[]};
  // A run that checked nothing would find nothing too.
  assert.ok(passes > 10, `axe ran ${passes} passing rules`);
  return found;
}

for (const name of ['chromium', 'firefox'] as const) {
  describe(`/admin under axe in ${name}`, () => {
    let browser: Browser;
    let server: AdminServer;
    before(async () => {
      browser = await launchBrowser(name);
      server = await startAdminServer();
      await postComment(server, {author: 'Ada', body: 'A *held* comment with `code`, a [link](https://example.com) and\n\n> a quote', email: 'ada@example.com'});
      await postComment(server, {author: 'Bob', body: 'Another held comment.\n\n```\nconst wide = "a code block wider than a phone screen, so it scrolls sideways";\n```'});
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    it('finds nothing on the sign-in form, before and after a wrong password', async () => {
      const page = await browser.newPage();
      await page.goto(`${server.url}/admin`);
      await page.waitForSelector('#password');
      assert.deepEqual(await violations(page), []);
      await page.type('#password', 'wrong password');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#sign-in-error');
      assert.deepEqual(await violations(page), []);
      await page.close();
    });

    it('finds nothing signed in, in every view, with comments listed', async () => {
      const page = await browser.newPage();
      await page.goto(`${server.url}/admin`);
      await page.waitForSelector('#password');
      await page.type('#password', password);
      await page.keyboard.press('Enter');
      await page.waitForSelector('article.comment');
      assert.deepEqual(await violations(page), [], 'queue');
      // A comment's edit form and reply form open.
      await page.click('article.comment [data-action="edit"]');
      await page.waitForSelector('article.comment textarea');
      assert.deepEqual(await violations(page), [], 'queue with the edit form open');
      for (const [view, ready] of [['comments', 'article.comment'], ['threads', 'table'], ['settings', '#bans-h'], ['webhooks', 'h2 + p']] as const) {
        await page.goto(`${server.url}/admin/${view}`);
        await page.waitForSelector(ready);
        await page.waitForFunction(() => !document.querySelector('main')?.textContent?.includes('Loading…'));
        assert.deepEqual(await violations(page), [], view);
      }
      // At phone width too (reflow, no region that scrolls without the keyboard reaching it).
      await page.setViewport({width: 360, height: 740});
      await page.goto(`${server.url}/admin/comments`);
      await page.waitForSelector('article.comment');
      assert.deepEqual(await violations(page), [], 'all comments at 360 px');
      for (const view of ['queue', 'comments', 'threads', 'settings']) {
        await page.goto(`${server.url}/admin/${view}`);
        await page.waitForFunction(() => !!document.querySelector('main h2') && !document.querySelector('main')!.textContent!.includes('Loading…'));
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(wide <= 360, `${view} fits 360 px without scrolling sideways (${wide} px)`);
      }
      await page.close();
    });
  });
}
