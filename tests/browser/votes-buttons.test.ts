// Votes: the memory adapter in the page (msw for a lost network), this browser's voter key and votes in IndexedDB.
import {expect} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import {http, HttpResponse} from 'msw';
import {setupWorker} from 'msw/browser';
import {createStore, entries} from 'idb-keyval';
import {createMemoryAdapter, type MemoryAdapterOptions} from '../../src/adapters/memory.js';
import type {Adapter} from '../../src/adapters/adapter.js';
import type {ThreadElement} from '../../src/elements/thread-element.js';
import {createHandlers} from '../../demo/mock/handlers.js';
import {bodies, cleanup, clearStorage, mountThread, next, part, parts, seedComment, settled, until} from './helpers.js';

let cases = 0;
let adapter: Adapter;
const worker = setupWorker();

// A new adapter id per case: this browser's votes are kept per scope, so an earlier case's can't press this one's buttons.
let scopeId = '';
function backend(options: MemoryAdapterOptions = {}) {
  return (adapter = createMemoryAdapter({id: (scopeId = `votes-${Date.now()}-${++cases}`), seed: [seedComment('c1'), seedComment('c2')], ...options}));
}

const mount = (setup: (e: ThreadElement) => void = () => {}) => mountThread((e) => ((e.adapter = adapter), (e.thread = '/t'), setup(e)));
const up = (el: ThreadElement, id = 'c1') => el.shadowRoot!.querySelector<HTMLButtonElement>(`[data-action=vote-up][data-id=${id}]`)!;
const down = (el: ThreadElement, id = 'c1') => el.shadowRoot!.querySelector<HTMLButtonElement>(`[data-action=vote-down][data-id=${id}]`)!;
const shown = async (el: ThreadElement) => (await until(() => parts(el, 'vote-up-button').length, 4000, 'the vote buttons'), el.updateComplete);
const score = async (id = 'c1') => JSON.stringify((await adapter.list('/t')).comments.find((c) => c.id === id)!.votes ?? null);

