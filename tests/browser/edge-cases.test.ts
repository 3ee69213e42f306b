import {expect} from '@open-wc/testing';
import {createStore, entries} from 'idb-keyval';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import {bodies, cleanup, clearStorage, mountThread, next, part, parts, seedComment, submit, type, until} from './helpers.js';

const seeded = () =>
  createMemoryAdapter({seed: [seedComment('1', {author: 'Ada'}), seedComment('2', {body: '1. first\n2. second\n\n```\n' + 'x'.repeat(400) + '\n```'})]});

describe('<natter-thread> with values a page or adapter gets wrong', () => {
  beforeEach(async () => {
    localStorage.clear();
    await clearStorage();
  });
  afterEach(() => {
    cleanup();
    document.documentElement.lang = 'en';
  });

  for (const lang of ['en_US', '__proto__', 'x']) {
    it(`shows the comments on a page with lang="${lang}"`, async () => {
      document.documentElement.lang = lang;
      const el = await mountThread((e) => {
        e.adapter = seeded();
        e.thread = '/t';
      });
      expect(part(el, 'heading').textContent).to.equal('2 comments');
      expect(bodies(el)[0]).to.equal('Body 1');
      expect(parts(el, 'time')[0].textContent).to.equal('1 hour ago');
    });
  }

  it('follows a later change of the page\'s lang', async () => {
    const el = await mountThread((e) => {
      e.adapter = seeded();
      e.thread = '/t';
    });
    document.documentElement.lang = 'de';
    await until(() => parts(el, 'time')[0].textContent === 'vor 1 Stunde', 2000, 'German relative time');
  });

  it('shows every body in two threads whose adapter hands both the same comment objects', async () => {
    const same = [seedComment('1', {body: 'One *body*'}), seedComment('2', {body: 'Two'})];
    const adapter = {id: 'shared-objects', list: async () => ({comments: same, next: null, total: 2}), post: () => Promise.reject(new Error('read-only'))};
    const a = await mountThread((e) => {
      e.adapter = adapter;
      e.thread = '/t';
    });
    const b = await mountThread((e) => {
      e.adapter = adapter;
      e.thread = '/t';
    });
    a.requestUpdate();
    await a.updateComplete;
    expect(bodies(a)).to.deep.equal(['One body', 'Two']);
    expect(bodies(b)).to.deep.equal(['One body', 'Two']);
  });

  it('shows every comment when one has an invalid createdAt', async () => {
    const el = await mountThread((e) => {
      e.adapter = createMemoryAdapter({seed: [seedComment('1', {createdAt: 'yesterday-ish'}), seedComment('2')]});
      e.thread = '/t';
    });
    expect(bodies(el)).to.deep.equal(['Body 1', 'Body 2']);
    expect(parts(el, 'time').filter((t) => t.checkVisibility()), 'no time shown for the invalid one').to.have.length(1);
  });

  it('shows the configuration hint, not an adapter error, without endpoint or adapter', async () => {
    const warn = console.warn;
    console.warn = () => {};
    try {
      const el = document.createElement('natter-thread');
      document.body.append(el);
      await until(() => parts(el, 'error').length, 2000, 'hint');
      expect(part(el, 'error').textContent).to.contain('set endpoint="https://…" or adapter="memory"');
      expect(parts(el, 'retry-button')).to.have.length(0);
    } finally {
      console.warn = warn;
    }
  });
});

describe('<natter-thread> Markdown in comments', () => {
  afterEach(cleanup);

  it('styles a numbered list in a comment as a list, not as a reply branch', async () => {
    const el = await mountThread((e) => {
      e.adapter = seeded();
      e.thread = '/t';
    });
    const list = parts(el, 'body')[1].querySelector('ol')!;
    expect(getComputedStyle(list).borderInlineStartWidth).to.equal('0px');
    expect(getComputedStyle(list).listStyleType).to.equal('decimal');
  });

  it('lets a keyboard reach a code block that scrolls sideways', async () => {
    const el = await mountThread((e) => {
      e.adapter = seeded();
      e.thread = '/t';
    });
    const pre = parts(el, 'body')[1].querySelector('pre')!;
    expect(pre.scrollWidth).to.be.greaterThan(pre.clientWidth);
    expect(pre.tabIndex).to.equal(0);
    await expect(el).to.be.accessible();
  });
});

describe('<natter-thread> after posting', () => {
  beforeEach(async () => {
    localStorage.clear();
    await clearStorage();
  });
  afterEach(cleanup);

  it('moves focus to a posted reply and says it was posted', async () => {
    const el = await mountThread((e) => {
      e.adapter = seeded();
      e.thread = '/t';
    });
    parts(el, 'reply-button')[0].click();
    await until(() => parts(el, 'composer').length === 2, 2000, 'reply form');
    await type(parts(el, 'composer')[1], {body: 'My reply', author: 'Bo'});
    submit(parts(el, 'composer')[1]);
    await next(el, 'natter-posted');
    await el.updateComplete;
    const focused = el.shadowRoot!.activeElement as HTMLElement;
    expect(focused?.getAttribute('part')).to.equal('comment');
    expect(focused.querySelector('[part~="body"]')!.textContent!.trim()).to.equal('My reply');
    expect(part(el, 'status').textContent).to.equal('Your comment was posted.');
  });

  it('after posting from the top form, shows the confirmation and brings the comment into view with focus', async () => {
    const many = Array.from({length: 30}, (_, i) => seedComment(String(i + 1), {body: `Long comment ${i}\n\n${'words '.repeat(80)}`}));
    const el = await mountThread((e) => {
      e.adapter = createMemoryAdapter({seed: many});
      e.thread = '/t';
    });
    scrollTo(0, 0);
    await type(part(el, 'composer'), {body: 'Mine, at the end', author: 'Ada'});
    submit(part(el, 'composer'));
    await next(el, 'natter-posted');
    await el.updateComplete;
    const status = part(el, 'status');
    expect(status.textContent).to.equal('Your comment was posted.');
    expect(status.getBoundingClientRect().height).to.be.greaterThan(0);
    const mine = el.shadowRoot!.activeElement as HTMLElement;
    expect(mine.querySelector('[part~="body"]')!.textContent!.trim()).to.equal('Mine, at the end');
    const box = mine.getBoundingClientRect();
    expect(box.top).to.be.greaterThanOrEqual(0);
    expect(box.top).to.be.lessThan(innerHeight);
  });

  it('without "remember me", keeps the email out of storage and out of the next page\'s form', async () => {
    const el = await mountThread((e) => {
      e.adapter = seeded();
      e.thread = '/t';
    });
    await type(part(el, 'composer'), {body: 'Hello', author: 'Ada', email: 'ada@example.com'});
    submit(part(el, 'composer'));
    await next(el, 'natter-posted');
    await type(part(el, 'composer'), {body: 'A second thought'});
    dispatchEvent(new PageTransitionEvent('pagehide'));
    await until(async () => (await entries(createStore('natter', 'kv'))).some(([k]) => (k as string[])[0] === 'draft'), 2000, 'draft saved');
    expect(JSON.stringify(await entries(createStore('natter', 'kv')))).not.to.contain('ada@example.com');
    expect(JSON.stringify(localStorage)).not.to.contain('ada@example.com');
    el.remove();
    const again = await mountThread((e) => {
      e.adapter = seeded();
      e.thread = '/t';
    });
    const form = part(again, 'composer');
    expect(form.querySelector<HTMLTextAreaElement>('textarea')!.value).to.equal('A second thought');
    expect(form.querySelector<HTMLInputElement>('[name=email]')!.value).to.equal('');
  });
});
