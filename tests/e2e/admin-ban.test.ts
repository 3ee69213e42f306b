// A ban from the admin page in Chromium against the real server: the owner bans an author by the email stored with
// their held comment, and that author's next comment is found in the admin queue as spam (its author is told only
// that it is held).
import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import type {Browser, } from 'puppeteer-core';
import {launchBrowser} from '../lib/browsers.js';
import {type AdminServer, freshPage, listed, postComment, press, signIn, startAdminServer, waitForAnnouncement} from './admin-setup.js';

let browser: Browser;
let server: AdminServer;

describe('a ban from the admin page', () => {
  before(async () => {
    browser = await launchBrowser();
    server = await startAdminServer();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('bans an author by email, whose next comment lands in the queue as spam', async () => {
    const first = await postComment(server, {author: 'Mallory', body: 'First try, held like any other.', email: 'mallory@example.com'});
    const page = await freshPage(browser);
    await signIn(page, server);
    await page.waitForSelector(`article[data-id="${first.id}"]`);
    await press(page, 'Mallory', 'Ban email');
    await waitForAnnouncement(page, /^Banned the email address mallory@example\.com/);

    const second = await postComment(server, {author: 'Mallory', body: 'Second try, after the ban.', email: 'mallory@example.com'});
    assert.equal(second.status, 'pending', 'the author is told no more than "held"');
    await page.reload();
    await page.waitForSelector(`article[data-id="${second.id}"]`);
    const shown = await listed(page);
    assert.deepEqual(shown.find((c) => c.id === second.id)?.status, 'Spam');
    assert.deepEqual(shown.find((c) => c.id === first.id)?.status, 'Pending');
    // The ban is listed in the settings, where it can be lifted.
    await page.click('nav a[href="/admin/settings"]');
    await page.waitForSelector('#bans');
    assert.match(await page.$eval('#bans', (e) => e.textContent!), /Email mallory@example\.com/);
    await page.browserContext().close();
  });
});
