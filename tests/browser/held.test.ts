import {expect} from '@open-wc/testing';
import {createStore, entries, set} from 'idb-keyval';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import type {Adapter, Comment} from '../../src/adapters/adapter.js';
import {bodies, cleanup, clearStorage, mountThread, next, part, parts, seedComment, settled, submit, type, until} from './helpers.js';

// A reader's own comment held for moderation: the server lists it to no one, yet its author keeps seeing it, in its
// place, as "Awaiting moderation", after a reload too, until the list shows it.
const kv = createStore('natter', 'kv');
const held = async () => (await entries(kv)).filter(([k]) => (k as string[])[0] === 'held');
const notes = (el: HTMLElement) => parts(el, 'note').map((n) => n.textContent);

/** A moderated backend whose owner can approve a comment: it is listed from then on. */
function moderated(seed: Comment[] = []) {
  const inner = createMemoryAdapter({seed, moderate: true});
  const approved = new Map<string, Comment>();
  const adapter: Adapter = {
    id: 'held-test',
    post: inner.post,
    async list(thread, options) {
      const page = await inner.list(thread, options);
      return {...page, comments: [...page.comments, ...approved.values()], total: page.total + approved.size};
    },
  };
  return {adapter, approve: (c: Comment) => approved.set(c.id, {...c, status: 'published'})};
}

const mount = (adapter: Adapter) =>
  mountThread((e) => {
    e.adapter = adapter;
    e.thread = '/t';
  });

describe('<natter-thread> the reader\'s own held comments', () => {
  beforeEach(clearStorage);
  afterEach(cleanup);

  it('still shows a held reply under its comment as "Awaiting moderation" after a reload, until it is approved', async () => {
    const backend = moderated([seedComment('1', {author: 'Ada'})]);
    const el = await mount(backend.adapter);
    part(el, 'reply-button').click();
    await el.updateComplete;
    const form = el.shadowRoot!.querySelector('natter-composer[parent="1"]')!;
    await type(form, {body: 'Held for a while', author: 'Grace'});
    submit(form);
    const posted = (await next<{comment: Comment}>(el, 'natter-posted')).detail.comment;
    expect(posted.status).to.equal('pending');
    await until(async () => (await held()).length === 1, 3000, 'the held comment kept');
    el.remove();

    const again = await mount(backend.adapter);
    await settled(again);
    expect(bodies(again)).to.deep.equal(['Body 1', 'Held for a while']);
    expect(notes(again)).to.deep.equal(['Awaiting moderation']);
    const article = again.shadowRoot!.querySelector(`article[data-id="${posted.id}"]`)!;
    expect(article.closest('ol')!.closest('li')!.querySelector('article')!.dataset.id).to.equal('1');
    // No Reply on a held comment: the server takes replies only to published ones.
    expect(article.querySelector('[part~="reply-button"]')).to.equal(null);
    expect(part(again, 'heading').textContent).to.equal('1 comment');
    again.remove();

    backend.approve(posted);
    const approved = await mount(backend.adapter);
    await settled(approved);
    expect(bodies(approved)).to.deep.equal(['Body 1', 'Held for a while']);
    expect(notes(approved)).to.deep.equal([]);
    await until(async () => (await held()).length === 0, 3000, 'the copy forgotten');
  });

  it('keeps held comments per backend scope and thread', async () => {
    const backend = moderated();
    const el = await mount(backend.adapter);
    await type(part(el, 'composer'), {body: 'Mine, held', author: 'Ada'});
    submit(part(el, 'composer'));
    await next(el, 'natter-posted');
    await until(async () => (await held()).length === 1, 3000, 'the held comment kept');
    el.remove();
    const other = await mount({...createMemoryAdapter(), id: 'another-server'});
    expect(bodies(other)).to.deep.equal([]);
    other.remove();
    const elsewhere = await mountThread((e) => {
      e.adapter = backend.adapter;
      e.thread = '/elsewhere';
    });
    expect(bodies(elsewhere)).to.deep.equal([]);
    elsewhere.remove();
    const back = await mount(backend.adapter);
    expect(bodies(back)).to.deep.equal(['Mine, held']);
  });

  it('forgets a held comment the list has not shown for 30 days', async () => {
    const old: Comment = {...seedComment('gone'), status: 'pending', createdAt: new Date(Date.now() - 31 * 864e5).toISOString(), body: 'Rejected long ago'};
    const recent: Comment = {...seedComment('waiting'), status: 'pending', body: 'Still waiting'};
    await set(['held', 'adapter:held-test', '/t', 'gone'], old, kv);
    await set(['held', 'adapter:held-test', '/t', 'waiting'], recent, kv);
    const el = await mount(moderated().adapter);
    await settled(el);
    expect(bodies(el)).to.deep.equal(['Still waiting']);
    await until(async () => (await held()).length === 1, 3000, 'the old copy forgotten');
  });
});
