import {expect} from '@open-wc/testing';
import {createStore, entries} from 'idb-keyval';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import {AdapterError, type Adapter} from '../../src/adapters/adapter.js';
import {bodies, cleanup, clearStorage, mountThread, next, part, parts, seedComment, settled, submit, type, until} from './helpers.js';

const seed = [
  seedComment('1', {author: 'Ada'}),
  seedComment('2', {parent: '1', author: 'Grace'}),
  seedComment('3', {author: 'Linus'}),
  seedComment('4', {thread: '/other', body: 'On another post'}),
];

/** Counts IndexedDB reads, to show that a change of listing doesn't go back to storage. */
function countReads() {
  const proto = IDBObjectStore.prototype;
  const {get, getAll} = proto;
  const counter = {reads: 0, restore: () => Object.assign(proto, {get, getAll})};
  proto.get = function (this: IDBObjectStore, ...args: Parameters<typeof get>) {
    counter.reads++;
    return get.apply(this, args);
  };
  proto.getAll = function (this: IDBObjectStore, ...args: Parameters<typeof getAll>) {
    counter.reads++;
    return getAll.apply(this, args);
  };
  return counter;
}

async function withReplyDraft(adapter: Adapter) {
  const el = await mountThread((e) => {
    e.adapter = adapter;
    e.thread = '/t';
  });
  parts(el, 'reply-button')[0].click();
  await until(() => parts(el, 'composer').length === 2, 2000, 'reply form');
  await type(parts(el, 'composer')[1], {body: 'Half a reply', author: 'Bo'});
  await type(parts(el, 'composer')[0], {body: 'Half a top comment'});
  return el;
}

const formTexts = (el: Element) => parts(el, 'composer').map((f) => [f.closest('article')?.getAttribute('data-id') ?? 'top', f.querySelector('textarea')!.value]);

