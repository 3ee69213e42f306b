import {expect} from '@open-wc/testing';
import {http, HttpResponse} from 'msw';
import {setupWorker} from 'msw/browser';
import {createStore, entries} from 'idb-keyval';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import type {Adapter, NewComment} from '../../src/adapters/adapter.js';
import {createHandlers} from '../../demo/mock/handlers.js';
import {bodies, cleanup, clearStorage, mountThread, next, part, parts, submit, type, until} from './helpers.js';

// A new endpoint per case: a retry timer left by an earlier case (they outlive their element by design) then can't
// reach this case's backend and count as its post.
let endpoint = '';
let cases = 0;
let backend: Adapter;
let posts: number;
const worker = setupWorker();

/** Counts every POST that reaches the (in-page) backend. */
function countingBackend(): Adapter {
  const inner = createMemoryAdapter();
  return {...inner, post: (...args) => (posts++, inner.post(...args))};
}

const outboxSize = async () => (await entries(createStore('natter', 'kv'))).filter(([k]) => (k as string[])[0] === 'outbox').length;

async function mount() {
  return mountThread((e) => {
    e.endpoint = endpoint;
    e.thread = '/outbox';
  });
}

async function write(el: HTMLElement, body: string) {
  const form = part(el, 'composer');
  await type(form, {body, author: 'Ada'});
  submit(form);
}

