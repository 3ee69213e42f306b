import {expect} from '@open-wc/testing';
import type {ThreadElement} from '../../src/elements/thread-element.js';
import {bodies, cleanup, clearStorage, mountThread, part, parts, settled, type, until} from './helpers.js';

// A page with a build-time fragment (GET /api/fragment inside <natter-thread>) whose takeover can't reach the server.
const endpoint = 'https://comments.example.test';
const realFetch = window.fetch;
const json = (body: unknown) => new Response(JSON.stringify(body), {headers: {'Content-Type': 'application/json', 'Natter-Form': 'tok'}});
const comment = {id: '7', thread: '/f', parent: null, author: 'Bea', website: null, body: 'Back from the server', createdAt: new Date().toISOString(), status: 'published'};
let online = true;
const requests: string[] = [];

beforeEach(async () => {
  await clearStorage();
  localStorage.clear();
  online = true;
  requests.length = 0;
  window.fetch = (async (input: RequestInfo | URL) => {
    const url = String(input instanceof Request ? input.url : input);
    requests.push(url);
    if (!online) throw new TypeError('Failed to fetch');
    return json(url.includes('/api/fragment/newer') ? {comments: [], next: null, total: 1} : {comments: [comment], next: null, total: 1});
  }) as typeof fetch;
});
afterEach(() => {
  window.fetch = realFetch;
  cleanup();
});

/** The thread as a static page ships it: with the fragment the server rendered at build time. */
function withFragment(): ThreadElement {
  const el = document.createElement('natter-thread');
  el.endpoint = endpoint;
  el.thread = '/f';
  el.innerHTML = `<div data-natter-page='{"comments":[],"next":null,"total":0}' data-natter-list="/api/comments?thread=%2Ff&amp;format=tree&amp;limit=50&amp;order=oldest&amp;replies=5" data-natter-newer="/api/fragment/newer?thread=%2Ff"><article id="c-1"><p>Fragment comment</p></article></div>`;
  document.body.append(el);
  return el;
}

/** Saves a draft on the thread in an earlier visit. */
async function draftSaved(text: string) {
  const first = await mountThread((e) => {
    e.endpoint = endpoint;
    e.thread = '/f';
  });
  await type(part(first, 'composer'), {author: 'Ada', body: text});
  first.write!.drafts.flush();
  await new Promise((r) => setTimeout(r, 200));
  first.remove();
}

const formText = (el: ThreadElement) => parts(el, 'composer')[0]?.querySelector('textarea')?.value;

describe('fragment takeover without the server', () => {
  it('shows the form with the saved draft and the error with Retry; Retry then lists the comments', async () => {
    await draftSaved('A long reply I typed yesterday');
    online = false;
    const el = withFragment();
    await until(() => !el.fragment && formText(el), 8000, 'the thread instead of the fragment');
    await settled(el);
    expect(formText(el)).to.equal('A long reply I typed yesterday');
    expect(part(el, 'error').textContent).to.contain('Could not reach the comments server.');
    online = true;
    part(el, 'retry-button').click();
    await until(() => bodies(el).length, 8000, 'the comments');
    expect(bodies(el)).to.deep.equal(['Back from the server']);
    expect(parts(el, 'error')).to.have.length(0);
    expect(formText(el), 'the draft is still there').to.equal('A long reply I typed yesterday');
  });

  it('lists again when the browser comes back online', async () => {
    online = false;
    const el = withFragment();
    await until(() => !el.fragment && parts(el, 'retry-button').length, 8000, 'the error with Retry');
    await settled(el);
    online = true;
    dispatchEvent(new Event('online'));
    await until(() => bodies(el).length, 8000, 'the comments');
    expect(bodies(el)).to.deep.equal(['Back from the server']);
    // The takeover asked only for what is newer; the list after it is the adapter's own.
    expect(requests.filter((u) => u.includes('/api/fragment/newer'))).to.have.length(1);
    expect(requests.filter((u) => u.includes('/api/comments?'))).to.have.length(1);
  });
});
