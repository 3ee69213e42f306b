import {expect} from '@open-wc/testing';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import type {Comment} from '../../src/adapters/adapter.js';
import type {ThreadElement} from '../../src/elements/thread-element.js';
import {bodies, cleanup, clearStorage, next, parts, seedComment, settled} from './helpers.js';

// 12 top-level comments, each with two replies: 36 in reading order 1, 1a, 1b, 2, 2a, 2b, …
const seed: Comment[] = [];
for (let i = 1; i <= 12; i++) {
  seed.push(seedComment(`${i}`, {body: `Top ${i}`}));
  for (const r of ['a', 'b']) seed.push(seedComment(`${i}${r}`, {parent: `${i}`, body: `Reply ${i}${r}`}));
}
const readingOrder = seed.map((c) => c.body);
const frame = () => new Promise((r) => requestAnimationFrame(r));

async function mount(): Promise<{el: ThreadElement; loaded: Promise<unknown>}> {
  const el = document.createElement('natter-thread');
  el.adapter = createMemoryAdapter({seed});
  el.thread = '/t';
  const loaded = next(el, 'natter-load');
  document.body.append(el);
  return {el, loaded};
}

describe('<natter-thread> first frame', () => {
  beforeEach(clearStorage);
  afterEach(() => {
    cleanup();
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('paints the first ten comments in reading order first, then all of them; updateComplete waits for all', async () => {
    const {el, loaded} = await mount();
    const event = (await loaded) as CustomEvent<{comments: Comment[]}>;
    expect(event.detail.comments).to.have.length(36);
    await frame();
    // The frame that shows the first comments: a screenful, each date as its day (without Intl, which costs ~100 ms
    // on a phone the first time), the heading without the count; the full forms come in the frame after.
    expect(bodies(el)).to.deep.equal(readingOrder.slice(0, 10));
    const days = parts<HTMLTimeElement>(el, 'time');
    expect(days.map((t) => t.textContent)).to.deep.equal(seed.slice(0, 10).map((c) => c.createdAt.slice(0, 10)));
    expect(days.every((t) => !t.title && t.dateTime)).to.equal(true);
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('Comments');
    await el.updateComplete;
    expect(bodies(el)).to.deep.equal(readingOrder);
    expect(parts<HTMLTimeElement>(el, 'time').every((t) => /\d{4}/.test(t.title) && / ago$|^now$|yesterday/.test(t.textContent!))).to.equal(true);
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('36 comments');
    // Replies of a comment that was cut off land under it, not at the end.
    const four = el.shadowRoot!.querySelector('[data-id="4"]')!.closest('li')!;
    expect([...four.querySelectorAll('[part~="body"]')].map((b) => b.textContent!.trim())).to.deep.equal(['Top 4', 'Reply 4a', 'Reply 4b']);
    await settled(el);
    expect(bodies(el)).to.deep.equal(readingOrder);
  });

  it('renders every comment in the first frame when the URL names one, so it is there to scroll to', async () => {
    history.replaceState(null, '', '#natter-comment-12b');
    const {el, loaded} = await mount();
    await loaded;
    await frame();
    expect(bodies(el)).to.deep.equal(readingOrder);
    expect(el.shadowRoot!.querySelector('[data-id="12b"]')).to.not.equal(null);
  });

  it('starts with a screenful again for another thread', async () => {
    const {el, loaded} = await mount();
    await loaded;
    await el.updateComplete;
    expect(bodies(el)).to.have.length(36);
    const again = next(el, 'natter-load');
    el.adapter = createMemoryAdapter({seed: seed.map((c) => ({...c, thread: '/u'}))});
    el.thread = '/u';
    await again;
    await frame();
    expect(bodies(el)).to.deep.equal(readingOrder.slice(0, 10));
    await el.updateComplete;
    expect(bodies(el)).to.deep.equal(readingOrder);
  });
});