describe('<natter-thread> outbox, over a simulated network', () => {
  before(() => worker.start({quiet: true, onUnhandledRequest: 'bypass'}));
  after(() => worker.stop());
  beforeEach(async () => {
    localStorage.clear();
    await clearStorage();
    posts = 0;
    endpoint = `${location.origin}/outbox-api-${++cases}`;
    backend = countingBackend();
    worker.resetHandlers(...createHandlers(backend, endpoint));
  });
  afterEach(cleanup);

  describe('when the network fails', () => {
    it('keeps the comment as "waiting to send" and sends it once when the network is back', async () => {
      const el = await mount();
      let down = true;
      worker.use(http.post(`${endpoint}/api/comments`, () => (down ? HttpResponse.error() : undefined)));
      await write(el, 'Sent from a tunnel');
      await until(() => parts(el, 'note').some((n) => n.textContent!.startsWith('Waiting to send')), 4000, 'waiting note');
      expect(await outboxSize()).to.equal(1);
      down = false;
      const posted = next(el, 'natter-posted');
      dispatchEvent(new Event('online'));
      await posted;
      await el.updateComplete;
      expect(posts).to.equal(1);
      expect(bodies(el)).to.deep.equal(['Sent from a tunnel']);
      expect(parts(el, 'note')).to.have.length(0);
      await until(async () => (await outboxSize()) === 0, 2000, 'outbox emptied');
    });

    it('retries a 503 with backoff, without the reader doing anything', async () => {
      const el = await mount();
      let failures = 1;
      worker.use(http.post(`${endpoint}/api/comments`, () =>
        failures-- > 0 ? HttpResponse.json({error: {code: 'unavailable', message: 'Try later.'}}, {status: 503}) : undefined));
      const errored = next<{action: string}>(el, 'natter-error');
      await write(el, 'Patience');
      expect((await errored).detail.action).to.equal('post');
      await next(el, 'natter-posted');
      expect(posts).to.equal(1);
    });
  });

  describe('when the server commits but the reply is lost', () => {
    it('sends the same idempotency key again and shows the comment once', async () => {
      const el = await mount();
      const keys: string[] = [];
      let lose = true;
      worker.use(http.post(`${endpoint}/api/comments`, async ({request}) => {
        keys.push(request.headers.get('Idempotency-Key')!);
        const body = (await request.clone().json()) as NewComment;
        const comment = await backend.post(body, {idempotencyKey: keys.at(-1)!});
        if (lose) {
          lose = false;
          return HttpResponse.error();
        }
        return HttpResponse.json({comment}, {status: 201});
      }));
      await write(el, 'Said once');
      await until(() => parts(el, 'note').some((n) => n.textContent!.startsWith('Waiting')), 4000, 'waiting note');
      dispatchEvent(new Event('online'));
      await next(el, 'natter-posted');
      await el.updateComplete;
      expect(keys).to.have.length(2);
      expect(keys[1]).to.equal(keys[0]);
      expect((await backend.list('/outbox')).total).to.equal(1);
      expect(bodies(el)).to.deep.equal(['Said once']);
    });
  });

  describe('when the page closes with a comment still queued', () => {
    it('sends it when the page opens again, once, and shows it once', async () => {
      const el = await mount();
      worker.use(http.post(`${endpoint}/api/comments`, () => HttpResponse.error()));
      await write(el, 'Queued over a reload');
      await until(() => parts(el, 'note').some((n) => n.textContent!.startsWith('Waiting')), 4000, 'waiting note');
      el.remove();
      worker.resetHandlers(...createHandlers(backend, endpoint));
      const again = await mount();
      // The list no longer waits for the outbox, so the queued comment is sent just after the first page.
      await until(() => posts === 1 && !parts(again, 'note').length, 4000, 'queued comment sent');
      await again.updateComplete;
      expect(posts).to.equal(1);
      expect(bodies(again)).to.deep.equal(['Queued over a reload']);
      expect(part(again, 'heading').textContent).to.equal('1 comment');
      expect(await outboxSize()).to.equal(0);
    });
  });

  describe('when the page goes away before IndexedDB has the queued comment', () => {
    it('sends it from what pagehide left, once', async () => {
      const el = await mount();
      worker.use(http.post(`${endpoint}/api/comments`, () => HttpResponse.error()));
      await write(el, 'Posted as the tab closed');
      await until(() => parts(el, 'note').some((n) => n.textContent!.startsWith('Waiting')), 4000, 'waiting note');
      dispatchEvent(new PageTransitionEvent('pagehide'));
      el.remove();
      await clearStorage();
      worker.resetHandlers(...createHandlers(backend, endpoint));
      const again = await mount();
      await until(() => posts === 1 && !parts(again, 'note').length, 4000, 'sent');
      expect(bodies(again)).to.deep.equal(['Posted as the tab closed']);
      expect((await backend.list('/outbox')).total).to.equal(1);
    });
  });

  describe('when a queued comment\'s request hangs as the page opens', () => {
    it('still shows the thread, with the comment waiting', async () => {
      await backend.post({thread: '/outbox', parent: null, author: 'Bo', body: 'Already here'}, {idempotencyKey: 'seed'});
      const el = await mount();
      worker.use(http.post(`${endpoint}/api/comments`, () => HttpResponse.error()));
      await write(el, 'Stuck in a tunnel');
      await until(() => parts(el, 'note').some((n) => n.textContent!.startsWith('Waiting')), 4000, 'waiting note');
      el.remove();
      worker.use(http.post(`${endpoint}/api/comments`, () => new Promise<never>(() => {})));
      const again = await mount();
      expect(bodies(again)).to.deep.equal(['Already here', 'Stuck in a tunnel']);
      expect(parts(again, 'note').map((n) => n.textContent)).to.deep.equal(['Sending…']);
    });
  });

  describe('when the server is slow', () => {
    it('shows the comment as sending until the reply comes', async () => {
      const el = await mount();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      worker.use(http.post(`${endpoint}/api/comments`, async () => {
        await gate;
      }));
      await write(el, 'Slowly');
      await until(() => parts(el, 'note').some((n) => n.textContent === 'Sending…'), 2000, 'sending');
      release();
      await next(el, 'natter-posted');
      expect(posts).to.equal(1);
    });
  });

  describe('when the browser goes offline', () => {
    it('says so, and reflects the offline attribute for CSS', async () => {
      const el = await mount();
      dispatchEvent(new Event('offline'));
      await el.updateComplete;
      expect(el.hasAttribute('offline')).to.be.true;
      expect(part(el, 'notice').textContent).to.contain('offline');
      dispatchEvent(new Event('online'));
      await el.updateComplete;
      expect(el.hasAttribute('offline')).to.be.false;
    });
  });
});