describe('<natter-thread> after mount', () => {
  beforeEach(async () => {
    localStorage.clear();
    await clearStorage();
  });
  afterEach(cleanup);

  it('changing order re-lists, keeping open reply forms and drafts, without reading storage again', async () => {
    const el = await withReplyDraft(createMemoryAdapter({seed}));
    const counter = countReads();
    try {
      const loaded = next(el, 'natter-load');
      el.order = 'newest';
      await loaded;
      await el.updateComplete;
      expect(bodies(el)).to.deep.equal(['Body 3', 'Body 1', 'Body 2']);
      expect(formTexts(el)).to.deep.equal([['top', 'Half a top comment'], ['1', 'Half a reply']]);
      expect(counter.reads).to.equal(0);
    } finally {
      counter.restore();
    }
  });

  it('changing page-size re-lists, keeping open reply forms and drafts, without reading storage again', async () => {
    const el = await withReplyDraft(createMemoryAdapter({seed}));
    const counter = countReads();
    try {
      const loaded = next(el, 'natter-load');
      el.setAttribute('page-size', '1');
      await loaded;
      await el.updateComplete;
      expect(bodies(el)).to.deep.equal(['Body 1', 'Body 2']);
      expect(parts(el, 'load-more-button')).to.have.length(1);
      expect(formTexts(el)).to.deep.equal([['top', 'Half a top comment'], ['1', 'Half a reply']]);
      expect(counter.reads).to.equal(0);
    } finally {
      counter.restore();
    }
  });

  it('changing thread (single-page navigation) shows the other thread with its own drafts, and back', async () => {
    const el = await mountThread((e) => {
      e.adapter = createMemoryAdapter({seed});
      e.thread = '/t';
    });
    await type(part(el, 'composer'), {body: 'About the first post', author: 'Ada'});
    let loaded = next(el, 'natter-load');
    el.thread = '/other';
    await loaded;
    await settled(el);
    expect(bodies(el)).to.deep.equal(['On another post']);
    expect(part<HTMLTextAreaElement>(el, 'textarea').value).to.equal('');
    expect(part(el, 'heading').textContent).to.equal('1 comment');
    loaded = next(el, 'natter-load');
    el.thread = '/t';
    await loaded;
    await settled(el);
    expect(bodies(el)).to.deep.equal(['Body 1', 'Body 2', 'Body 3']);
    expect(part<HTMLTextAreaElement>(el, 'textarea').value).to.equal('About the first post');
  });

  it('changing thread while a post is on its way: a refusal arriving later goes back to its own thread, not into the new one', async () => {
    const memory = createMemoryAdapter({seed});
    let refuse: (() => void) | undefined;
    const adapter: Adapter = {
      ...memory,
      id: 'refusing',
      // The first try waits until the test lets it go; every try is refused as a validation error would be.
      post: () => new Promise((_, reject) => {
        const fail = () => reject(new AdapterError('That link is not allowed.', {status: 422, code: 'invalid_body'}));
        if (refuse) fail();
        else refuse = fail;
      }),
    };
    const el = await mountThread((e) => {
      e.adapter = adapter;
      e.thread = '/other';
    });
    await type(part(el, 'composer'), {body: 'My draft on the other post', author: 'Ada'});
    let loaded = next(el, 'natter-load');
    el.thread = '/t';
    await loaded;
    await settled(el);
    await type(part(el, 'composer'), {body: 'Refused later', author: 'Ada'});
    submit(part(el, 'composer'));
    await until(() => refuse, 4000, 'the post to start');

    loaded = next(el, 'natter-load');
    el.thread = '/other';
    refuse!();
    await loaded;
    await settled(el);
    await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
    expect(part<HTMLTextAreaElement>(el, 'textarea').value).to.equal('My draft on the other post');
    expect(bodies(el)).to.deep.equal(['On another post']);

    loaded = next(el, 'natter-load');
    el.thread = '/t';
    await loaded;
    await settled(el);
    await until(() => part<HTMLTextAreaElement>(el, 'textarea').value === 'Refused later', 4000, 'the refused text back in its own form');
    expect(part(el, 'composer').textContent).to.contain('That link is not allowed.');
  });

  it('keeps working when moved in the DOM: the text typed stays, and posting still sends once', async () => {
    const adapter = createMemoryAdapter({seed});
    const el = await withReplyDraft(adapter);
    const box = document.createElement('div');
    document.body.append(box);
    try {
      const loaded = next(el, 'natter-load');
      box.append(el);
      await loaded;
      await settled(el);
      expect(bodies(el)).to.deep.equal(['Body 1', 'Body 2', 'Body 3']);
      expect(formTexts(el)).to.deep.equal([['top', 'Half a top comment'], ['1', 'Half a reply']]);
      await type(parts(el, 'composer')[0], {author: 'Ada'});
      submit(parts(el, 'composer')[0]);
      await next(el, 'natter-posted');
      await el.updateComplete;
      expect((await adapter.list('/t')).comments.filter((c) => c.body === 'Half a top comment')).to.have.length(1);
      expect(bodies(el).filter((b) => b === 'Half a top comment')).to.have.length(1);
    } finally {
      box.remove();
    }
  });

  it('keeps the drafts of two adapters with different ids apart', async () => {
    const one = {...createMemoryAdapter({seed}), id: 'one'};
    const two = {...createMemoryAdapter({seed}), id: 'two'};
    const el = await mountThread((e) => {
      e.adapter = one;
      e.thread = '/t';
    });
    await type(part(el, 'composer'), {body: 'For backend one', author: 'Ada'});
    dispatchEvent(new PageTransitionEvent('pagehide'));
    await until(async () => (await entries(createStore('natter', 'kv'))).length === 1, 2000, 'draft saved');
    el.remove();
    const other = await mountThread((e) => {
      e.adapter = two;
      e.thread = '/t';
    });
    expect(part<HTMLTextAreaElement>(other, 'textarea').value).to.equal('');
    other.remove();
    const again = await mountThread((e) => {
      e.adapter = one;
      e.thread = '/t';
    });
    expect(part<HTMLTextAreaElement>(again, 'textarea').value).to.equal('For backend one');
    const [[key]] = await entries(createStore('natter', 'kv'));
    expect((key as string[]).slice(0, 2)).to.deep.equal(['draft', 'adapter:one']);
  });

  it('lists from a new adapter object set after mount', async () => {
    const el = await mountThread((e) => {
      e.adapter = createMemoryAdapter({seed});
      e.thread = '/t';
    });
    const loaded = next(el, 'natter-load');
    el.adapter = createMemoryAdapter({seed: [seedComment('9', {body: 'From the new backend'})]});
    await loaded;
    await el.updateComplete;
    expect(bodies(el)).to.deep.equal(['From the new backend']);
  });
});
