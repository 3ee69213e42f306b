// Shared by the admin-*.test.ts files: the real server on a fresh SQLite file, its password set by the real
// `natter admin set-password` command, comments posted as the widget posts them, and the admin page's parts.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import type {Browser, Page} from 'puppeteer-core';
import {startTestServer, type TestServer} from './server-process.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The owner's password in every admin test. */
export const password = 'correct horse battery staple';
/** The demo page's thread (demo/index.html), where the widget shows what the owner approves. */
export const THREAD = '/2014/03/networking';

export interface AdminServer extends TestServer {
  db: string;
  /** Stops the server and removes its files. */
  close(): Promise<void>;
}

/** Starts the server holding every comment (NATTER_MODERATION=all), after setting its password with the command. */
export async function startAdminServer(env: Record<string, string> = {}): Promise<AdminServer> {
  const dir = mkdtempSync(join(tmpdir(), 'natter-admin-e2e-'));
  const db = join(dir, 'natter.db');
  // As an owner would: the command reads the password from its standard input when that is a pipe.
  const out = execFileSync(process.execPath, ['bin/natter.js', 'admin', 'set-password', '--db', db], {cwd: root, input: `${password}\n`, encoding: 'utf8'});
  if (!/password is set/i.test(out)) throw new Error(`natter admin set-password said: ${out}`);
  const server = await startTestServer({db, env: {NATTER_MODERATION: 'all', NATTER_RATE_LIMIT: '1000', ...env}});
  return Object.assign(server, {
    db,
    async close() {
      await server.stop();
      rmSync(dir, {recursive: true, force: true});
    },
  });
}

/** The form token of one list response per server, and when it was issued. */
const forms = new WeakMap<TestServer, Promise<{form: string | undefined; at: number}>>();

/**
 * Posts a comment as the widget does: with the form token a list response carried, once the policy's default minimum
 * time (3 s) has passed since that list, as it has for a reader who read the post before commenting.
 */
export async function postComment(server: TestServer, fields: {author: string; body: string; email?: string}): Promise<{id: string; status: string}> {
  if (!forms.has(server)) {
    forms.set(server, fetch(`${server.url}/api/comments?thread=${encodeURIComponent(THREAD)}`).then((r) => ({form: r.headers.get('natter-form') ?? undefined, at: Date.now()})));
  }
  const {form, at} = await forms.get(server)!;
  const wait = at + 3200 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const r = await fetch(`${server.url}/api/comments`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'Idempotency-Key': `admin-e2e-${Math.random().toString(36).slice(2)}`},
    body: JSON.stringify({thread: THREAD, parent: null, ...fields, form}),
  });
  if (r.status !== 201) throw new Error(`posting answered ${r.status}: ${await r.text()}`);
  return ((await r.json()) as {comment: {id: string; status: string}}).comment;
}

/** What the admin list shows: each comment's author, body, status and id, in order. */
export function listed(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('article.comment')].map((a) => ({
      id: a.dataset.id!,
      author: a.querySelector('h3')!.textContent!.replace(/\s*Owner$/, '').trim(),
      body: a.querySelector('.body')?.textContent?.trim() ?? '',
      status: a.querySelector('.state')!.textContent!.trim(),
    })),
  );
}

/** What the live region says now. */
export const announced = (page: Page) => page.$eval('[role="status"].notice', (el) => el.textContent ?? '');

/** Waits until the live region says something matching `pattern`. */
export function waitForAnnouncement(page: Page, pattern: RegExp) {
  return page.waitForFunction((source: string, flags: string) => new RegExp(source, flags).test(document.querySelector('[role="status"].notice')?.textContent ?? ''), {timeout: 10000}, pattern.source, pattern.flags);
}

/** The comment texts the widget on the demo page shows, once its list has loaded. */
export async function widgetBodies(page: Page, url: string): Promise<string[]> {
  await page.goto(`${url}/`);
  await page.waitForFunction(() => /^\d+ comments?$/.test(document.querySelector('natter-thread')?.shadowRoot?.querySelector('[part~="heading"]')?.textContent ?? ''), {timeout: 15000});
  return page.evaluate(() => [...document.querySelector('natter-thread')!.shadowRoot!.querySelectorAll('[part~="comment"] [part~="body"]')].map((b) => b.textContent!.trim()));
}

/** A page in a browser context of its own: no cookie from another case. */
export async function freshPage(browser: Browser): Promise<Page> {
  return (await browser.createBrowserContext()).newPage();
}

/** Clicks the button of one comment's card, found by the comment's author. */
export async function press(page: Page, author: string, label: string) {
  const button = await page.waitForSelector(`::-p-xpath(//article[.//h3[normalize-space(text())="${author}"]]//div[@class="actions"]/button[normalize-space()="${label}"])`);
  await button!.click();
}

/** Signs in at /admin with the password the command set, and waits for the first view. */
export async function signIn(page: Page, server: TestServer) {
  await page.goto(`${server.url}/admin`);
  await page.waitForSelector('#password');
  await page.type('#password', password);
  await page.click('button[type="submit"]');
  await page.waitForSelector('h2');
}