describe('<natter-thread> votes', () => {
  before(() => worker.start({quiet: true, onUnhandledRequest: 'bypass'}));
  after(() => worker.stop());
  beforeEach(async () => {
    localStorage.clear();
    await clearStorage();
    backend();
  });
  afterEach(cleanup);

  it('shows an up button with the score; a click votes (aria-pressed), a second click takes it back', async () => {
    const el = await mount();
    await shown(el);
    expect(up(el).textContent).to.equal('Up 0');
    expect(up(el).getAttribute('aria-pressed')).to.equal('false');
    expect(parts(el, 'vote-down-button').length, 'votes "up": no down button').to.equal(0);
    const voting = next<{id: string; value: number}>(el, 'natter-vote');
    const voted = next<{id: string; value: number; votes: {up: number}}>(el, 'natter-voted');
    up(el).click();
    expect((await voting).detail).to.deep.equal({id: 'c1', value: 1});
    expect((await voted).detail.votes.up).to.equal(1);
    await el.updateComplete;
    expect(up(el).textContent).to.equal('Up 1');
    expect(up(el).getAttribute('aria-pressed')).to.equal('true');
    expect(await score()).to.equal('{"up":1,"down":0}');
    const retracted = next<{value: number}>(el, 'natter-voted');
    up(el).click();
    expect((await retracted).detail.value).to.equal(0);
    await el.updateComplete;
    expect(up(el).textContent).to.equal('Up 0');
    expect(up(el).getAttribute('aria-pressed')).to.equal('false');
    expect(await score()).to.equal('null');
  });

  it('counts a vote from one browser once: another thread element, or a reload, finds it cast', async () => {
    const el = await mount();
    await shown(el);
    up(el).click();
    await next(el, 'natter-voted');
    el.remove();
    const again = await mount();
    await shown(again);
    expect(up(again).getAttribute('aria-pressed')).to.equal('true');
    expect(up(again).textContent).to.equal('Up 1');
    // Clicking again is this browser taking its vote back, never a second vote.
    up(again).click();
    await next(again, 'natter-voted');
    expect(await score()).to.equal('null');
    // This case's scope: an earlier case's thread may still write its own key after the storage was cleared.
    const kept = (await entries(createStore('natter', 'kv'))).filter(([k]) => (k as string[])[0] === 'voter' && (k as string[])[1] === `adapter:${scopeId}`);
    expect(kept.length, JSON.stringify(kept)).to.equal(1);
    expect(kept[0][1]).to.match(/^[\w-]{32}$/);
  });

  it('with "updown" shows both buttons; down after up moves the vote', async () => {
    backend({votes: 'updown'});
    const el = await mount();
    await shown(el);
    up(el).click();
    await next(el, 'natter-voted');
    down(el).click();
    await next(el, 'natter-voted');
    await el.updateComplete;
    expect([up(el).textContent, down(el).textContent]).to.deep.equal(['Up 0', 'Down 1']);
    expect([up(el).getAttribute('aria-pressed'), down(el).getAttribute('aria-pressed')]).to.deep.equal(['false', 'true']);
    expect(await score()).to.equal('{"up":0,"down":1}');
  });

  it('works from the keyboard', async () => {
    const el = await mount();
    await shown(el);
    up(el, 'c2').focus();
    const voted = next(el, 'natter-voted');
    await sendKeys({press: ' '});
    await voted;
    await el.updateComplete;
    expect(up(el, 'c2').getAttribute('aria-pressed')).to.equal('true');
    expect(await score('c2')).to.equal('{"up":1,"down":0}');
  });

  it('shows the vote at once and rolls it back with a message when the network fails', async () => {
    const endpoint = `${location.origin}/votes-api-${cases}`;
    worker.resetHandlers(...createHandlers(adapter, endpoint), http.post(`${endpoint}/api/comments/:id/vote`, () => HttpResponse.error()));
    const el = await mountThread((e) => ((e.endpoint = endpoint), (e.thread = '/t')));
    await shown(el);
    const failed = next<{action: string}>(el, 'natter-error');
    up(el).click();
    await el.updateComplete;
    expect(up(el).textContent, 'optimistic').to.equal('Up 1');
    expect(up(el).getAttribute('aria-pressed')).to.equal('true');
    expect((await failed).detail.action).to.equal('vote');
    await el.updateComplete;
    expect(up(el).textContent).to.equal('Up 0');
    expect(up(el).getAttribute('aria-pressed')).to.equal('false');
    expect(part(el, 'status').textContent).to.equal('Your vote was not counted: Could not reach the comments server.');
  });

  it('a natter-vote listener can cancel the vote', async () => {
    const el = await mount();
    await shown(el);
    el.addEventListener('natter-vote', (e) => e.preventDefault(), {once: true});
    up(el).click();
    await new Promise((r) => setTimeout(r, 100));
    expect(up(el).textContent).to.equal('Up 0');
    expect(await score()).to.equal('null');
  });

  it('lists by score with order="top", ties oldest first', async () => {
    adapter = createMemoryAdapter({id: `votes-top-${++cases}`, seed: [seedComment('a', {createdAt: new Date(1e12).toISOString()}), seedComment('b', {createdAt: new Date(2e12).toISOString(), votes: {up: 2, down: 0}}), seedComment('c', {createdAt: new Date(3e12).toISOString()})]});
    const el = await mount((e) => (e.order = 'top'));
    expect(bodies(el)).to.deep.equal(['Body b', 'Body a', 'Body c']);
  });

  it('offers no vote buttons, and loads no votes chunk, when the page has votes off', async () => {
    backend({votes: 'off'});
    const el = await mount();
    await settled(el);
    await new Promise((r) => setTimeout(r, 200));
    await el.updateComplete;
    expect(parts(el, 'vote-up-button').length).to.equal(0);
  });
});
