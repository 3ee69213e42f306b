// Replies in pages: a list page carries a branch's first five replies; "Show more replies" under its top-level comment
// brings the rest, page by page, focus on the first new one; a link to a reply past them still opens it.
import {expect} from '@open-wc/testing';
import type {Adapter, Comment} from '../../src/adapters/adapter.js';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import type {ThreadElement} from '../../src/elements/thread-element.js';
import {bodies, cleanup, clearStorage, mountThread, next, part, parts, seedComment, until} from './helpers.js';

const time = (i: number) => new Date(1e12 + i * 1e6).toISOString();
// A top-level comment with 60 replies (some nested), and a quiet one after it.
const seed = (): Comment[] => [
  seedComment('root', {createdAt: time(0)}),
  ...Array.from({length: 60}, (_, i) => seedComment(`r${i + 1}`, {parent: i % 3 === 2 ? `r${i}` : 'root', createdAt: time(i + 1)})),
  seedComment('quiet', {createdAt: time(100)}),
];
const replyBodies = (el: ThreadElement) => bodies(el).filter((b) => /^Body r\d+$/.test(b));
const buttons = (el: ThreadElement) => parts<HTMLButtonElement>(el, 'more-replies-button');

describe('<natter-thread> replies in pages', () => {
  let asked: (string | undefined)[];
  const counting = (inner: Adapter): Adapter => ({
    ...inner,
    list: (thread, options) => (asked.push(`list ${options?.replies}`), inner.list(thread, options)),
    branch: (thread, id, options) => (asked.push(`branch ${id}`), inner.branch!(thread, id, options)),
  });
  beforeEach(async () => {
    asked = [];
    localStorage.clear();
    await clearStorage();
  });
  afterEach(() => {
    cleanup();
    history.replaceState(null, '', location.pathname + location.search);
  });
  const mount = (adapter: Adapter = counting(createMemoryAdapter({id: `more-${Math.random()}`, seed: seed()}))) =>
    mountThread((e) => {
      e.adapter = adapter;
      e.thread = '/t';
    });

  it('lists five replies of a branch, with a button for the rest only under it, which brings them all, focus on the first new one', async () => {
    const el = await mount();
    expect(asked).to.deep.equal(['list 5']);
    expect(replyBodies(el)).to.deep.equal(['Body r1', 'Body r2', 'Body r3', 'Body r4', 'Body r5']);
    expect(buttons(el).map((b) => b.closest('article')!.dataset.id)).to.deep.equal(['root']);
    expect(buttons(el)[0].textContent).to.equal('Show more replies');
    buttons(el)[0].click();
    await until(() => replyBodies(el).length > 5, 4000, 'more replies');
    await until(() => el.shadowRoot!.activeElement?.getAttribute('data-id') === 'r6', 2000, 'focus on the first new reply');
    // The branch page holds up to 50: one more click brings the last of the 60.
    expect(replyBodies(el)).to.have.length(55);
    buttons(el)[0].click();
    await until(() => replyBodies(el).length === 60, 4000, 'the last replies');
    expect(buttons(el)).to.have.length(0);
    const shown = replyBodies(el);
    expect(new Set(shown).size, 'nothing doubled').to.equal(60);
    expect(asked).to.deep.equal(['list 5', 'branch root', 'branch root']);
  });

  it('says in the status line when the replies could not be loaded, and keeps the button to try again', async () => {
    const inner = createMemoryAdapter({id: `more-${Math.random()}`, seed: seed()});
    let fail = true;
    const el = await mount({...inner, branch: (...args) => (fail ? Promise.reject(new Error('The server is down.')) : inner.branch!(...args))});
    const error = next<{action: string}>(el, 'natter-error');
    buttons(el)[0].click();
    expect((await error).detail.action).to.equal('replies');
    await el.updateComplete;
    expect(part(el, 'status').textContent).to.equal('Comments could not be loaded. The server is down.');
    expect(buttons(el)).to.have.length(1);
    fail = false;
    buttons(el)[0].click();
    await until(() => replyBodies(el).length === 55, 4000, 'the replies on the second try');
  });

  it('opens a link to a reply past the first five from a cold load: its branch paged in, the reply highlighted', async () => {
    history.replaceState(null, '', '#natter-comment-r58');
    const el = await mount();
    await until(() => parts(el, 'highlight').length, 4000, 'the highlight');
    expect(parts(el, 'highlight').map((a) => a.dataset.id)).to.deep.equal(['r58']);
    expect(asked).to.deep.equal(['list 5', 'branch root', 'branch root']);
  });
});
