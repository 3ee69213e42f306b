// Edits and deletes the server refuses, or that the network loses: the REST adapter, msw standing in for the network
// in front of an in-page backend.
import {expect} from '@open-wc/testing';
import {http, HttpResponse} from 'msw';
import {setupWorker} from 'msw/browser';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import type {Adapter} from '../../src/adapters/adapter.js';
import type {ThreadElement} from '../../src/elements/thread-element.js';
import {createHandlers} from '../../demo/mock/handlers.js';
import {bodies, cleanup, clearStorage, mountThread, next, part, parts, postMine, submit, type, until} from './helpers.js';

const worker = setupWorker();
let endpoint = '';
let cases = 0;
let backend: Adapter;

const mount = () => mountThread((e) => ((e.endpoint = endpoint), (e.thread = '/t')));


const editForm = (el: ThreadElement) => el.shadowRoot!.querySelector<HTMLElement>('natter-composer[parent^="edit:"]');

describe('<natter-thread> refused edits and deletes', () => {
  before(() => worker.start({quiet: true, onUnhandledRequest: 'bypass'}));
  after(() => worker.stop());
  beforeEach(async () => {
    localStorage.clear();
    await clearStorage();
    endpoint = `${location.origin}/edit-api-${++cases}`;
    backend = createMemoryAdapter();
    worker.resetHandlers(...createHandlers(backend, endpoint));
  });
  afterEach(cleanup);

  it('keeps the text in the form and shows the server\'s message when an edit is refused', async () => {
    let sent: {auth: string | null; body: unknown} | undefined;
    worker.use(http.patch(`${endpoint}/api/comments/:id`, async ({request}) => {
      sent = {auth: request.headers.get('Authorization'), body: await request.json()};
      return HttpResponse.json({error: {code: 'edit_window_closed', message: 'Comments can be edited for 15 minutes after posting.'}}, {status: 403});
    }));
    const el = await mount();
    await postMine(el, 'Typo here');
    part(el, 'edit-button').click();
    await until(() => editForm(el));
    await type(editForm(el)!, {body: 'No typo here'});
    const failed = next<{action: string}>(el, 'natter-error');
    submit(editForm(el)!);
    expect((await failed).detail.action).to.equal('edit');
    await el.updateComplete;
    expect(sent!.auth).to.match(/^Bearer [\w-]{22,}$/);
    expect(sent!.body).to.deep.equal({body: 'No typo here'});
    const form = editForm(el)!;
    expect(form.querySelector('textarea')!.value).to.equal('No typo here');
    expect(form.querySelector('[part~="error"]')!.textContent).to.equal('Your edit was not saved: Comments can be edited for 15 minutes after posting.');
    expect((await backend.list('/t')).comments[0].body).to.equal('Typo here');
  });

  it('keeps the comment in its place, with a message and focus on Delete, when the delete fails', async () => {
    worker.use(http.delete(`${endpoint}/api/comments/:id`, () => HttpResponse.error()));
    await backend.post({thread: '/t', parent: null, author: 'Grace', body: 'After'}, {idempotencyKey: 'after'});
    const el = await mount();
    await postMine(el, 'Stays');
    part(el, 'delete-button').click();
    await until(() => parts(el, 'delete-confirm-button').length);
    const failed = next<{action: string}>(el, 'natter-error');
    part(el, 'delete-confirm-button').click();
    await el.updateComplete;
    expect(parts(el, 'deleted').length, 'deleted only once the server has').to.equal(0);
    expect((await failed).detail.action).to.equal('delete');
    await el.updateComplete;
    expect(bodies(el)).to.deep.equal(['After', 'Stays']);
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'delete-button'));
    expect(part(el, 'heading').textContent).to.equal('2 comments');
    expect(part(el, 'status').textContent).to.equal('Your comment was not deleted: Could not reach the comments server.');
  });
});
