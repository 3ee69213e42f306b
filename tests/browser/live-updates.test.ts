import {expect} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import type {ThreadElement} from '../../src/elements/thread-element.js';
import {toTree} from '../../src/markdown/tree.js';
import {createLiveBackend, type LiveBackend} from './live-backend.js';
import {bodies, cleanup, clearStorage, mountThread, part, parts, seedComment, submit, type, until} from './helpers.js';

let backend: LiveBackend;

/** The thread on the live backend, once it follows the stream. */
async function mount(setup: (el: ThreadElement) => void = () => {}) {
  const el = await mountThread((e) => {
    e.adapter = backend.adapter;
    e.thread = '/t';
    setup(e);
  });
  await until(() => backend.open.size === 1, 4000, 'a subscription');
  return el;
}

const button = (el: Element) => parts(el, 'new-comments-button')[0];
const articles = (el: Element) => el.shadowRoot!.querySelectorAll('article').length;

let hidden = false;
function setHidden(value: boolean) {
  hidden = value;
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('<natter-thread> live updates', () => {
  before(() => Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => (hidden ? 'hidden' : 'visible')}));
  after(() => delete (document as {visibilityState?: string}).visibilityState);
  beforeEach(async () => {
    localStorage.clear();
    await clearStorage();
    hidden = false;
    backend = createLiveBackend([seedComment('c1'), seedComment('c2'), seedComment('c3')]);
  });
  afterEach(cleanup);

  it('subscribes from the point the list page gave', async () => {
    backend.emit({type: 'voted', id: 'c1', votes: {up: 1, down: 0}});
    await mount();
    expect(backend.starts).to.deep.equal(['1']);
  });

  describe('when others post', () => {
    it('holds their comments behind a "N new comments" button, and the list stays as it was', async () => {
      const el = await mount();
      expect(button(el)).to.equal(undefined);
      await backend.other('First news');
      await until(() => button(el), 2000, 'the button');
      expect(button(el).textContent).to.equal('1 new comment');
      await backend.other('Second news');
      await until(() => button(el).textContent === '2 new comments', 2000, 'the plural');
      expect(bodies(el)).to.deep.equal(['Body c1', 'Body c2', 'Body c3']);
      expect(part(el, 'heading').textContent).to.equal('3 comments');
    });

    it('tells screen readers: the button appears in a status region that was there, empty, before it', async () => {
      const el = await mount();
      await until(() => el.shadowRoot!.querySelector('div[role="status"]'), 2000, 'the status region');
      const region = el.shadowRoot!.querySelector('div[role="status"]')!;
      expect(region.textContent).to.equal('');
      await backend.other('Heard news');
      await until(() => button(el), 2000, 'the button');
      expect(button(el).closest('[role="status"]')).to.equal(region);
      expect(region.textContent).to.equal('1 new comment');
    });

    it('passes an axe accessibility check with the button showing', async () => {
      const el = await mount();
      await backend.other('Axe news');
      await until(() => button(el), 2000, 'the button');
      await expect(el).to.be.accessible();
    });

    it('keeps the comment the reader is looking at where it is when the button appears', async () => {
      // A page long enough to scroll, with the third comment on screen and the button's place above it.
      const spacer = Object.assign(document.createElement('div'), {style: 'height: 3000px'});
      document.body.append(spacer);
      try {
        const el = await mount();
        const third = el.shadowRoot!.querySelectorAll('article')[2] as HTMLElement;
        third.scrollIntoView({block: 'center'});
        const before = third.getBoundingClientRect().top;
        expect(before, 'the list is below the top of the page').to.be.greaterThan(0);
        await backend.other('Below the fold');
        await until(() => button(el), 2000, 'the button');
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        expect(Math.abs(third.getBoundingClientRect().top - before), 'the comment moved on screen').to.be.lessThan(1);
      } finally {
        spacer.remove();
      }
    });

    it('shows them when pressed (from the keyboard too), moves focus to the first, and counts them', async () => {
      const el = await mount();
      await backend.other('Top-level news');
      await backend.other('A reply', 'c1');
      await until(() => button(el)?.textContent === '2 new comments', 2000, 'the button');
      button(el).focus();
      await sendKeys({press: 'Enter'});
      await until(() => !button(el), 2000, 'the button to go');
      expect(bodies(el)).to.deep.equal(['Body c1', 'A reply', 'Body c2', 'Body c3', 'Top-level news']);
      expect(part(el, 'heading').textContent).to.equal('5 comments');
      // The first new one in reading order: the reply, under the first comment.
      await until(() => el.shadowRoot!.activeElement?.localName === 'article', 2000, 'focus on a comment');
      expect(el.shadowRoot!.activeElement!.textContent).to.contain('A reply');
    });

    it('puts them first when the thread is newest first', async () => {
      const el = await mount((e) => (e.order = 'newest'));
      await backend.other('Older news');
      await backend.other('Newer news');
      await until(() => button(el), 2000, 'the button');
      button(el).click();
      await until(() => !button(el), 2000, 'the button to go');
      expect(bodies(el)).to.deep.equal(['Newer news', 'Older news', 'Body c3', 'Body c2', 'Body c1']);
    });

    it('lets an event twice count once', async () => {
      const el = await mount();
      const c = await backend.other('Once');
      backend.emit({type: 'created', comment: c});
      await until(() => button(el), 2000, 'the button');
      expect(button(el).textContent).to.equal('1 new comment');
    });
  });

  describe('when comments change', () => {
    it('applies edits, deletions, placeholders and votes in place, with no button', async () => {
      const el = await mount();
      backend.emit({type: 'updated', comment: {...seedComment('c2'), body: 'Edited body', editedAt: new Date().toISOString()}});
      backend.emit({type: 'deleted', id: 'c3'});
      backend.emit({type: 'voted', id: 'c1', votes: {up: 4, down: 1}});
      await until(() => bodies(el).length === 2, 2000, 'the deletion');
      expect(bodies(el)).to.deep.equal(['Body c1', 'Edited body']);
      expect(el.list.comments.get('c1')!.votes).to.deep.equal({up: 4, down: 1});
      expect(part(el, 'heading').textContent).to.equal('2 comments');
      backend.emit({type: 'updated', comment: {...seedComment('c2'), status: 'deleted', author: '', body: ''}});
      await until(() => parts(el, 'deleted').length === 1, 2000, 'the placeholder');
      expect(bodies(el)).to.deep.equal(['Body c1']);
      expect(part(el, 'heading').textContent).to.equal('1 comment');
      expect(button(el)).to.equal(undefined);
    });

    it('keeps a reply the reader is typing, in its form under a placeholder, when its parent is deleted', async () => {
      const el = await mount();
      el.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="reply"][data-id="c2"]')!.click();
      await until(() => el.shadowRoot!.querySelector('natter-composer[parent="c2"]'), 2000, 'the reply form');
      await type(el.shadowRoot!.querySelector('natter-composer[parent="c2"]')!, {body: 'My long careful reply', author: 'Ada'});
      backend.emit({type: 'deleted', id: 'c2'});
      await until(() => parts(el, 'deleted').length === 1, 2000, 'the placeholder');
      expect(bodies(el)).to.deep.equal(['Body c1', 'Body c3']);
      const form = el.shadowRoot!.querySelector('natter-composer[parent="c2"]');
      expect(form, 'the reply form is still there').to.not.equal(null);
      expect(form!.querySelector('textarea')!.value).to.equal('My long careful reply');
      expect(part(el, 'heading').textContent).to.equal('2 comments');
    });

    it('keeps the top level in order when Load more follows shown new comments (oldest first)', async () => {
      backend = createLiveBackend([seedComment('c1', {createdAt: new Date(Date.now() - 4e6).toISOString()}), seedComment('c2', {createdAt: new Date(Date.now() - 3e6).toISOString()}), seedComment('c3', {createdAt: new Date(Date.now() - 2e6).toISOString()})]);
      const el = await mount((e) => (e.pageSize = 2));
      await backend.other('Live news');
      await until(() => button(el), 2000, 'the button');
      button(el).click();
      await until(() => !button(el), 2000, 'the button to go');
      part(el, 'load-more-button').click();
      await until(() => bodies(el).length === 4, 2000, 'the next page');
      expect(bodies(el)).to.deep.equal(['Body c1', 'Body c2', 'Body c3', 'Live news']);
    });

    it('applies them to new comments still waiting behind the button', async () => {
      const el = await mount();
      const a = await backend.other('Will change');
      const b = await backend.other('Will go');
      // As a server sends an edit: its source and its tree.
      backend.emit({type: 'updated', comment: {...a, body: 'Changed', tree: toTree('Changed')}});
      backend.emit({type: 'deleted', id: b.id});
      await until(() => button(el)?.textContent === '1 new comment', 2000, 'one left');
      button(el).click();
      await until(() => bodies(el).length === 4, 2000, 'the comment');
      expect(bodies(el).at(-1)).to.equal('Changed');
    });
  });

  describe('the reader\'s own comment', () => {
    /** Posts from the top form; resolves with whether the button ever showed before the confirmation. */
    async function post(el: ThreadElement, body: string) {
      const form = part(el, 'composer');
      await type(form, {body, author: 'Ada'});
      let shown = false;
      submit(form);
      await until(() => ((shown ||= !!button(el)), part(el, 'status').textContent === 'Your comment was posted.'), 4000, 'the confirmation');
      return shown;
    }

    it('never counts as new when its event comes after the post\'s answer', async () => {
      const el = await mount();
      expect(await post(el, 'Mine, answered first')).to.equal(false);
      // The backend sends its event 50 ms after the answer.
      await new Promise((r) => setTimeout(r, 300));
      expect(button(el)).to.equal(undefined);
      expect(bodies(el).filter((b) => b === 'Mine, answered first')).to.have.length(1);
    });

    it('never counts as new when its event comes before the post\'s answer', async () => {
      backend.own.eventFirst = true;
      backend.own.delay = 400;
      const el = await mount();
      expect(await post(el, 'Mine, event first'), 'the button showed while the post was on its way').to.equal(false);
      await new Promise((r) => setTimeout(r, 100));
      expect(button(el)).to.equal(undefined);
      expect(bodies(el).filter((b) => b === 'Mine, event first')).to.have.length(1);
      expect(part(el, 'heading').textContent).to.equal('4 comments');
    });
  });

  describe('when the tab is hidden', () => {
    it('unsubscribes, and on return resumes after the last event, missing and doubling nothing', async () => {
      const el = await mount();
      await backend.other('Seen before hiding');
      await until(() => button(el), 2000, 'the button');
      setHidden(true);
      await until(() => backend.open.size === 0, 2000, 'the unsubscribe');
      await backend.other('Posted while hidden');
      // An edit keeps the comment's creation time (a fresh seedComment would carry a later one).
      backend.emit({type: 'updated', comment: {...el.list.comments.get('c1')!, body: 'Edited while hidden', tree: toTree('Edited while hidden')}});
      await new Promise((r) => setTimeout(r, 100));
      expect(bodies(el)[0]).to.equal('Body c1');
      setHidden(false);
      await until(() => backend.open.size === 1, 2000, 'the subscription again');
      expect(backend.starts).to.deep.equal(['0', '1']);
      await until(() => bodies(el)[0] === 'Edited while hidden', 2000, 'the catch-up');
      expect(button(el).textContent).to.equal('2 new comments');
      button(el).click();
      await until(() => !button(el), 2000, 'the button to go');
      expect(bodies(el)).to.deep.equal(['Edited while hidden', 'Body c2', 'Body c3', 'Seen before hiding', 'Posted while hidden']);
      expect(articles(el)).to.equal(5);
    });
  });

  describe('when the stream cannot replay', () => {
    it('lists again on reset, and follows from the new page', async () => {
      const el = await mount();
      const [handlers] = backend.open;
      // As if this event was pruned from the log before this tab saw it: the stream can only say "reset".
      backend.open.clear();
      await backend.other('Missed');
      handlers.onReset!();
      await until(() => bodies(el).length === 4 && backend.open.size === 1, 4000, 'the new list and subscription');
      expect(bodies(el)).to.deep.equal(['Body c1', 'Body c2', 'Body c3', 'Missed']);
      expect(backend.starts).to.deep.equal(['0', '1']);
      expect(button(el)).to.equal(undefined);
    });
  });

  describe('with the memory adapter', () => {
    it('shows a comment posted in one thread element as new in another on the same adapter, and not in its own', async () => {
      const adapter = createMemoryAdapter({seed: [seedComment('c1')]});
      const [a, b] = [await mountThread((e) => ((e.adapter = adapter), (e.thread = '/t'))), await mountThread((e) => ((e.adapter = adapter), (e.thread = '/t')))];
      const form = part(a, 'composer');
      await type(form, {body: 'From the first', author: 'Ada'});
      submit(form);
      await until(() => button(b)?.textContent === '1 new comment', 4000, 'the button in the second');
      expect(button(a)).to.equal(undefined);
      expect(bodies(a)).to.deep.equal(['Body c1', 'From the first']);
      button(b).click();
      await until(() => bodies(b).length === 2, 2000, 'the comment in the second');
      expect(bodies(b)).to.deep.equal(['Body c1', 'From the first']);
    });
  });

  describe('when the thread or the element changes', () => {
    it('unsubscribes when the element leaves the page, and follows again when it is back', async () => {
      const el = await mount();
      el.remove();
      await until(() => backend.open.size === 0, 2000, 'the unsubscribe');
      // Out of the page it may still render (a timer asks it to), and still must not follow.
      el.requestUpdate();
      await el.updateComplete;
      await new Promise((r) => setTimeout(r, 100));
      expect(backend.open.size).to.equal(0);
      document.body.append(el);
      await until(() => backend.open.size === 1, 4000, 'the subscription again');
    });

    it('follows the new backend only, after another adapter is set', async () => {
      const el = await mount();
      const first = backend;
      backend = createLiveBackend([seedComment('b1')]);
      el.adapter = backend.adapter;
      await until(() => first.open.size === 0 && backend.open.size === 1, 4000, 'the switch');
      await first.other('From the old backend');
      await backend.other('From the new backend');
      await until(() => button(el), 2000, 'the button');
      button(el).click();
      await until(() => bodies(el).length === 2, 2000, 'the new comment');
      expect(bodies(el)).to.deep.equal(['Body b1', 'From the new backend']);
    });

    it('follows the new thread only, after another thread is set', async () => {
      const el = await mount();
      let other = '';
      const subscribe = backend.adapter.subscribe!;
      backend.adapter.subscribe = (thread, handlers) => ((other = thread), subscribe(thread, handlers));
      await backend.other('For the old thread');
      await until(() => button(el), 2000, 'the button');
      el.thread = '/elsewhere';
      await until(() => other === '/elsewhere' && backend.open.size === 1, 4000, 'the new subscription');
      expect(button(el)).to.equal(undefined);
    });
  });
});
