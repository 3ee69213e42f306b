// The rest of the admin page in Chromium against the real server: bulk actions, search, inline edit, the owner's
// reply, hostile Markdown shown as text, threads closed and opened, settings saved, and the webhook log's empty state.
import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import type {Browser, ElementHandle, Page} from 'puppeteer-core';
import {launchBrowser} from '../lib/browsers.js';
import {type AdminServer, listed, password, postComment, startAdminServer, THREAD, waitForAnnouncement} from './admin-setup.js';

let browser: Browser;
let server: AdminServer;
let page: Page;

/** Waits for `selector` inside the card of the comment by `author`, and hands it back. */
async function inCard(author: string, selector: string): Promise<ElementHandle<Element>> {
  const found = await page.waitForFunction(
    (a: string, sel: string) => [...document.querySelectorAll('article.comment')].find((c) => [...c.querySelector('h3')!.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim() === a)?.querySelector(sel),
    {timeout: 10000},
    author,
    selector,
  );
  return found as ElementHandle<Element>;
}

/** Waits until the list shows exactly these authors, in this order. */
function waitForAuthors(authors: string[]) {
  return page.waitForFunction(
    (want: string) => JSON.stringify([...document.querySelectorAll('article.comment h3')].map((h) => h.textContent!.replace(/\s*Owner$/, '').trim())) === want,
    {timeout: 10000},
    JSON.stringify(authors),
  );
}

describe('the admin page’s other actions', () => {
  before(async () => {
    browser = await launchBrowser();
    server = await startAdminServer();
    await postComment(server, {author: 'Ada', body: 'Ada writes *first*.', email: 'ada@example.com'});
    await postComment(server, {author: 'Bob', body: 'Bob <img src=x onerror="document.title=1"> [click](javascript:alert(1))'});
    await postComment(server, {author: 'Cy', body: 'Cy writes third.'});
    page = await browser.newPage();
    await page.goto(`${server.url}/admin`);
    await page.waitForSelector('#password');
    await page.type('#password', password);
    await page.click('button[type="submit"]');
    await page.waitForSelector('article.comment');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows hostile Markdown as text: no element, no script URL', async () => {
    const bob = await inCard('Bob', '.body');
    assert.match(await bob.evaluate((b) => b.textContent!), /<img src=x onerror="document.title=1">/);
    assert.equal(await page.$$eval('article.comment img', (imgs) => imgs.length), 0);
    assert.equal(await page.$$eval('article.comment a[href^="javascript"]', (links) => links.length), 0);
  });

  it('says why each held comment was held', async () => {
    const reasons = await inCard('Ada', '.reasons dd');
    assert.equal(await reasons.evaluate((d) => d.textContent), 'Every comment is held for approval (moderation: all).');
  });

  it('marks two selected comments as spam at once, then approves all shown', async () => {
    await (await inCard('Ada', 'input[type="checkbox"]')).click();
    await (await inCard('Cy', 'input[type="checkbox"]')).click();
    assert.match(await page.$eval('.bulk', (b) => b.textContent!), /2 selected/);
    await page.click('.bulk [data-bulk="spam"]');
    await waitForAnnouncement(page, /^Marked as spam 2 comments\.$/);
    assert.deepEqual((await listed(page)).map((c) => [c.author, c.status]), [['Cy', 'Spam'], ['Bob', 'Pending'], ['Ada', 'Spam']]);
    await page.click('#select-all');
    await page.click('.bulk [data-bulk="approve"]');
    await waitForAnnouncement(page, /^Approved 3 comments\.$/);
    await page.waitForSelector('.empty');
  });

  it('searches all comments by author and by text', async () => {
    await page.click('nav a[href="/admin/comments"]');
    await page.waitForSelector('#f-author');
    await page.type('#f-author', 'Ada');
    await page.keyboard.press('Enter');
    await waitForAuthors(['Ada']);
    await waitForAnnouncement(page, /^Found 1 comment\.$/);
    assert.match(page.url(), /\/admin\/comments\?author=Ada$/);
    await page.$eval('#f-author', (e) => ((e as HTMLInputElement).value = ''));
    await page.type('#f-q', 'third');
    await page.keyboard.press('Enter');
    await waitForAuthors(['Cy']);
    assert.match(page.url(), /\/admin\/comments\?q=third$/);
    // Back in the browser's history is the search before.
    await page.goBack();
    await waitForAuthors(['Ada']);
    await page.goto(`${server.url}/admin/comments`);
    await page.waitForSelector('article.comment');
  });

  it('edits a comment in place and replies to it as the owner', async () => {
    await (await inCard('Ada', '[data-action="edit"]')).click();
    const box = await inCard('Ada', 'textarea');
    assert.equal(await box.evaluate((t) => (t as HTMLTextAreaElement).value), 'Ada writes *first*.');
    assert.ok(await box.evaluate((t) => t === document.activeElement), 'the text box has the focus');
    await box.evaluate((t) => ((t as HTMLTextAreaElement).value = ''));
    await box.type('Ada, **edited** by the owner.');
    await (await inCard('Ada', 'form button[type="submit"]')).click();
    await waitForAnnouncement(page, /^Saved the edit\.$/);
    const edited = await inCard('Ada', '.body strong');
    assert.equal(await edited.evaluate((s) => s.textContent), 'edited');
    assert.match(await (await inCard('Ada', 'time')).evaluate((t) => t.parentElement!.textContent!), /\(edited\)/);

    await (await inCard('Ada', '[data-action="reply"]')).click();
    const reply = await inCard('Ada', 'textarea');
    await reply.type('Thanks, Ada.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitForAnnouncement(page, /^Posted your reply to Ada\.$/);
    const [first] = await listed(page);
    assert.deepEqual([first!.author, first!.body, first!.status], ['Owner', 'Thanks, Ada.', 'Published']);
    assert.equal(await page.$eval('article.comment .badge', (b) => b.textContent), 'Owner');
  });

  it('closes a thread and opens it again', async () => {
    await page.click('nav a[href="/admin/threads"]');
    const row = await page.waitForSelector(`::-p-xpath(//tr[.//a[contains(@href, "${encodeURIComponent(THREAD)}")]])`);
    assert.match(await row!.evaluate((r) => r.textContent!), /Open/);
    await page.click('tbody button');
    await waitForAnnouncement(page, /^Closed comments on /);
    await page.reload();
    await page.waitForSelector('tbody button');
    assert.equal(await page.$eval('tbody button', (b) => b.textContent), 'Open', 'closed, as the server keeps it');
    await page.click('tbody button');
    await waitForAnnouncement(page, /^Opened comments on /);
  });

  it('saves the settings, which the next visit shows', async () => {
    await page.click('nav a[href="/admin/settings"]');
    await page.waitForSelector('#mode-first');
    assert.ok(await page.$eval('#mode-all', (r) => (r as HTMLInputElement).checked), 'NATTER_MODERATION=all is the starting point');
    await page.click('#mode-first');
    await page.$eval('#s-maxLinks', (e) => ((e as HTMLInputElement).value = ''));
    await page.type('#s-maxLinks', '2');
    await page.type('#s-blockedWords', 'casino\ncheap pills');
    await page.$eval('#s-ownerName', (e) => ((e as HTMLInputElement).value = ''));
    await page.type('#s-ownerName', 'Field Notes');
    await page.click('form.settings button[type="submit"]');
    await waitForAnnouncement(page, /^Settings saved\.$/);
    await page.reload();
    await page.waitForSelector('#mode-first');
    assert.ok(await page.$eval('#mode-first', (r) => (r as HTMLInputElement).checked));
    assert.equal(await page.$eval('#s-maxLinks', (e) => (e as HTMLInputElement).value), '2');
    assert.equal(await page.$eval('#s-blockedWords', (e) => (e as HTMLTextAreaElement).value), 'casino\ncheap pills');
    assert.equal(await page.$eval('#s-ownerName', (e) => (e as HTMLInputElement).value), 'Field Notes');
    // A value the server refuses is named, and the field is marked.
    await page.$eval('#s-minSeconds', (e) => ((e as HTMLInputElement).value = '5000'));
    await page.$eval('#s-minSeconds', (e) => e.removeAttribute('max'));
    await page.click('form.settings button[type="submit"]');
    await waitForAnnouncement(page, /^Settings not saved: minSeconds must be a whole number/);
    assert.equal(await page.$eval('#s-minSeconds', (e) => e.getAttribute('aria-invalid')), 'true');
  });

  it('shows the webhook log, or says the server keeps none', async () => {
    const answer = await page.evaluate(() => fetch('/api/admin/webhooks/deliveries').then((r) => r.status));
    await page.click('nav a[href="/admin/webhooks"]');
    await page.waitForSelector(answer === 404 ? 'main .empty' : 'main table, main .empty');
    if (answer === 404) assert.match(await page.$eval('main .empty', (e) => e.textContent!), /keeps no webhook log/);
    assert.equal(await page.$eval('a.export', (a) => a.getAttribute('href')), '/api/admin/export');
  });
});
