import {expect} from '@open-wc/testing';
import {cleanup, clearStorage, mountThread, part, settled, submit, type, until} from './helpers.js';

// The composer's fields follow the draft only where they differ from what is in them (ComposerElement.updated, src/write/composer-element.ts).
const endpoint = 'https://comments.example.test';
const realFetch = window.fetch;
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), {status, headers: {'Content-Type': 'application/json', 'Natter-Form': 'tok'}});
afterEach(() => {
  window.fetch = realFetch;
  cleanup();
});

it('a restored draft posted as it is and refused comes back into the emptied form', async () => {
  await clearStorage();
  localStorage.clear();
  let posts = 0;
  window.fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
    if (init?.method !== 'POST') return json({comments: [], next: null, total: 0});
    posts++;
    return json({error: {code: 'invalid', message: 'Refused.'}}, 400);
  }) as typeof fetch;
  const mount = () => mountThread((e) => {
    e.endpoint = endpoint;
    e.thread = '/l';
  });
  const first = await mount();
  await type(part(first, 'composer'), {author: 'Ada', body: 'Typed last time'});
  first.write!.drafts.flush();
  await new Promise((r) => setTimeout(r, 200));
  first.remove();
  // The draft is set into the field by the first render; the reader posts it without touching it.
  const el = await mount();
  const body = () => part(el, 'composer').querySelector('textarea')!.value;
  expect(body()).to.equal('Typed last time');
  submit(part(el, 'composer'));
  await until(() => posts === 1 && part(el, 'composer').querySelector('[part~="error"]'), 8000, 'the refusal');
  await settled(el);
  expect(body(), 'the text is back in the form').to.equal('Typed last time');
});
