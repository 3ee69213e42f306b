import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import puppeteer from 'puppeteer-core';
import {startTestServer} from '../../e2e/server-process.js';
import {postViaComposer, waitForLoaded, shown, idbOutboxBodies} from './widget-page.js';

const dir = mkdtempSync(join(tmpdir(), 'natter-scratch-'));
const server = await startTestServer({db: join(dir, 'n.db'), env: {NATTER_RATE_LIMIT: '100000'}});
const browser = await puppeteer.launch({executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run']});
const page = await browser.newPage();
await page.goto(`${server.url}/`);
await waitForLoaded(page);
const mode = process.argv[2] ?? 'same-task';
const lost: string[] = [];
for (let k = 0; k < 10; k++) {
  const body = `reload-race #${k}`;
  if (mode === 'same-task') {
    await postViaComposer(page, {body: 'x', author: 'Ada'}).catch(() => {});
  }
  // type, then Post and reload in one task
  await page.evaluate(() => {});
  const field = (await page.evaluateHandle(() => document.querySelector('natter-thread')!.shadowRoot!.querySelector('textarea'))).asElement()!;
  await (field as any).click(); await page.keyboard.down('Control'); await page.keyboard.press('KeyA'); await page.keyboard.up('Control'); await page.keyboard.press('Backspace');
  await (field as any).type(body);
  if (mode !== 'draft-only' && mode !== 'noname') {
    const a = (await page.evaluateHandle(() => document.querySelector('natter-thread')!.shadowRoot!.querySelector('[name=author]'))).asElement()!;
    await (a as any).click(); await page.keyboard.down('Control'); await page.keyboard.press('KeyA'); await page.keyboard.up('Control'); await page.keyboard.press('Backspace');
    await (a as any).type('Ada');
  }
  await page.evaluate((MODE) => { if (MODE !== 'draft-only') document.querySelector('natter-thread')!.shadowRoot!.querySelector<HTMLElement>('[part~="submit-button"]')!.click(); location.reload(); }, mode);
  await page.waitForNavigation().catch(() => {});
  await waitForLoaded(page);
  await new Promise((r) => setTimeout(r, 1500));
  const s = await shown(page);
  const r = await (await fetch(`${server.url}/api/comments?thread=${encodeURIComponent('/2014/03/networking')}&limit=100`)).json() as any;
  const onServer = r.comments.some((c: any) => c.body === body);
  const textarea = await page.evaluate(() => document.querySelector('natter-thread')!.shadowRoot!.querySelector('textarea')!.value);
  const idb = await idbOutboxBodies(page);
  console.log(k, {onServer, shown: s.some((c) => c.body === body), textarea, inIdb: idb.includes(body)});
  if (!onServer && !s.some((c) => c.body === body) && !textarea.includes(body)) lost.push(body);
}
console.log('lost', lost);
await browser.close();
await server.stop();
