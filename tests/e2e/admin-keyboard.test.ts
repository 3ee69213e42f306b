// The owner with a keyboard alone (page.keyboard only, never a click), in Chromium and Firefox ESR against the real
// server: sign in, approve one held comment and delete another, with focus always visible and moved on to the next
// comment after each action, and the results said in the live region; change view and edit a comment in place.
import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import type {Browser, Page} from 'puppeteer-core';
import {launchBrowser} from '../lib/browsers.js';
import {type AdminServer, announced, listed, password, postComment, startAdminServer, waitForAnnouncement, widgetBodies} from './admin-setup.js';

/** What has the focus: its tag, its text or label, the comment card it is in, and whether its outline shows. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60),
      id: el.id,
      card: el.closest('article')?.querySelector('h3')?.textContent?.trim() ?? null,
      visible: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none',
    };
  });
}

/** Presses Tab until `match` holds for the focused element (at most 60 times: no trap, no endless page). */
async function tabTo(page: Page, match: (f: Awaited<ReturnType<typeof focused>>) => boolean, what: string) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (match(f)) {
      assert.ok(f.visible, `the focus on ${what} is visible`);
      return f;
    }
  }
  throw new Error(`Tab never reached ${what}`);
}

for (const name of ['chromium', 'firefox'] as const) {
  describe(`the admin page with a keyboard alone, in ${name}`, () => {
    let browser: Browser;
    let server: AdminServer;
    before(async () => {
      browser = await launchBrowser(name);
      server = await startAdminServer();
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    it('signs in, approves one held comment and deletes another', async () => {
      await postComment(server, {author: 'Ada', body: 'Ada’s comment, to delete.', email: 'ada@example.com'});
      await postComment(server, {author: 'Bob', body: 'Bob’s comment, to approve.', email: 'bob@example.com'});
      const page = await browser.newPage();
      await page.goto(`${server.url}/admin`);
      await page.waitForSelector('#password');

      await tabTo(page, (f) => f.id === 'password', 'the password field');
      await page.keyboard.type(password);
      await page.keyboard.press('Enter');
      await page.waitForSelector('article.comment');
      await page.waitForFunction(() => document.activeElement?.tagName === 'H2');
      assert.equal((await focused(page)).text, 'Moderation queue', 'signing in puts the focus at the top of the queue');

      await tabTo(page, (f) => f.card === 'Bob' && f.text === 'Approve', 'Bob’s Approve button');
      await page.keyboard.press('Enter');
      await waitForAnnouncement(page, /^Approved the comment by Bob\.$/);
      await page.waitForFunction(() => document.activeElement?.tagName === 'ARTICLE');
      assert.equal((await focused(page)).card, 'Ada', 'the focus moved on to the next comment');
      assert.deepEqual((await listed(page)).map((c) => c.author), ['Ada']);

      await tabTo(page, (f) => f.card === 'Ada' && f.text === 'Delete', 'Ada’s Delete button');
      await page.keyboard.press(' ');
      await waitForAnnouncement(page, /^Deleted the comment by Ada\.$/);
      await page.waitForSelector('.empty');
      assert.equal((await focused(page)).text, 'Moderation queue', 'with no comment left, the focus is on the list’s heading');
      assert.match(await announced(page), /Deleted/);

      // The skip link leads past the header to the view.
      await page.reload();
      await page.waitForSelector('.empty');
      await page.keyboard.press('Tab');
      assert.equal((await focused(page)).text, 'Skip to content');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'main');

      assert.deepEqual(await widgetBodies(page, server.url), ['Bob’s comment, to approve.']);
      await page.close();
    });

    it('goes to another view, and edits a comment in place, cancelled with Escape and then saved', async () => {
      const page = await browser.newPage();
      await page.goto(`${server.url}/admin`);
      await page.waitForSelector('.empty');
      await tabTo(page, (f) => f.tag === 'a' && f.text === 'All comments', 'the All comments link');
      await page.keyboard.press('Enter');
      await page.waitForSelector('article.comment');
      await page.waitForFunction(() => document.activeElement?.tagName === 'H2');
      assert.equal((await focused(page)).text, 'All comments', 'the new view’s heading has the focus');

      await tabTo(page, (f) => f.card === 'Bob' && f.text === 'Edit', 'Bob’s Edit button');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
      await page.keyboard.type(' Not this.');
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-action') === 'edit');
      assert.equal(await page.$eval('[data-action="edit"]', (b) => b.getAttribute('aria-expanded')), 'false');
      assert.deepEqual((await listed(page)).map((c) => c.body), ['Bob’s comment, to approve.'], 'Escape changed nothing');

      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
      await page.keyboard.press('End');
      await page.keyboard.type(' Edited.');
      await tabTo(page, (f) => f.text === 'Save', 'the Save button');
      await page.keyboard.press('Enter');
      await waitForAnnouncement(page, /^Saved the edit\.$/);
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-action') === 'edit');
      assert.deepEqual((await listed(page)).map((c) => c.body), ['Bob’s comment, to approve. Edited.']);
      await page.close();
    });
  });
}
