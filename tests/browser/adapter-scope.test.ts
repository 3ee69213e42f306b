import {expect} from '@open-wc/testing';
import {http, HttpResponse} from 'msw';
import {setupWorker} from 'msw/browser';
import {createStore, entries} from 'idb-keyval';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import {createRestAdapter} from '../../src/adapters/rest.js';
import type {Adapter} from '../../src/adapters/adapter.js';
import {createHandlers} from '../../demo/mock/handlers.js';
import {bodies, cleanup, clearStorage, mountThread, part, parts, submit, type, until} from './helpers.js';

// Drafts and the outbox are kept per backend: a REST adapter object is named by its endpoint, the same name the
// `endpoint` attribute uses, so switching between the two keeps a draft, and two servers never share an outbox.
const worker = setupWorker();
const stored = async (kind: string) => (await entries(createStore('natter', 'kv'))).filter(([k]) => (k as string[])[0] === kind);
let cases = 0;
let a = '';
let b = '';
let posts: Record<string, number>;

/** A server at `base` that keeps its comments in the page and counts the POSTs it gets. */
function server(base: string) {
  const inner = createMemoryAdapter();
  const counting: Adapter = {...inner, post: (...args) => ((posts[base] = (posts[base] ?? 0) + 1), inner.post(...args))};
  return createHandlers(counting, base);
}

const mount = (setup: (e: HTMLElement & {adapter?: Adapter; endpoint: string; thread: string}) => void) =>
  mountThread((e) => {
    e.thread = '/scoped';
    setup(e);
  });
const textarea = (el: HTMLElement) => part<HTMLTextAreaElement>(el, 'textarea').value;

describe('drafts and outbox scope of the shipped adapters', () => {
  before(() => worker.start({quiet: true, onUnhandledRequest: 'bypass'}));
  after(() => worker.stop());
  beforeEach(async () => {
    localStorage.clear();
    await clearStorage();
    posts = {};
    a = `${location.origin}/scope-a-${++cases}`;
    b = `${location.origin}/scope-b-${cases}`;
    worker.resetHandlers(...server(a), ...server(b));
  });
  afterEach(cleanup);

  it('finds a draft typed under the endpoint attribute once the page sets createRestAdapter for the same server', async () => {
    const el = await mount((e) => (e.endpoint = a));
    await type(part(el, 'composer'), {body: 'Typed before the app upgraded', author: 'Ada'});
    await until(async () => (await stored('draft')).length === 1, 3000, 'draft saved');
    el.remove();
    // A trailing slash is the same server.
    const again = await mount((e) => (e.adapter = createRestAdapter({endpoint: `${a}/`})));
    expect(textarea(again)).to.equal('Typed before the app upgraded');
  });

  it('keeps drafts of two REST adapters for different servers apart', async () => {
    const el = await mount((e) => (e.adapter = createRestAdapter({endpoint: a})));
    await type(part(el, 'composer'), {body: 'Meant for server A', author: 'Ada'});
    await until(async () => (await stored('draft')).length === 1, 3000, 'draft saved');
    el.remove();
    const other = await mount((e) => (e.adapter = createRestAdapter({endpoint: b})));
    expect(textarea(other)).to.equal('');
    other.remove();
    const back = await mount((e) => (e.adapter = createRestAdapter({endpoint: a})));
    expect(textarea(back)).to.equal('Meant for server A');
  });

  it('never sends a comment queued for one server to another server', async () => {
    let down = true;
    worker.use(http.post(`${a}/api/comments`, () => (down ? HttpResponse.error() : undefined)));
    const el = await mount((e) => (e.adapter = createRestAdapter({endpoint: a})));
    await type(part(el, 'composer'), {body: 'Queued for A', author: 'Ada'});
    submit(part(el, 'composer'));
    await until(async () => (await stored('outbox')).length === 1, 4000, 'comment queued');
    el.remove();

    const other = await mount((e) => (e.adapter = createRestAdapter({endpoint: b})));
    // Give a wrongly restored outbox time to send.
    await new Promise((r) => setTimeout(r, 500));
    expect(posts[b] ?? 0).to.equal(0);
    expect(bodies(other)).to.deep.equal([]);
    expect(parts(other, 'note')).to.have.length(0);
    other.remove();

    down = false;
    const back = await mount((e) => (e.adapter = createRestAdapter({endpoint: a})));
    await until(() => posts[a] === 1, 4000, 'queued comment sent to A');
    await until(() => bodies(back).includes('Queued for A'), 4000, 'comment shown');
    expect(posts[b] ?? 0).to.equal(0);
  });

  it('gives the memory adapter a default id of its own, apart from every REST adapter', () => {
    expect(createMemoryAdapter().id).to.equal('memory');
    expect(createRestAdapter({endpoint: a}).id).to.equal(a);
    expect(createRestAdapter({endpoint: `${a}//`}).id).to.equal(a);
    expect(createRestAdapter({endpoint: a, id: 'mine'}).id).to.equal('mine');
  });
});
