import {expect} from '@open-wc/testing';
import {createStore, entries} from 'idb-keyval';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import {AdapterError, type Adapter} from '../../src/adapters/adapter.js';
import {bodies, cleanup, clearStorage, mountThread, part, parts, seedComment, settled, submit, type, until} from './helpers.js';

// What the owner's decisions look like to a reader: their badge, deleted comments, a closed thread.
const stored = async (kind: string) => (await entries(createStore('natter', 'kv'))).filter(([k]) => (k as string[])[0] === kind);
const article = (el: HTMLElement, id: string) => el.shadowRoot!.querySelector<HTMLElement>(`article[data-id="${id}"]`)!;

describe('<natter-thread> owner features, as a reader sees them', () => {
  beforeEach(clearStorage);
  afterEach(cleanup);

  it('marks the owner\'s comment with an "Author" badge (part owner-badge) and nobody else\'s', async () => {
    const el = await mountThread((e) => {
      e.adapter = createMemoryAdapter({seed: [seedComment('1', {author: 'Ada'}), seedComment('2', {parent: '1', author: 'Owner', owner: true})]});
      e.thread = '/t';
    });
    const badges = parts(el, 'owner-badge');
    expect(badges).to.have.length(1);
    expect(badges[0].textContent).to.equal('Author');
    expect(badges[0].closest('article')!.dataset.id).to.equal('2');
    expect(badges[0].closest('header')!.querySelector('[part~="author"]')!.textContent).to.equal('Owner');
    await expect(el).to.be.accessible();
  });

  it('shows a deleted comment as a placeholder with its replies still under it, and no Reply on it', async () => {
    const el = await mountThread((e) => {
      e.adapter = createMemoryAdapter({
        seed: [
          seedComment('1', {status: 'deleted', author: '', body: ''}),
          seedComment('2', {parent: '1', author: 'Grace', body: 'A reply that stays'}),
          seedComment('3', {body: 'Another'}),
          seedComment('4', {status: 'deleted', author: '', body: ''}),
        ],
      });
      e.thread = '/t';
    });
    const placeholder = article(el, '1');
    expect(placeholder.textContent).to.equal('This comment was deleted.');
    expect(placeholder.querySelector('[part~="deleted"]')).to.not.equal(null);
    expect(placeholder.querySelector('[part~="reply-button"], [part~="author"], [part~="body"]')).to.equal(null);
    // The reply is nested in the placeholder's list item, as before the deletion.
    expect(article(el, '2').closest('ol')!.closest('li')!.querySelector('article')).to.equal(placeholder);
    expect(article(el, '2').querySelector('[part~="reply-button"]')).to.not.equal(null);
    expect(bodies(el)).to.deep.equal(['A reply that stays', 'Another']);
    // One without replies leaves no trace.
    expect(article(el, '4')).to.equal(null);
    // Deleted comments are not counted.
    expect(part(el, 'heading').textContent).to.equal('2 comments');
    await expect(el).to.be.accessible();
  });

  it('hides the forms and the Reply buttons of a closed thread and says "Comments are closed."', async () => {
    const el = await mountThread((e) => {
      e.adapter = createMemoryAdapter({seed: [seedComment('1')], closed: true});
      e.thread = '/t';
    });
    expect(part(el, 'closed').textContent).to.equal('Comments are closed.');
    expect(parts(el, 'composer')).to.have.length(0);
    expect(el.shadowRoot!.querySelector('natter-composer')).to.equal(null);
    expect(parts(el, 'reply-button')).to.have.length(0);
    expect(bodies(el)).to.deep.equal(['Body 1']);
  });

  it('keeps the text when a post is refused because the thread closed meanwhile, and then says the thread is closed', async () => {
    const inner = createMemoryAdapter({seed: [seedComment('1')]});
    let posts = 0;
    const adapter: Adapter = {
      id: 'closing',
      list: inner.list,
      post: async () => {
        posts++;
        throw new AdapterError('Comments are closed on this thread.', {status: 403, code: 'thread_closed'});
      },
    };
    const el = await mountThread((e) => {
      e.adapter = adapter;
      e.thread = '/t';
    });
    expect(parts(el, 'reply-button')).to.have.length(1);
    await type(part(el, 'composer'), {body: 'Words I do not want to lose', author: 'Ada'});
    submit(part(el, 'composer'));
    await until(() => parts(el, 'error').length === 1, 4000, 'the refusal');
    await el.updateComplete;
    expect(posts).to.equal(1);
    expect(part(el, 'error').textContent).to.equal('Your comment was not posted: Comments are closed on this thread.');
    expect(part<HTMLTextAreaElement>(el, 'textarea').value).to.equal('Words I do not want to lose');
    expect(part(el, 'closed').textContent).to.equal('Comments are closed.');
    expect(parts(el, 'reply-button')).to.have.length(0);
    // Kept in this browser too: after a reload the text is still there, in the closed thread's form.
    await until(async () => (await stored('draft')).length === 1, 3000, 'the draft stored');
    expect(await stored('outbox')).to.have.length(0);
    el.remove();
    const again = await mountThread((e) => {
      e.adapter = {...adapter, list: async (t, o) => ({...(await inner.list(t, o)), closed: true})};
      e.thread = '/t';
    });
    await settled(again);
    expect(part(again, 'closed').textContent).to.equal('Comments are closed.');
    expect(part<HTMLTextAreaElement>(again, 'textarea').value).to.equal('Words I do not want to lose');
  });
});
