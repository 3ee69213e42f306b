import {expect} from '@open-wc/testing';
import {http, HttpResponse} from 'msw';
import {setupWorker} from 'msw/browser';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import type {Adapter, NewComment} from '../../src/adapters/adapter.js';
import type {Prefetch} from '../../src/adapters/prefetch.js';
import {createHandlers} from '../../demo/mock/handlers.js';
import {bodies, cleanup, clearStorage, mountThread, next, part, parts, submit, type, until} from './helpers.js';

// The REST adapter and the composer against a simulated Natter server that issues a form token with every list
// and checks it on every post, as the reference server's spam check does.
const worker = setupWorker();
let endpoint = '';
let cases = 0;
let backend: Adapter;
let issued: number;
let lists: URL[];
let posts: {body: NewComment & {form?: string}; key: string; at: number}[];

/** A server whose list responses carry `Natter-Form: tok-N` and whose posts record what they were sent. */
function server({refuse = (_: (typeof posts)[number]): Response | undefined => undefined} = {}) {
  const [list, post] = createHandlers(backend, endpoint);
  return [
    http.get(`${endpoint}/api/comments`, async (info) => {
      lists.push(new URL(info.request.url));
      const response = (await list.run(info))!.response!;
      const headers = new Headers(response.headers);
      headers.set('Natter-Form', `tok-${++issued}`);
      return new Response(response.body, {status: response.status, headers});
    }),
    http.post(`${endpoint}/api/comments`, async (info) => {
      const record = {body: (await info.request.clone().json()) as NewComment & {form?: string}, key: info.request.headers.get('Idempotency-Key')!, at: performance.now()};
      posts.push(record);
      return refuse(record) ?? (await post.run(info))!.response!;
    }),
  ];
}

const mount = (setup: (e: HTMLElement & {endpoint: string; thread: string}) => void = () => {}) =>
  mountThread((e) => {
    e.endpoint = endpoint;
    e.thread = '/tokens';
    setup(e);
  });

async function write(el: HTMLElement, fields: Record<string, string>) {
  await type(part(el, 'composer'), {author: 'Ada', ...fields});
  submit(part(el, 'composer'));
}

