// Editing and deleting one's own comments: the memory adapter in the page, its owner tokens in this browser's IndexedDB.
import {expect} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import {createStore, entries} from 'idb-keyval';
import {createMemoryAdapter, type MemoryAdapterOptions} from '../../src/adapters/memory.js';
import type {Adapter} from '../../src/adapters/adapter.js';
import type {ThreadElement} from '../../src/elements/thread-element.js';
import {bodies, cleanup, clearStorage, mountThread, next, part, parts, postMine, submit, type, until} from './helpers.js';

let cases = 0;
let adapter: Adapter;
let scopeId = '';

// A new adapter id per case: tokens and votes are kept per scope, so an earlier case's can't leak into this one.
function backend(options: MemoryAdapterOptions = {}) {
  scopeId = `edit-${Date.now()}-${++cases}`;
  return (adapter = createMemoryAdapter({id: scopeId, ...options}));
}

const mount = () => mountThread((e) => ((e.adapter = adapter), (e.thread = '/t')));


const article = (el: ThreadElement, text: string) => [...el.shadowRoot!.querySelectorAll('article')].find((a) => a.textContent!.includes(text))!;
const button = (root: Element, name: string) => root.querySelector<HTMLButtonElement>(`[data-action="${name}"]`);
const editForm = (el: ThreadElement) => el.shadowRoot!.querySelector<HTMLElement & {updateComplete: Promise<boolean>}>('natter-composer[parent^="edit:"]');

