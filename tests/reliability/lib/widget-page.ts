// Puppeteer helpers for driving <natter-thread> on the demo page (shadow DOM) in the fault tests.
import type {ElementHandle, Page} from 'puppeteer-core';

export const SENDING = 'Sending…';
export const WAITING = 'Waiting to send…';

export interface Shown {
  id: string;
  body: string;
  note: string;
}

/** Each comment's id, body text and note, in document order. */
export function shown(page: Page): Promise<Shown[]> {
  return page.evaluate(() => {
    const root = document.querySelector('natter-thread')?.shadowRoot;
    if (!root) return [];
    return [...root.querySelectorAll('[part~="comment"]')].map((c) => ({
      id: c.getAttribute('data-id') ?? '',
      body: c.querySelector('[part~="body"]')?.textContent?.trim() ?? '',
      note: c.querySelector('[part~="note"]')?.textContent?.trim() ?? '',
    }));
  });
}

/** How many comments show "Sending…" or "Waiting to send…". */
export async function queuedCount(page: Page): Promise<number> {
  return (await shown(page)).filter((c) => c.note === SENDING || c.note === WAITING).length;
}

/** Waits until the heading shows a count (the first page has loaded) and the top form is there (the write chunk has restored drafts and the outbox). */
export async function waitForLoaded(page: Page, timeout = 45000): Promise<void> {
  await page.waitForFunction(
    () => {
      const root = document.querySelector('natter-thread')?.shadowRoot;
      return /^\d+ comments?$/.test(root?.querySelector('[part~="heading"]')?.textContent ?? '') && !!root?.querySelector('[part~="composer"] textarea');
    },
    {timeout, polling: 100},
  );
}

export function heading(page: Page): Promise<string> {
  return page.evaluate(() => document.querySelector('natter-thread')?.shadowRoot?.querySelector('[part~="heading"]')?.textContent ?? '');
}

async function topField(page: Page, name: string): Promise<ElementHandle<Element>> {
  const handle = (
    await page.evaluateHandle((n) => document.querySelector('natter-thread')!.shadowRoot!.querySelector('[part~="composer"]')!.querySelector(`[name="${n}"]`), name)
  ).asElement();
  if (!handle) throw new Error(`no field ${name} in the top composer`);
  return handle as ElementHandle<Element>;
}

/** Types into the top composer ("Leave a reply") and clicks its Post button, as a reader would. */
export async function postViaComposer(page: Page, fields: {body: string; author: string}): Promise<void> {
  for (const [name, value] of Object.entries(fields)) {
    const field = await topField(page, name);
    await field.click();
    await page.keyboard.down('Control');
    await page.keyboard.press('KeyA');
    await page.keyboard.up('Control');
    await page.keyboard.press('Backspace');
    await field.type(value);
    await field.dispose();
  }
  const button = (
    await page.evaluateHandle(() => document.querySelector('natter-thread')!.shadowRoot!.querySelector('[part~="composer"] [part~="submit-button"]'))
  ).asElement() as ElementHandle<Element> | null;
  if (!button) throw new Error('no submit button in the top composer');
  await button.click();
  await button.dispose();
}

/** Bodies of the outbox entries that IndexedDB holds right now (what survives a reload). */
export function idbOutboxBodies(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const open = indexedDB.open('natter');
        open.onerror = () => resolve([]);
        open.onsuccess = () => {
          const db = open.result;
          try {
            const request = db.transaction('kv', 'readonly').objectStore('kv').getAll(IDBKeyRange.bound(['outbox'], ['outbox', []]));
            request.onsuccess = () => {
              resolve((request.result as {comment: {body: string}}[]).map((e) => e.comment.body));
              db.close();
            };
            request.onerror = () => {
              resolve([]);
              db.close();
            };
          } catch {
            resolve([]);
            db.close();
          }
        };
      }),
  );
}

/** Clicks "Load more comments" until there is none (bounded), so every comment is in the DOM. */
export async function loadAllPages(page: Page, maxPages = 50, timeout = 30000): Promise<number> {
  let clicks = 0;
  for (; clicks < maxPages; clicks++) {
    const before = (await shown(page)).length;
    const clicked = await page.evaluate(() => {
      const b = document.querySelector('natter-thread')?.shadowRoot?.querySelector<HTMLButtonElement>('[part~="load-more-button"]');
      if (!b) return false;
      if (!b.disabled) b.click();
      return true;
    });
    if (!clicked) return clicks;
    await page.waitForFunction(
      (n) => {
        const root = document.querySelector('natter-thread')!.shadowRoot!;
        const b = root.querySelector<HTMLButtonElement>('[part~="load-more-button"]');
        return root.querySelectorAll('[part~="comment"]').length > n || !b;
      },
      {timeout, polling: 100},
      before,
    );
  }
  throw new Error(`still a "Load more" button after ${maxPages} pages`);
}

/** Counts `online`/`offline` events and records natter-error events, from the first script on every load. */
export async function instrument(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    const w = window as any;
    w.__net = {online: 0, offline: 0};
    w.__errors = [];
    addEventListener('online', () => w.__net.online++);
    addEventListener('offline', () => w.__net.offline++);
    document.addEventListener('natter-error', (e: any) =>
      w.__errors.push({action: e.detail?.action, status: e.detail?.error?.status, code: e.detail?.error?.code, retryable: e.detail?.error?.retryable}),
    );
  });
}

export interface PageTelemetry {
  net: {online: number; offline: number};
  errors: {action: string; status: number; code: string; retryable: boolean}[];
}

export function telemetry(page: Page): Promise<PageTelemetry> {
  return page.evaluate(() => ({net: (window as any).__net ?? {online: 0, offline: 0}, errors: (window as any).__errors ?? []}));
}
