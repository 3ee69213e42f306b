// Keyboard-only flows: reply, post with Ctrl+Enter, cancel with Escape, load more, edit (sort and vote: sort.test.ts,
// votes-buttons.test.ts). Focus is never lost (it never falls
// back to the page's body). The memory adapter in the page; keys sent by the browser driver, as a reader presses them.
import {expect} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import type {ThreadElement} from '../../src/elements/thread-element.js';
import {bodies, cleanup, clearStorage, mountThread, next, part, parts, postMine, seedComment, until} from './helpers.js';

const focused = (el: ThreadElement) => (document.activeElement === el ? (el.shadowRoot!.activeElement as HTMLElement | null) : null);
const mount = (count = 2, pageSize = 50) =>
  mountThread((e) => {
    e.adapter = createMemoryAdapter({id: `keys-${Math.random()}`, seed: Array.from({length: count}, (_, i) => seedComment(`c${i + 1}`, {createdAt: new Date(1e12 + i * 1e6).toISOString()}))});
    e.thread = '/t';
    e.pageSize = pageSize;
  });

describe('<natter-thread> from the keyboard alone', () => {
  beforeEach(async () => {
    localStorage.clear();
    await clearStorage();
  });
  afterEach(cleanup);

  it('replies: Enter on Reply opens the form with focus in it; Escape closes it, focus back on Reply, the text kept', async () => {
    const el = await mount();
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-action=reply][data-id=c1]')!.focus();
    await sendKeys({press: 'Enter'});
    await until(() => focused(el)?.localName === 'textarea', 2000, 'focus in the reply form');
    expect(focused(el)!.closest('natter-composer')!.getAttribute('parent')).to.equal('c1');
    await sendKeys({type: 'Half a thought'});
    await sendKeys({press: 'Escape'});
    await until(() => !el.shadowRoot!.querySelector('natter-composer[parent=c1]'), 2000, 'the form to close');
    expect(focused(el)?.dataset.action).to.equal('reply');
    expect(focused(el)?.dataset.id).to.equal('c1');
    await sendKeys({press: 'Enter'});
    await until(() => focused(el)?.localName === 'textarea', 2000, 'the form again');
    expect((focused(el) as HTMLTextAreaElement).value, 'the draft is kept').to.equal('Half a thought');
  });

  it('posts with Ctrl+Enter from the text box, and moves focus to the new comment', async () => {
    const el = await mount();
    const form = part(el, 'composer');
    // The text box first: the compact form shows the name field once it has focus.
    form.querySelector<HTMLTextAreaElement>('textarea')!.focus();
    await sendKeys({type: 'Posted from the keyboard'});
    form.querySelector<HTMLInputElement>('[name=author]')!.focus();
    await sendKeys({type: 'Ada'});
    form.querySelector<HTMLTextAreaElement>('textarea')!.focus();
    const posted = next(el, 'natter-posted');
    await sendKeys({down: 'Control'});
    await sendKeys({press: 'Enter'});
    await sendKeys({up: 'Control'});
    await posted;
    await el.updateComplete;
    expect(bodies(el)).to.include('Posted from the keyboard');
    await until(() => focused(el)?.localName === 'article', 2000, 'focus on the new comment');
    expect(focused(el)!.textContent).to.contain('Posted from the keyboard');
  });

  it('does not post on a plain Enter in the text box (a new line), nor close the top form on Escape', async () => {
    const el = await mount();
    const textarea = part(el, 'composer').querySelector<HTMLTextAreaElement>('textarea')!;
    textarea.focus();
    await sendKeys({type: 'Line one'});
    await sendKeys({press: 'Enter'});
    await sendKeys({press: 'Escape'});
    await new Promise((r) => setTimeout(r, 100));
    expect(textarea.value).to.equal('Line one\n');
    expect(parts(el, 'composer').length).to.equal(1);
    expect(bodies(el)).to.have.length(2);
  });

  it('loads more with Enter; after the last page, focus moves to the first comment it brought', async () => {
    const el = await mount(5, 2);
    part(el, 'load-more-button').focus();
    await sendKeys({press: 'Enter'});
    await until(() => bodies(el).length === 4, 4000, 'the second page');
    expect(focused(el)?.getAttribute('part'), 'the button stays, with focus').to.equal('load-more-button');
    await sendKeys({press: 'Enter'});
    await until(() => !parts(el, 'load-more-button').length, 4000, 'the last page');
    await until(() => focused(el)?.localName === 'article', 2000, 'focus on the new comment');
    expect(focused(el)!.dataset.id).to.equal('c5');
  });

  it('leaves Escape to an input method that is composing: the reply form stays open', async () => {
    const el = await mount();
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-action=reply][data-id=c1]')!.click();
    await until(() => focused(el)?.localName === 'textarea', 2000, 'the reply form');
    focused(el)!.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', isComposing: true, bubbles: true, composed: true}));
    await new Promise((r) => setTimeout(r, 100));
    expect(el.shadowRoot!.querySelector('natter-composer[parent=c1]')).to.not.equal(null);
  });

  it('edits: Enter on Edit opens the form with focus in it, Ctrl+Enter saves, and focus comes back to Edit', async () => {
    const el = await mount();
    const id = await postMine(el, 'Frist post');
    const edit = () => el.shadowRoot!.querySelector<HTMLButtonElement>(`[data-action=edit][data-id="${CSS.escape(id)}"]`);
    edit()!.focus();
    await sendKeys({press: 'Enter'});
    await until(() => focused(el)?.localName === 'textarea', 2000, 'focus in the edit form');
    const box = focused(el) as HTMLTextAreaElement;
    expect(box.value).to.equal('Frist post');
    box.select();
    await sendKeys({type: 'First post'});
    const edited = next(el, 'natter-edited');
    await sendKeys({down: 'Control'});
    await sendKeys({press: 'Enter'});
    await sendKeys({up: 'Control'});
    await edited;
    await until(() => bodies(el).includes('First post'), 2000, 'the new text');
    await until(() => focused(el) === edit(), 2000, 'focus back on Edit');
    // Escape closes a second edit without saving, focus again on Edit.
    await sendKeys({press: 'Enter'});
    await until(() => focused(el)?.localName === 'textarea', 2000, 'the edit form again');
    await sendKeys({type: ' (not kept)'});
    let saved = false;
    el.addEventListener('natter-edit', () => (saved = true), {once: true});
    await sendKeys({press: 'Escape'});
    await until(() => focused(el) === edit(), 2000, 'focus back on Edit after Escape');
    await new Promise((r) => setTimeout(r, 300));
    expect(saved, 'Escape sent no edit').to.equal(false);
    expect(bodies(el)).to.include('First post');
    expect(bodies(el).join()).to.not.include('(not kept)');
  });
});
