// The owner at /admin in Chromium, against the real server (NATTER_MODERATION=all, a real SQLite file): the password
// set with `natter admin set-password`, a held comment approved and shown by the widget on the demo page, another
// deleted.
import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import type {Browser, } from 'puppeteer-core';
import {launchBrowser} from '../lib/browsers.js';
import {type AdminServer, freshPage, listed, password, postComment, press, signIn, startAdminServer, waitForAnnouncement, widgetBodies} from './admin-setup.js';

let browser: Browser;
let server: AdminServer;

describe('the admin page, as the owner uses it', () => {
  before(async () => {
    browser = await launchBrowser();
    server = await startAdminServer();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refuses a wrong password and says so, then signs in with the one the command set', async () => {
    const page = await freshPage(browser);
    await page.goto(`${server.url}/admin`);
    await page.waitForSelector('#password');
    await page.type('#password', 'not the password');
    await page.click('button[type="submit"]');
    const error = await page.waitForSelector('#sign-in-error');
    assert.match(await error!.evaluate((e) => e.textContent!), /not right/);
    assert.equal(await page.$eval('#password', (e) => e.getAttribute('aria-invalid')), 'true');
    await page.$eval('#password', (e) => ((e as HTMLInputElement).value = ''));
    await page.type('#password', password);
    await page.click('button[type="submit"]');
    await page.waitForSelector('h2');
    assert.equal(await page.$eval('h2', (e) => e.textContent), 'Moderation queue');
    // The session is a cookie the script can't read.
    assert.equal(await page.evaluate(() => document.cookie), '');
    await page.browserContext().close();
  });

  it('approves a held comment, which the widget then shows, and deletes another', async () => {
    const kept = await postComment(server, {author: 'Ada', body: 'A held comment the owner approves.', email: 'ada@example.com'});
    const gone = await postComment(server, {author: 'Bob', body: 'A held comment the owner deletes.', email: 'bob@example.com'});
    assert.equal(kept.status, 'pending');
    assert.equal(gone.status, 'pending');
    const page = await freshPage(browser);
    assert.deepEqual(await widgetBodies(page, server.url), [], 'held comments are not shown to readers');

    await signIn(page, server);
    await page.waitForSelector('article.comment');
    const queue = await listed(page);
    assert.deepEqual(queue.map((c) => [c.author, c.status]), [['Bob', 'Pending'], ['Ada', 'Pending']], 'newest first');
    assert.match(await page.$eval(`article[data-id="${kept.id}"]`, (a) => a.textContent!), /ada@example\.com.*127\.0\.0\.1.*\/2014\/03\/networking/s);

    await press(page, 'Ada', 'Approve');
    await waitForAnnouncement(page, /^Approved the comment by Ada\.$/);
    assert.deepEqual((await listed(page)).map((c) => c.author), ['Bob'], 'the approved comment left the queue');
    await press(page, 'Bob', 'Delete');
    await waitForAnnouncement(page, /^Deleted the comment by Bob\.$/);
    await page.waitForSelector('.empty');
    assert.match(await page.$eval('.empty', (e) => e.textContent!), /queue is empty/);

    // The All comments view has it as published; the deleted one (no replies) is gone.
    await page.click('nav a[href="/admin/comments"]');
    await page.waitForSelector('article.comment');
    assert.deepEqual((await listed(page)).map((c) => [c.author, c.status]), [['Ada', 'Published']]);

    assert.deepEqual(await widgetBodies(page, server.url), ['A held comment the owner approves.']);
    await page.browserContext().close();
  });
});
