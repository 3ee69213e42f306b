// The sort control: Oldest or Newest first, chosen by the reader. Open reply forms and drafts stay, the choice is kept
// in this browser, and it works from the keyboard. The memory adapter in the page.
import {expect} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import type {ThreadElement} from '../../src/elements/thread-element.js';
import {bodies, cleanup, clearStorage, mountThread, part, seedComment, settled, until} from './helpers.js';

// The second has the most votes for minus against, the third none.
const votes = [{up: 1, down: 0}, {up: 3, down: 1}, undefined];
const seed = () => ['first', 'second', 'third'].map((body, i) => seedComment(`c${i + 1}`, {body, createdAt: new Date(1e12 + i * 1e6).toISOString(), ...(votes[i] ? {votes: votes[i]} : {})}));
const mount = (setup: (el: ThreadElement) => void = () => {}, options: Parameters<typeof createMemoryAdapter>[0] = {votes: 'off'}) =>
  mountThread((e) => {
    e.adapter = createMemoryAdapter({id: `sort-${Math.random()}`, seed: seed(), ...options});
    e.thread = '/t';
    setup(e);
  });
const select = (el: ThreadElement) => part(el, 'sort').querySelector('select')!;

describe('<natter-thread> sort control', () => {
  beforeEach(async () => {
    localStorage.clear();
    await clearStorage();
  });
  afterEach(cleanup);

  it('offers Top where the page has votes on, and lists by votes for minus against, ties oldest first', async () => {
    const el = await mount(undefined, {votes: 'up'});
    const s = select(el);
    expect([...s.options].map((o) => [o.value, o.textContent])).to.deep.equal([['oldest', 'Oldest'], ['newest', 'Newest'], ['top', 'Top']]);
    s.value = 'top';
    s.dispatchEvent(new Event('change', {bubbles: true}));
    await until(() => bodies(el).join() === 'second,first,third', 4000, 'the top first');
    expect(localStorage['natter-order']).to.equal('top');
    expect(select(el).value).to.equal('top');
  });

  it('shows the order the thread is listed in, labelled, with Oldest and Newest (and no Top with votes off)', async () => {
    const el = await mount((e) => (e.order = 'newest'));
    const s = select(el);
    expect(part(el, 'sort').textContent).to.contain('Sort by');
    expect([...s.options].map((o) => [o.value, o.textContent])).to.deep.equal([['oldest', 'Oldest'], ['newest', 'Newest']]);
    expect(s.value).to.equal('newest');
    expect(bodies(el)).to.deep.equal(['third', 'second', 'first']);
  });

  it('re-lists in the chosen order, keeps an open reply form with its draft, and remembers the choice in this browser', async () => {
    const el = await mount();
    expect(bodies(el)).to.deep.equal(['first', 'second', 'third']);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-action=reply][data-id=c2]')!.click();
    await until(() => el.shadowRoot!.querySelector('natter-composer[parent=c2] textarea'), 4000, 'the reply form');
    const textarea = el.shadowRoot!.querySelector<HTMLTextAreaElement>('natter-composer[parent=c2] textarea')!;
    textarea.value = 'Not lost';
    textarea.dispatchEvent(new Event('input', {bubbles: true}));
    const s = select(el);
    s.value = 'newest';
    s.dispatchEvent(new Event('change', {bubbles: true}));
    await until(() => bodies(el).join() === 'third,second,first', 4000, 'the newest first');
    expect(el.order).to.equal('newest');
    expect(localStorage['natter-order']).to.equal('newest');
    await settled(el);
    expect(el.shadowRoot!.querySelector<HTMLTextAreaElement>('natter-composer[parent=c2] textarea')?.value, 'the reply form and its draft').to.equal('Not lost');
    expect(select(el), 'the same control, so focus would stay in it').to.equal(s);
  });

  it('changes the order from the keyboard alone, focus staying in the control', async () => {
    const el = await mount();
    select(el).focus();
    await sendKeys({press: 'ArrowDown'});
    await until(() => bodies(el).join() === 'third,second,first', 4000, 'the newest first');
    expect(el.shadowRoot!.activeElement, 'focus stays on the control').to.equal(select(el));
    expect(select(el).value).to.equal('newest');
  });

  it('is not shown for a single comment, where order means nothing', async () => {
    const el = await mountThread((e) => {
      e.adapter = createMemoryAdapter({id: `sort-${Math.random()}`, seed: [seedComment('only')]});
      e.thread = '/t';
    });
    expect(el.shadowRoot!.querySelector('[part~=sort]')).to.equal(null);
  });
});
