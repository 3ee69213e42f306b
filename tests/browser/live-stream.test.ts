// The REST adapter's live stream (EventSource) when the network misbehaves: msw answers /api/events with an error,
// drops the stream mid-way, or says `reset`. The comments themselves come from an in-page backend behind msw.
import {expect} from '@open-wc/testing';
import {http, HttpResponse, sse} from 'msw';
import {setupWorker} from 'msw/browser';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import type {Adapter, Comment} from '../../src/adapters/adapter.js';
import {createHandlers} from '../../demo/mock/handlers.js';
import {bodies, cleanup, clearStorage, mountThread, parts, seedComment, until} from './helpers.js';

const worker = setupWorker();
let endpoint = '';
let cases = 0;
let backend: Adapter;
/** Each /api/events request: its `after` and `Last-Event-ID`. */
let requests: {after: string | null; lastEventId: string | null}[];

const button = (el: Element) => parts(el, 'new-comments-button')[0];
const created = (id: string, body: string): Comment => seedComment(id, {body, createdAt: new Date().toISOString()});
const event = (id: string, body: string) => ({id, event: 'created', data: JSON.stringify({type: 'created', comment: created(`n${id}`, body)})}) as const;

/** Records the request, then lets `stream` answer it: the first connection gets `stream[0]`, and so on. */
function events(...streams: ((client: {send(m: object): void; error(): void; close(): void}) => void)[]) {
  return sse(`${endpoint}/api/events`, ({client, request}) => {
    const url = new URL(request.url);
    requests.push({after: url.searchParams.get('after'), lastEventId: request.headers.get('Last-Event-ID')});
    streams[Math.min(requests.length, streams.length) - 1](client as never);
  });
}

function mount() {
  return mountThread((e) => {
    e.endpoint = endpoint;
    e.thread = '/t';
  });
}

describe('<natter-thread> live stream over a simulated network', () => {
  before(() => worker.start({quiet: true, onUnhandledRequest: 'bypass'}));
  after(() => worker.stop());
  beforeEach(async () => {
    localStorage.clear();
    await clearStorage();
    requests = [];
    endpoint = `${location.origin}/live-api-${++cases}`;
    const inner = createMemoryAdapter({seed: [seedComment('c1')]});
    // A list page that says where live updates resume, as the server's does when live updates are on.
    backend = {...inner, list: async (...args) => ({...(await inner.list(...args)), events: '7'})};
    worker.resetHandlers(...createHandlers(backend, endpoint));
  });
  afterEach(cleanup);

  it('follows the stream from the list page\'s point', async () => {
    worker.use(events((c) => c.send(event('8', 'Live'))));
    const el = await mount();
    await until(() => button(el), 4000, 'the button');
    expect(button(el).textContent).to.equal('1 new comment');
    expect(requests).to.deep.equal([{after: '7', lastEventId: null}]);
  });

  it('starts again after the last event when the server answers an error, which EventSource gives up on', async () => {
    let refused = 0;
    worker.use(
      http.get(`${endpoint}/api/events`, () => (refused++ ? undefined : HttpResponse.json({error: {code: 'live_full', message: 'Full'}}, {status: 503}))),
      events((c) => c.send(event('8', 'After the refusal'))),
    );
    const el = await mount();
    await until(() => button(el), 6000, 'the button after the second try');
    expect(refused).to.equal(2);
    expect(requests).to.deep.equal([{after: '7', lastEventId: null}]);
  });

  it('reconnects with Last-Event-ID when the stream drops, and shows each comment once', async () => {
    worker.use(events(
      (c) => {
        c.send({retry: 200});
        c.send(event('8', 'Before the drop'));
        setTimeout(() => c.error(), 100);
      },
      // The server replays after Last-Event-ID; a buggy replay of 8 as well must not double it.
      (c) => {
        c.send(event('8', 'Before the drop'));
        c.send(event('9', 'After the drop'));
      },
    ));
    const el = await mount();
    await until(() => requests.length === 2 && button(el)?.textContent === '2 new comments', 6000, 'the reconnect');
    // The browser sends Last-Event-ID when it reconnects by itself; a stream it gave up on starts again with `after`.
    expect(requests[1].lastEventId ?? requests[1].after, JSON.stringify(requests)).to.equal('8');
    button(el).click();
    await until(() => !button(el), 2000, 'the button to go');
    expect(bodies(el)).to.deep.equal(['Body c1', 'Before the drop', 'After the drop']);
  });

  it('lists again when the stream says reset, and follows from the new page', async () => {
    worker.use(events(
      (c) => c.send({id: '1', event: 'reset', data: '{}'}),
      (c) => c.send(event('8', 'After the reset')),
    ));
    let lists = 0;
    const list = backend.list;
    backend.list = (...args) => (lists++, list(...args));
    const el = await mount();
    await until(() => button(el), 6000, 'the button after the reset');
    expect(lists).to.equal(2);
    expect(requests).to.deep.equal([{after: '7', lastEventId: null}, {after: '7', lastEventId: null}]);
  });
});