describe('<natter-thread> editing and deleting one\'s own comments', () => {
  beforeEach(async () => {
    localStorage.clear();
    await clearStorage();
    backend();
  });
  afterEach(cleanup);

  it('edits within the window in place, in the same composer (text box only, Save and Cancel), and shows "edited" with its time', async () => {
    const el = await mount();
    await postMine(el, 'Hello wrold');
    button(article(el, 'Hello wrold'), 'edit')!.click();
    await until(() => editForm(el), 2000, 'the edit form');
    const form = editForm(el)!;
    await form.updateComplete;
    expect(form.querySelector('textarea')!.value).to.equal('Hello wrold');
    expect(form.querySelectorAll('input').length, 'no name, email or website fields').to.equal(0);
    expect(form.querySelector('[part~="submit-button"]')!.textContent).to.equal('Save');
    expect(form.querySelector('[part~="cancel-button"]')).to.exist;
    expect(document.activeElement === el && el.shadowRoot!.activeElement!.closest('natter-composer')).to.equal(form);
    const editing = next<{id: string; body: string}>(el, 'natter-edit');
    const edited = next<{comment: {body: string; editedAt: string}}>(el, 'natter-edited');
    await type(form, {body: 'Hello world'});
    submit(form);
    expect((await editing).detail.body).to.equal('Hello world');
    const {detail} = await edited;
    await el.updateComplete;
    expect(editForm(el)).to.equal(null);
    expect(bodies(el)).to.deep.equal(['Hello world']);
    const mark = part(el, 'edited');
    expect(mark.textContent).to.equal('edited');
    expect(mark.getAttribute('datetime')).to.equal(detail.comment.editedAt);
    expect(mark.title.length).to.be.greaterThan(4);
    expect((await adapter.list('/t')).comments[0].body).to.equal('Hello world');
  });

  it('prefills an edit from the text this browser sent when the list carries only trees', async () => {
    const inner = backend();
    // A list as the server sends it: each body as its tree only.
    adapter = {...inner, list: async (t, o) => {
      const page = await inner.list(t, o);
      return {...page, comments: page.comments.map(({body: _, ...c}) => c)};
    }};
    const el = await mount();
    await postMine(el, 'Sent *as typed*');
    el.remove();
    const again = await mount();
    await until(() => parts(again, 'edit-button').length, 4000, 'the Edit button');
    button(article(again, 'as typed'), 'edit')!.click();
    await until(() => editForm(again), 2000, 'the edit form');
    await editForm(again)!.updateComplete;
    expect(editForm(again)!.querySelector('textarea')!.value).to.equal('Sent *as typed*');
  });

  it('cancels an edit from a natter-edit listener: nothing is sent and the form stays', async () => {
    const el = await mount();
    await postMine(el, 'Keep me');
    button(article(el, 'Keep me'), 'edit')!.click();
    await until(() => editForm(el));
    el.addEventListener('natter-edit', (e) => e.preventDefault(), {once: true});
    await type(editForm(el)!, {body: 'Changed'});
    submit(editForm(el)!);
    await new Promise((r) => setTimeout(r, 100));
    expect((await adapter.list('/t')).comments[0].body).to.equal('Keep me');
    expect(editForm(el)).to.exist;
  });

  it('shows no Edit or Delete under a comment this browser did not write, nor once its storage is cleared', async () => {
    await adapter.post({thread: '/t', parent: null, author: 'Grace', body: 'From elsewhere'}, {idempotencyKey: 'elsewhere'});
    const el = await mount();
    await postMine(el, 'Mine');
    const own = await entries(createStore('natter', 'kv'));
    const kept = own.filter(([k]) => (k as string[])[0] === 'own');
    expect(kept.length, 'the token is kept in IndexedDB').to.equal(1);
    expect((kept[0][0] as string[])[1]).to.equal(`adapter:${scopeId}`);
    expect(button(article(el, 'From elsewhere'), 'edit')).to.equal(null);
    expect(button(article(el, 'From elsewhere'), 'delete')).to.equal(null);
    expect(button(article(el, 'Mine'), 'edit')).to.exist;
    // Another browser: the same thread with none of this one's storage.
    el.remove();
    await clearStorage();
    const other = await mount();
    await new Promise((r) => setTimeout(r, 200));
    await other.updateComplete;
    expect(bodies(other)).to.deep.equal(['From elsewhere', 'Mine']);
    expect(parts(other, 'edit-button').length).to.equal(0);
    expect(parts(other, 'delete-button').length).to.equal(0);
  });

  it('offers Edit only while the window lasts: the button goes when it closes', async () => {
    backend({editWindow: 1});
    const el = await mount();
    await postMine(el, 'Quick');
    expect(parts(el, 'edit-button').length).to.equal(1);
    await until(() => !parts(el, 'edit-button').length, 3000, 'Edit to go when the window closes');
    expect(parts(el, 'delete-button').length, 'Delete stays: at any time').to.equal(1);
  });

  it('offers no Edit once the comment has a reply', async () => {
    const el = await mount();
    await postMine(el, 'Asked');
    const id = article(el, 'Asked').dataset.id!;
    await adapter.post({thread: '/t', parent: id, author: 'Grace', body: 'Answered'}, {idempotencyKey: 'answer'});
    el.remove();
    const again = await mount();
    await until(() => parts(again, 'delete-button').length, 4000, 'the Delete button');
    expect(button(article(again, 'Asked'), 'edit')).to.equal(null);
  });

  it('keeps an unfinished edit as a draft, and puts it back after a reload', async () => {
    const el = await mount();
    await postMine(el, 'Draft me');
    button(article(el, 'Draft me'), 'edit')!.click();
    await until(() => editForm(el));
    await type(editForm(el)!, {body: 'Draft me, half edited'});
    el.remove(); // flushes the draft
    const again = await mount();
    await until(() => editForm(again), 4000, 'the edit form to come back');
    await editForm(again)!.updateComplete;
    expect(editForm(again)!.querySelector('textarea')!.value).to.equal('Draft me, half edited');
    // Cancel drops it.
    editForm(again)!.querySelector<HTMLButtonElement>('[part~="cancel-button"]')!.click();
    await again.updateComplete;
    expect(editForm(again)).to.equal(null);
    expect(bodies(again)).to.deep.equal(['Draft me']);
    expect(again.shadowRoot!.activeElement).to.equal(button(article(again, 'Draft me'), 'edit'));
  });

  it('deletes with an inline confirmation the keyboard can use: a comment with replies becomes a placeholder keeping them', async () => {
    const el = await mount();
    await postMine(el, 'Regretted');
    const id = article(el, 'Regretted').dataset.id!;
    await adapter.post({thread: '/t', parent: id, author: 'Grace', body: 'A reply'}, {idempotencyKey: 'reply'});
    el.remove();
    const again = await mount();
    await until(() => parts(again, 'delete-button').length, 4000, 'the Delete button');
    button(article(again, 'Regretted'), 'delete')!.focus();
    await sendKeys({press: 'Enter'});
    await until(() => parts(again, 'delete-confirm-button').length, 2000, 'the confirmation');
    expect(part(again, 'delete-confirm-button').textContent).to.equal('Delete? Yes');
    expect(again.shadowRoot!.activeElement).to.equal(part(again, 'delete-confirm-button'));
    // No: nothing happens, focus goes back to Delete.
    part(again, 'delete-cancel-button').focus();
    await sendKeys({press: 'Enter'});
    await until(() => again.shadowRoot!.activeElement?.getAttribute('data-action') === 'delete', 2000, 'focus back on Delete');
    expect(parts(again, 'delete-confirm-button').length).to.equal(0);
    await sendKeys({press: 'Enter'});
    await until(() => parts(again, 'delete-confirm-button').length);
    const deleting = next<{id: string}>(again, 'natter-delete');
    const deleted = next<{id: string; comment: {status: string} | null}>(again, 'natter-deleted');
    await sendKeys({press: 'Enter'});
    expect((await deleting).detail.id).to.equal(id);
    expect((await deleted).detail.comment!.status).to.equal('deleted');
    await again.updateComplete;
    expect(part(again, 'deleted').textContent).to.equal('This comment was deleted.');
    expect(bodies(again)).to.deep.equal(['A reply']);
    expect(part(again, 'status').textContent).to.equal('Your comment was deleted.');
    const page = await adapter.list('/t');
    expect(page.comments.map((c) => c.status)).to.deep.equal(['deleted', 'published']);
  });

  it('deletes a comment without replies entirely, and a natter-delete listener can stop it', async () => {
    const el = await mount();
    await postMine(el, 'Gone soon');
    el.addEventListener('natter-delete', (e) => e.preventDefault(), {once: true});
    button(article(el, 'Gone soon'), 'delete')!.click();
    await until(() => parts(el, 'delete-confirm-button').length);
    part(el, 'delete-confirm-button').click();
    await new Promise((r) => setTimeout(r, 100));
    expect(bodies(el)).to.deep.equal(['Gone soon']);
    button(article(el, 'Gone soon'), 'delete')!.click();
    await until(() => parts(el, 'delete-confirm-button').length);
    const deleted = next<{comment: unknown}>(el, 'natter-deleted');
    part(el, 'delete-confirm-button').click();
    expect((await deleted).detail.comment).to.equal(null);
    await el.updateComplete;
    expect(bodies(el)).to.deep.equal([]);
    expect(parts(el, 'deleted').length).to.equal(0);
    expect(part(el, 'heading').textContent).to.equal('0 comments');
    expect((await adapter.list('/t')).comments.length).to.equal(0);
  });
});
