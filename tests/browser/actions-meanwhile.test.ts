// Edit, delete and votes while something else happens: focus after a delete, a switch to another backend, a live
// delete of the comment being edited, a live vote count during the reader's own vote. The memory adapter in the page.
import {expect} from '@open-wc/testing';
import {createStore, entries} from 'idb-keyval';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import type {Adapter, Votes} from '../../src/adapters/adapter.js';
import type {ThreadElement} from '../../src/elements/thread-element.js';
import {bodies, cleanup, clearStorage, mountThread, next, part, parts, postMine, seedComment, submit, type, until} from './helpers.js';

let cases = 0;
const fresh = (options: Parameters<typeof createMemoryAdapter>[0] = {}) => createMemoryAdapter({id: `meanwhile-${Date.now()}-${++cases}`, ...options});
const mount = (adapter: Adapter) => mountThread((e) => ((e.adapter = adapter), (e.thread = '/t')));
const article = (el: ThreadElement, text: string) => [...el.shadowRoot!.querySelectorAll('article')].find((a) => a.textContent!.includes(text))!;
const button = (root: Element, name: string) => root.querySelector<HTMLButtonElement>(`[data-action="${name}"]`);
const focused = (el: ThreadElement) => el.shadowRoot!.activeElement as HTMLElement | null;


/** This browser's owner token for a comment, as another tab of it would read it. */
async function tokenOf(id: string) {
  const own = (await entries(createStore('natter', 'kv'))).find(([k]) => (k as string[])[0] === 'own' && (k as string[])[2] === id);
  return (own![1] as [string, string])[1];
}

describe('<natter-thread> edit, delete and votes while other things happen', () => {
  beforeEach(async () => {
    localStorage.clear();
    await clearStorage();
  });
  afterEach(cleanup);

  it('moves focus to the next comment\'s actions after "Delete? Yes", and keeps it there once the comment is gone', async () => {
    const adapter = fresh({seed: [seedComment('c1')]});
    const el = await mount(adapter);
    const first = await postMine(el, 'Regretted');
    const second = await postMine(el, 'Kept');
    button(article(el, 'Regretted'), 'delete')!.click();
    await until(() => parts(el, 'delete-confirm-button').length, 2000, 'the confirmation');
    const deleted = next(el, 'natter-deleted');
    part(el, 'delete-confirm-button').click();
    await until(() => focused(el)?.dataset.id === second, 2000, 'focus on the next comment');
    await deleted;
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 50));
    expect(bodies(el)).to.deep.equal(['Body c1', 'Kept']);
    expect(document.activeElement).to.equal(el);
    expect(focused(el)!.dataset.id, 'still on the comment after the one deleted, not the one that took its place').to.equal(second);
    expect(focused(el)!.closest('article')!.textContent).to.contain('Kept');
    expect(first).to.not.equal(second);
  });

  it('shows no Edit or Delete on another backend\'s comment with the same id, at any moment of the switch', async () => {
    const a = fresh();
    const el = await mount(a);
    const id = await postMine(el, 'Mine on A');
    // Backend B has a comment with the same id, by someone else.
    const b = fresh({seed: [seedComment(id, {body: 'Not mine on B'})]});
    const seen: string[] = [];
    const watch = new MutationObserver(() => {
      for (const x of el.shadowRoot!.querySelectorAll<HTMLElement>('[data-action=edit], [data-action=delete]')) {
        if (x.closest('article')!.textContent!.includes('Not mine')) seen.push(x.dataset.action!);
      }
    });
    watch.observe(el.shadowRoot!, {subtree: true, childList: true, attributes: true, characterData: true});
    el.adapter = b;
    await until(() => bodies(el).includes('Not mine on B'), 4000, "B's comment");
    await new Promise((r) => setTimeout(r, 300));
    await el.updateComplete;
    watch.disconnect();
    expect(seen).to.deep.equal([]);
    expect(parts(el, 'vote-up-button').length, "B's votes do show: the actions are in for it").to.equal(1);
  });

  it('keeps an edit in progress, in its form under a placeholder, when the comment is deleted from another tab', async () => {
    const adapter = fresh({seed: [seedComment('c1')]});
    const el = await mount(adapter);
    const id = await postMine(el, 'To be edited');
    button(article(el, 'To be edited'), 'edit')!.click();
    const form = () => el.shadowRoot!.querySelector<HTMLElement>('natter-composer[parent^="edit:"]');
    await until(form, 2000, 'the edit form');
    await type(form()!, {body: 'My careful edit'});
    // Another tab of this browser deletes it (it has no replies, so it goes entirely); the live event reaches this one.
    await adapter.remove!(id, {token: await tokenOf(id)});
    await until(() => parts(el, 'deleted').length === 1, 4000, 'the placeholder');
    expect(form(), 'the edit form is still there').to.not.equal(null);
    expect(form()!.querySelector('textarea')!.value).to.equal('My careful edit');
    const failed = next<{action: string}>(el, 'natter-error');
    submit(form()!);
    expect((await failed).detail.action).to.equal('edit');
    await el.updateComplete;
    expect(form()!.querySelector('textarea')!.value, 'the text stays').to.equal('My careful edit');
    expect(form()!.querySelector('[part~="error"]')!.textContent).to.match(/^Your edit was not saved: ./);
  });

  it("counts from the server's figures when a live vote event comes while the reader's own vote is on its way", async () => {
    const inner = fresh({seed: [seedComment('c1')]});
    let answer!: {resolve(v: Votes): void; reject(e: Error): void};
    const adapter: Adapter = {...inner, vote: () => new Promise<Votes>((resolve, reject) => (answer = {resolve, reject}))};
    let live!: (votes: Votes) => void;
    adapter.subscribe = (thread, handlers) => {
      live = (votes) => handlers.onEvent({type: 'voted', id: 'c1', votes}, String(Date.now()));
      return inner.subscribe!(thread, handlers);
    };
    const el = await mount(adapter);
    await until(() => parts(el, 'vote-up-button').length && live, 4000, 'the vote button and the stream');
    const up = () => el.shadowRoot!.querySelector<HTMLButtonElement>('[data-action=vote-up]')!;
    up().click();
    await el.updateComplete;
    expect(up().textContent, 'optimistic').to.equal('Up 1');
    // Others' votes: the server's count without this reader's (still on its way).
    live({up: 5, down: 0});
    await el.updateComplete;
    const failed = next(el, 'natter-error');
    answer.reject(new Error('lost'));
    await failed;
    await el.updateComplete;
    expect(up().textContent, "the server's count stands: a failed vote is not in it").to.equal('Up 5');
    expect(up().getAttribute('aria-pressed')).to.equal('false');
    // Again, and this time the answer (counting it) comes after another live event.
    up().click();
    live({up: 5, down: 0});
    const voted = next(el, 'natter-voted');
    answer.resolve({up: 6, down: 0});
    await voted;
    await el.updateComplete;
    expect(up().textContent, "the vote's answer shows, not the earlier event's count").to.equal('Up 6');
    expect(up().getAttribute('aria-pressed')).to.equal('true');
  });
});
