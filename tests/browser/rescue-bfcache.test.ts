import {expect} from '@open-wc/testing';
import {cleanup, clearStorage, mountThread, part, settled, submit, type, until} from './helpers.js';

// The pagehide rescue copy (src/storage/rescue.ts) when the page comes back from the back/forward cache.
const endpoint = 'https://comments.example.test';
const realFetch = window.fetch;
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), {status, headers: {'Content-Type': 'application/json', 'Natter-Form': 'tok'}});
const posts: string[] = [];

beforeEach(async () => {
  await clearStorage();
  localStorage.clear();
  posts.length = 0;
  window.fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
    if (init?.method !== 'POST') return json({comments: [], next: null, total: 0});
    const b = JSON.parse(String(init.body));
    posts.push(b.body);
    return json({comment: {id: String(posts.length), thread: '/r', parent: null, author: b.author, website: null, body: b.body, createdAt: new Date().toISOString(), status: 'published'}}, 201);
  }) as typeof fetch;
});
afterEach(() => {
  window.fetch = realFetch;
  cleanup();
});

const mount = () => mountThread((e) => {
  e.endpoint = endpoint;
  e.thread = '/r';
});
const formText = (el: Element) => part(el, 'composer').querySelector('textarea')!.value;
const rescues = () => Object.keys(localStorage).filter((k) => k.startsWith('natter:'));
const hide = () => dispatchEvent(new PageTransitionEvent('pagehide', {persisted: true}));
const show = () => dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}));

describe('rescue copy and the back/forward cache', () => {
  it('back from the cache, post: a later load does not put the posted text back', async () => {
    const el = await mount();
    await type(part(el, 'composer'), {author: 'Ada', body: 'My one comment'});
    hide();
    expect(rescues(), 'pagehide left the copy').to.have.length(1);
    show();
    submit(part(el, 'composer'));
    await until(() => posts.length === 1, 8000, 'the post');
    await new Promise((r) => setTimeout(r, 200));
    el.remove();
    const again = await mount();
    await settled(again);
    expect(posts).to.deep.equal(['My one comment']);
    expect(formText(again), 'the form is empty').to.equal('');
  });

  it('keeps the copy another tab left while this page was in the cache', async () => {
    const el = await mount();
    await type(part(el, 'composer'), {author: 'Ada', body: 'Typed here'});
    hide();
    const [key] = rescues();
    // Another tab of the same thread went away meanwhile and left its own copy, under the thread's name and its own page.
    const other = `${key.slice(0, key.lastIndexOf('\u0000'))}\u0000othertab`;
    const theirs = JSON.stringify({drafts: [{thread: '/r', parent: '', body: 'Typed in the other tab', author: 'Ada', email: '', website: '', at: Date.now() + 1000}], outbox: []});
    localStorage.setItem(other, theirs);
    show();
    expect(localStorage.getItem(other), "the other tab's copy stays").to.equal(theirs);
    expect(rescues(), 'only this page\'s own copy went').to.deep.equal([other]);
  });

  it('keeps the copy when the page is not shown again from the cache', async () => {
    const el = await mount();
    await type(part(el, 'composer'), {author: 'Ada', body: 'Still mine'});
    hide();
    // A normal load, not the cache: pageshow without persisted.
    dispatchEvent(new PageTransitionEvent('pageshow', {persisted: false}));
    expect(rescues(), 'the copy stays for the next page').to.have.length(1);
    el.remove();
    const again = await mount();
    await settled(again);
    expect(formText(again)).to.equal('Still mine');
    expect(rescues(), 'moved into IndexedDB').to.have.length(0);
  });
});