describe('<natter-thread> form token, notify and honeypot, over a simulated network', () => {
  before(() => worker.start({quiet: true, onUnhandledRequest: 'bypass'}));
  after(() => worker.stop());
  beforeEach(async () => {
    localStorage.clear();
    await clearStorage();
    endpoint = `${location.origin}/token-api-${++cases}`;
    backend = createMemoryAdapter();
    issued = 0;
    lists = [];
    posts = [];
  });
  afterEach(cleanup);

  it('sends the token of the latest list as `form`, and neither notify nor the honeypot when untouched', async () => {
    worker.resetHandlers(...server());
    const el = await mount();
    await write(el, {body: 'With a token'});
    await next(el, 'natter-posted');
    expect(posts).to.have.length(1);
    expect(posts[0].body.form).to.equal(`tok-${issued}`);
    expect(Object.keys(posts[0].body).sort()).to.deep.equal(['author', 'body', 'form', 'parent', 'thread']);
    await el.updateComplete;
    expect(bodies(el)).to.deep.equal(['With a token']);
  });

  it('takes the token from the response the loader prefetched, without listing again', async () => {
    worker.resetHandlers(...server());
    const url = `${endpoint}/api/comments?thread=%2Ftokens&format=tree&limit=50&order=oldest&replies=5`;
    const el = await mount((e) => {
      (e as {natterList?: Prefetch}).natterList = {url, response: fetch(url)};
    });
    expect(lists).to.have.length(1);
    await write(el, {body: 'Prefetched token'});
    await next(el, 'natter-posted');
    expect(lists).to.have.length(1);
    expect(posts[0].body.form).to.equal('tok-1');
  });

  it('on form_expired fetches a fresh token once and sends the same comment again with the same key', async () => {
    worker.resetHandlers(...server({
      refuse: (p) => (p.body.form === 'tok-1' ? HttpResponse.json({error: {code: 'form_expired', message: 'This form is too old.'}}, {status: 400}) : undefined),
    }));
    const el = await mount();
    await write(el, {body: 'Old form'});
    await next(el, 'natter-posted');
    expect(posts.map((p) => p.body.form)).to.deep.equal(['tok-1', 'tok-2']);
    expect(posts[1].key).to.equal(posts[0].key);
    expect(lists[1].searchParams.get('limit')).to.equal('1');
    await el.updateComplete;
    expect(bodies(el)).to.deep.equal(['Old form']);
    expect(parts(el, 'error')).to.have.length(0);
    expect((await backend.list('/tokens')).total).to.equal(1);
  });

  it('refreshes only once: a second form_missing puts the text back with the message', async () => {
    worker.resetHandlers(...server({refuse: () => HttpResponse.json({error: {code: 'form_missing', message: 'The form token is missing.'}}, {status: 400})}));
    const el = await mount();
    await write(el, {body: 'Refused twice'});
    await until(() => parts(el, 'error').length === 1, 4000, 'the refusal');
    expect(posts).to.have.length(2);
    expect(part(el, 'error').textContent).to.equal('Your comment was not posted: The form token is missing.');
    expect(part<HTMLTextAreaElement>(el, 'textarea').value).to.equal('Refused twice');
  });

  it('waits as long as a 429 too_fast says (Retry-After), still "Sending…", then lands the comment once', async () => {
    let first = true;
    worker.resetHandlers(...server({
      refuse: () => (first ? ((first = false), HttpResponse.json({error: {code: 'too_fast', message: 'Too fast.'}}, {status: 429, headers: {'Retry-After': '1'}})) : undefined),
    }));
    const el = await mount();
    const errors: unknown[] = [];
    el.addEventListener('natter-error', (e) => errors.push(e.detail));
    await write(el, {body: 'Typed quickly'});
    await until(() => posts.length === 1, 2000, 'the first attempt');
    await new Promise((r) => setTimeout(r, 300));
    await el.updateComplete;
    // Nothing is wrong, the server only wants its minimum time: no "Waiting to send", no error event.
    expect(parts(el, 'note').map((n) => n.textContent)).to.deep.equal(['Sending…']);
    const posted = next(el, 'natter-posted');
    await posted;
    expect(errors).to.deep.equal([]);
    expect(posts).to.have.length(2);
    expect(posts[1].key).to.equal(posts[0].key);
    expect(posts[1].at - posts[0].at).to.be.within(950, 1600);
    await el.updateComplete;
    expect(bodies(el)).to.deep.equal(['Typed quickly']);
    expect(parts(el, 'note')).to.have.length(0);
    expect((await backend.list('/tokens')).total).to.equal(1);
  });

  it('asks for an email before sending "notify me", then sends notify: true with it', async () => {
    worker.resetHandlers(...server());
    const el = await mount();
    const notify = part(el, 'composer').querySelector<HTMLInputElement>('[name="notify"]')!;
    expect(notify.closest('label')!.textContent).to.equal('Notify me of replies by email');
    notify.click();
    await write(el, {body: 'Tell me about replies'});
    await el.updateComplete;
    expect(part(el, 'error').textContent).to.equal('Give your email to be notified of replies.');
    expect(posts).to.have.length(0);
    await write(el, {email: 'ada@example.com'});
    await next(el, 'natter-posted');
    expect(posts[0].body.notify).to.equal(true);
    expect(posts[0].body.email).to.equal('ada@example.com');
  });

  it('has a honeypot field people never meet, and sends it only when something filled it', async () => {
    worker.resetHandlers(...server());
    const el = await mount();
    const trap = part(el, 'composer').querySelector<HTMLInputElement>('[name="subject"]')!;
    expect(trap.tabIndex).to.equal(-1);
    expect(trap.autocomplete).to.equal('off');
    expect(trap.closest('[aria-hidden="true"]')).to.not.equal(null);
    expect(trap.closest('label')!.textContent).to.equal('Leave this empty');
    // Its label is a clipped 1 px box that takes no room (the field inside it is cut off with it).
    const box = trap.closest('label')!.getBoundingClientRect();
    expect(box.width * box.height).to.be.at.most(1);
    expect(getComputedStyle(trap.closest('label')!).position).to.equal('absolute');
    await expect(el).to.be.accessible();
    await write(el, {body: 'A person', author: 'Ada'});
    await next(el, 'natter-posted');
    expect('subject' in posts[0].body).to.equal(false);
    await write(el, {body: 'A bot', subject: 'Cheap watches'});
    await next(el, 'natter-posted');
    expect(posts[1].body.subject).to.equal('Cheap watches');
  });
});
