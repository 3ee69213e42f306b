import {expect} from '@open-wc/testing';
import {createStore, entries, set} from 'idb-keyval';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import {AdapterError, type Adapter} from '../../src/adapters/adapter.js';
import {openKv} from '../../src/storage/kv.js';
import {loadDrafts, saveDraft} from '../../src/storage/drafts.js';
import {cleanup, clearStorage, mountThread, next, part, parts, seedComment, submit, type, until} from './helpers.js';

const stored = () => entries(createStore('natter', 'kv'));
const storedDrafts = async () => (await stored()).filter(([k]) => (k as string[])[0] === 'draft');

describe('<natter-thread> drafts', () => {
  beforeEach(async () => {
    localStorage.clear();
    await clearStorage();
  });
  afterEach(cleanup);
  const adapter = createMemoryAdapter({seed: [seedComment('1', {author: 'Ada'}), seedComment('2')]});
  const mount = (setup: (e: HTMLElement & {adapter?: Adapter; thread: string}) => void = () => {}) =>
    mountThread((e) => {
      e.adapter = adapter;
      e.thread = '/t';
      setup(e);
    });

  it('saves what the reader types and restores it in a new page', async () => {
    const el = await mount();
    await type(part(el, 'composer'), {body: 'Half a thought', author: 'Ada', website: 'https://ada.example'});
    await until(async () => (await storedDrafts()).length === 1, 3000, 'draft saved');
    expect((await storedDrafts()).length).to.equal(1);
    el.remove();
    const again = await mount();
    expect(part<HTMLTextAreaElement>(again, 'textarea').value).to.equal('Half a thought');
    expect(part(again, 'composer').querySelector<HTMLInputElement>('[name=website]')!.value).to.equal('https://ada.example');
  });

  it('saves at once on pagehide, without waiting for the debounce', async () => {
    const el = await mount();
    await type(part(el, 'composer'), {body: 'Leaving now', author: 'Ada'});
    dispatchEvent(new PageTransitionEvent('pagehide'));
    await until(async () => (await storedDrafts()).length === 1, 1000, 'draft saved on pagehide');
    const [[, draft]] = await storedDrafts();
    expect((draft as {body: string}).body).to.equal('Leaving now');
  });

  it('restores a draft from what pagehide left behind when the IndexedDB write did not land', async () => {
    const el = await mount();
    await type(part(el, 'composer'), {body: 'Typed just before a reload', author: 'Ada'});
    dispatchEvent(new PageTransitionEvent('pagehide'));
    el.remove();
    // Chromium often drops IndexedDB writes made during unload; simulate that by emptying the store.
    await clearStorage();
    const again = await mount();
    expect(part<HTMLTextAreaElement>(again, 'textarea').value).to.equal('Typed just before a reload');
    await until(async () => (await storedDrafts()).length === 1, 2000, 'rescued draft moved into IndexedDB');
    expect(Object.keys(localStorage).filter((k) => k.startsWith('natter:'))).to.deep.equal([]);
  });

  it('keeps a stored draft that was edited after the copy pagehide left (another tab saved later)', async () => {
    const el = await mount();
    await type(part(el, 'composer'), {body: 'Newer words from another tab', author: 'Ada'});
    dispatchEvent(new Event('visibilitychange'));
    await until(async () => JSON.stringify(await storedDrafts()).includes('Newer words'), 2000, 'newer draft stored');
    el.remove();
    const older = {thread: '/t', parent: '', body: 'Older words', author: 'Ada', email: '', website: '', at: 1};
    localStorage.setItem('natter:adapter:memory\u0000/t', JSON.stringify({drafts: [older], outbox: []}));
    const again = await mount();
    expect(part<HTMLTextAreaElement>(again, 'textarea').value).to.equal('Newer words from another tab');
    expect(localStorage.getItem('natter:adapter:memory\u0000/t')).to.equal(null);
  });

  it('restores what two tabs of the thread left when they went away together, neither copy overwriting the other', async () => {
    const el = await mount();
    await type(part(el, 'composer'), {body: 'Typed in this tab', author: 'Ada'});
    dispatchEvent(new PageTransitionEvent('pagehide'));
    el.remove();
    const [mine] = Object.keys(localStorage).filter((k) => k.startsWith('natter:'));
    // The other tab's pagehide, a moment later: a reply it held, under the same thread's name with its own page part.
    const theirs = {thread: '/t', parent: '1', body: 'Replied in the other tab', author: 'Ada', email: '', website: '', at: Date.now()};
    localStorage.setItem(`${mine.slice(0, mine.lastIndexOf('\u0000'))}\u0000othertab`, JSON.stringify({drafts: [theirs], outbox: []}));
    expect(localStorage.getItem(mine), 'this tab\'s copy is still there').to.include('Typed in this tab');
    // Both tabs' IndexedDB writes were dropped during unload.
    await clearStorage();
    const again = await mount();
    await until(() => parts(again, 'composer').length === 2, 2000, 'the reply form reopened');
    const forms = parts(again, 'composer');
    expect(forms[0].querySelector('textarea')!.value).to.equal('Typed in this tab');
    expect(forms[1].closest('article')!.getAttribute('data-id')).to.equal('1');
    expect(forms[1].querySelector('textarea')!.value).to.equal('Replied in the other tab');
    await until(async () => (await storedDrafts()).length === 2, 2000, 'both moved into IndexedDB');
    expect(Object.keys(localStorage).filter((k) => k.startsWith('natter:'))).to.deep.equal([]);
  });

  it('leaves nothing in localStorage when there is nothing to rescue', async () => {
    await mount();
    dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(Object.keys(localStorage).filter((k) => k.startsWith('natter:'))).to.deep.equal([]);
  });

  it('reopens a reply form that held a draft, under its comment', async () => {
    const el = await mount();
    parts(el, 'reply-button')[0].click();
    await el.updateComplete;
    await type(parts(el, 'composer')[1], {body: 'Replying to Ada', author: 'Bo'});
    dispatchEvent(new PageTransitionEvent('pagehide'));
    await until(async () => (await storedDrafts()).length === 1, 1000, 'reply draft saved');
    el.remove();
    const again = await mount();
    await again.updateComplete;
    const forms = parts(again, 'composer');
    expect(forms).to.have.length(2);
    expect(forms[1].closest('article')!.getAttribute('data-id')).to.equal('1');
    expect(forms[1].querySelector('textarea')!.value).to.equal('Replying to Ada');
    expect(forms[0].querySelector('textarea')!.value).to.equal('');
  });

  it('keeps no draft with no-drafts', async () => {
    const el = await mount((e) => e.setAttribute('no-drafts', ''));
    await type(part(el, 'composer'), {body: 'Not kept', author: 'Ada'});
    dispatchEvent(new PageTransitionEvent('pagehide'));
    // IndexedDB runs read-write transactions on one store in order: once this write lands, any the element started
    // at pagehide has landed too.
    await set('probe', 1, createStore('natter', 'kv'));
    expect(await storedDrafts()).to.have.length(0);
    expect(Object.keys(localStorage).filter((k) => k.startsWith('natter:'))).to.deep.equal([]);
  });

  it('deletes the draft only once the server acknowledges the comment', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const inner = createMemoryAdapter();
    const el = await mountThread((e) => {
      e.adapter = {...inner, post: async (...args) => (await gate, inner.post(...args))};
      e.thread = '/ack';
    });
    const form = part(el, 'composer');
    await type(form, {body: 'Precious words', author: 'Ada'});
    submit(form);
    await until(async () => (await stored()).some(([k]) => (k as string[])[0] === 'outbox'), 2000, 'outbox entry');
    const held = await stored();
    expect(held.map(([k]) => (k as string[])[0])).to.deep.equal(['outbox']);
    expect(JSON.stringify(held)).to.contain('Precious words');
    release();
    const {detail} = await next<{comment: {id: string}}>(el, 'natter-posted');
    // What stays is the comment's owner token with the text as sent, which Edit starts from (a list carries only its
    // tree): no draft or outbox entry.
    await until(async () => (await stored()).every(([k]) => (k as string[])[0] === 'own'), 2000, 'outbox settled');
    const left = await stored();
    expect(left.map(([k]) => (k as string[])[2])).to.deep.equal([detail.comment.id]);
    expect((left[0][1] as string[])[0]).to.equal(detail.comment.id);
    expect((left[0][1] as string[])[2]).to.equal('Precious words');
  });

  describe('when the server refuses a comment', () => {
    it('puts the text back in its form with the server\'s message, and keeps the draft', async () => {
      const inner = createMemoryAdapter();
      const el = await mountThread((e) => {
        e.adapter = {...inner, post: async () => {
          throw new AdapterError('Your comment is longer than 10,000 characters.', {status: 400, code: 'invalid_body'});
        }};
        e.thread = '/refused';
      });
      const form = part(el, 'composer');
      await type(form, {body: 'Too long, says the server', author: 'Ada'});
      const failed = next<{action: string; error: AdapterError}>(el, 'natter-error');
      submit(form);
      const {detail} = await failed;
      expect(detail.action).to.equal('post');
      expect(detail.error.status).to.equal(400);
      await el.updateComplete;
      expect(part<HTMLTextAreaElement>(el, 'textarea').value).to.equal('Too long, says the server');
      expect(part(el, 'error').textContent).to.contain('Your comment is longer than 10,000 characters.');
      expect(parts(el, 'comment')).to.have.length(0);
      await until(async () => (await storedDrafts()).length === 1, 2000, 'draft kept');
      expect((await stored()).length).to.equal(1);
    });
  });

  describe('remember me', () => {
    it('fills in name, email and website in a later page when chosen', async () => {
      const el = await mountThread((e) => {
        e.setAttribute('adapter', 'memory');
        e.thread = '/remember';
      });
      const form = part(el, 'composer');
      await type(form, {body: 'Hi', author: 'Ada', email: 'ada@example.com', website: 'https://ada.example'});
      form.querySelector<HTMLInputElement>('[name=remember]')!.click();
      submit(form);
      await next(el, 'natter-posted');
      el.remove();
      const again = await mountThread((e) => {
        e.setAttribute('adapter', 'memory');
        e.thread = '/remember-2';
      });
      const f = part(again, 'composer');
      expect(f.querySelector<HTMLInputElement>('[name=author]')!.value).to.equal('Ada');
      expect(f.querySelector<HTMLInputElement>('[name=email]')!.value).to.equal('ada@example.com');
      expect(f.querySelector<HTMLInputElement>('[name=remember]')!.checked).to.be.true;
    });
  });
});

describe('storage without IndexedDB', () => {
  it('opens quietly and keeps nothing, so the widget still works for the visit', async () => {
    const real = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB')!;
    Object.defineProperty(globalThis, 'indexedDB', {configurable: true, get() {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    }});
    try {
      const kv = await openKv('natter-private-mode');
      await saveDraft(kv, 'memory', {thread: '/p', parent: '', body: 'not kept', author: '', email: '', website: ''});
      expect(await loadDrafts(kv, 'memory', '/p')).to.deep.equal([]);
    } finally {
      Object.defineProperty(globalThis, 'indexedDB', real);
    }
  });
});
