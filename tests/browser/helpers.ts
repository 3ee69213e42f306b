import {clear, createStore} from 'idb-keyval';
import type {ThreadElement} from '../../src/elements/thread-element.js';
import type {Comment} from '../../src/adapters/adapter.js';
import '../../src/define.js';

/** Empties Natter's IndexedDB store, so each case starts with no drafts, outbox or identity. */
export async function clearStorage() {
  await clear(createStore('natter', 'kv'));
}

/** Every node in the element's shadow root with this part. */
export function parts<T extends Element = HTMLElement>(el: Element, name: string): T[] {
  return [...el.shadowRoot!.querySelectorAll<T>(`[part~="${name}"]`)];
}

export function part<T extends Element = HTMLElement>(el: Element, name: string): T {
  const found = parts<T>(el, name)[0];
  if (!found) throw new Error(`no part "${name}" in <${el.localName}>`);
  return found;
}

/** Resolves with the next event of this type from `el`. */
export function next<T = unknown>(el: EventTarget, type: string): Promise<CustomEvent<T>> {
  return new Promise((resolve) => el.addEventListener(type, (e) => resolve(e as CustomEvent<T>), {once: true}));
}

/** Waits until `check` (sync or async) passes, re-checking every 20 ms; fails after `ms`. */
export async function until(check: () => unknown, ms = 8000, what = 'condition'): Promise<void> {
  const end = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Adds a thread element to the page, configured by `setup`, and waits for its first page. */
export async function mountThread(setup: (el: ThreadElement) => void, {waitForLoad = true} = {}): Promise<ThreadElement> {
  const el = document.createElement('natter-thread');
  setup(el);
  const loaded = next(el, 'natter-load');
  document.body.append(el);
  if (waitForLoad) {
    await loaded;
    await settled(el);
  }
  await el.updateComplete;
  return el;
}

/** Waits until the write chunk is in, drafts, the outbox and held comments are restored, and every form has rendered. */
export async function settled(el: ThreadElement) {
  const write = await el.loadWrite();
  await write.drafts.restoring;
  await write.held.restoring;
  await el.updateComplete;
  await Promise.all([...el.shadowRoot!.querySelectorAll('natter-composer')].map((c) => c.updateComplete));
}

/** The text the reader sees in each comment's body, in document order. */
export const bodies = (el: Element) => parts(el, 'body').map((b) => b.textContent!.trim());

/** Types into a composer's fields as a reader would, firing input events. */
export async function type(form: Element, fields: Record<string, string>) {
  for (const [name, value] of Object.entries(fields)) {
    const field = form.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`)!;
    field.value = value;
    field.dispatchEvent(new InputEvent('input', {bubbles: true, composed: true}));
  }
}

export function submit(form: Element) {
  form.querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click();
}

const thread = '/t';
export const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60000).toISOString();

/** A seed comment with sensible defaults. */
export function seedComment(id: string, extra: Partial<Comment> = {}): Comment {
  return {id, thread, parent: null, author: `Author ${id}`, website: null, body: `Body ${id}`, createdAt: at(60), status: 'published', ...extra};
}

export function cleanup() {
  for (const el of document.querySelectorAll('natter-thread')) el.remove();
}

/** Posts `body` through the top form as the reader Ada; resolves with its id once its Delete button shows (it is this browser's). */
export async function postMine(el: ThreadElement, body: string): Promise<string> {
  const posted = next<{comment: {id: string}}>(el, 'natter-posted');
  await type(part(el, 'composer'), {body, author: 'Ada'});
  submit(part(el, 'composer'));
  const {id} = (await posted).detail.comment;
  await until(() => el.shadowRoot!.querySelector(`[data-action=delete][data-id="${CSS.escape(id)}"]`), 4000, 'the Delete button');
  await el.updateComplete;
  return id;
}
