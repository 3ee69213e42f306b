import {expect} from '@open-wc/testing';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import {AdapterError, type Adapter} from '../../src/adapters/adapter.js';
import {ThreadElement} from '../../src/elements/thread-element.js';
import {bodies, cleanup, clearStorage, mountThread, next, part, parts, seedComment, submit, type, until} from './helpers.js';

const seeded = (moderate = false) =>
  createMemoryAdapter({
    moderate,
    seed: [
      seedComment('1', {author: 'Ada', website: 'https://ada.example'}),
      seedComment('2', {parent: '1', author: 'Grace'}),
      seedComment('3', {body: 'Second *top* comment'}),
    ],
  });

describe('<natter-thread>', () => {
  beforeEach(clearStorage);
  afterEach(cleanup);

  it('is defined', () => {
    expect(customElements.get('natter-thread')).to.equal(ThreadElement);
  });

  it('passes an axe accessibility check with comments and an open reply form', async () => {
    const el = await mountThread((e) => {
      e.adapter = seeded();
      e.thread = '/t';
    });
    part(el, 'reply-button').click();
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('shows the count as a plural heading, then the comments nested under their parents', async () => {
    const el = await mountThread((e) => {
      e.adapter = seeded();
      e.thread = '/t';
    });
    expect(part(el, 'heading').textContent).to.equal('3 comments');
    expect(bodies(el)).to.deep.equal(['Body 1', 'Body 2', 'Second top comment']);
    const reply = parts(el, 'comment')[1];
    expect(reply.closest('ol')!.closest('li')!.querySelector('[part~="comment"]')!.getAttribute('data-id')).to.equal('1');
    const firstBody = part(el, 'body');
    expect(firstBody.closest('article')!.getAttribute('data-id')).to.equal('1');
    expect(firstBody.closest('li')!.parentElement).to.equal(part(el, 'list'));
    expect(parts(el, 'body')[2].querySelector('em')!.textContent).to.equal('top');
  });

  it('says "1 comment" for a single comment', async () => {
    const el = await mountThread((e) => {
      e.adapter = createMemoryAdapter({seed: [seedComment('1')]});
      e.thread = '/t';
    });
    expect(part(el, 'heading').textContent).to.equal('1 comment');
  });

  it('links the author to their website with rel="nofollow ugc noopener", and shows a relative time with the absolute one', async () => {
    const el = await mountThread((e) => {
      e.adapter = seeded();
      e.thread = '/t';
    });
    const [ada, grace] = parts(el, 'author');
    expect(ada.localName).to.equal('a');
    expect(ada.getAttribute('href')).to.equal('https://ada.example');
    expect(ada.getAttribute('rel')).to.equal('nofollow ugc noopener');
    // Without a website the name is no link: an `<a>` without href (one element for both, which saves a part).
    expect([grace.localName, grace.hasAttribute('href'), grace.hasAttribute('rel')]).to.deep.equal(['a', false, false]);
    expect(grace.matches(':any-link')).to.equal(false);
    const time = part<HTMLTimeElement>(el, 'time');
    expect(time.dateTime).to.match(/^\d{4}-\d\d-\d\dT/);
    expect(time.textContent).to.equal('1 hour ago');
    expect(time.title).to.match(/\d{4}/);
  });

  it('shows the empty state for a thread with no comments', async () => {
    const el = await mountThread((e) => {
      e.setAttribute('adapter', 'memory');
      e.thread = '/empty';
    });
    expect(part(el, 'empty').textContent).to.contain('No comments yet');
    expect(part(el, 'heading').textContent).to.equal('0 comments');
  });

  it('shows a loading state until the first page arrives', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const inner = seeded();
    const slow: Adapter = {...inner, list: async (...args) => (await gate, inner.list(...args))};
    const el = await mountThread((e) => {
      e.adapter = slow;
      e.thread = '/t';
    }, {waitForLoad: false});
    await until(() => parts(el, 'loading').length, 2000, 'loading state');
    expect(el.hasAttribute('loading')).to.be.true;
    const loaded = next(el, 'natter-load');
    release();
    await loaded;
    await el.updateComplete;
    expect(parts(el, 'loading')).to.have.length(0);
    expect(el.hasAttribute('loading')).to.be.false;
  });

  describe('when loading fails', () => {
    it('shows the error with a Retry button that loads the thread', async () => {
      const inner = seeded();
      let fail = true;
      const flaky: Adapter = {...inner, list: async (...args) => {
        if (fail) throw new AdapterError('Could not reach the comments server.', {status: 0});
        return inner.list(...args);
      }};
      const errored = new Promise<CustomEvent>((resolve) => document.addEventListener('natter-error', (e) => resolve(e as CustomEvent), {once: true}));
      const el = await mountThread((e) => {
        e.adapter = flaky;
        e.thread = '/t';
      }, {waitForLoad: false});
      const event = await errored;
      expect(event.detail.action).to.equal('load');
      await el.updateComplete;
      expect(part(el, 'error').textContent).to.contain('Could not reach the comments server.');
      fail = false;
      const loaded = next(el, 'natter-load');
      part(el, 'retry-button').click();
      await loaded;
      await el.updateComplete;
      expect(parts(el, 'error')).to.have.length(0);
      expect(bodies(el)).to.have.length(3);
    });
  });

  describe('with more top-level comments than a page holds', () => {
    it('offers "Load more" and appends the next page', async () => {
      const seed = Array.from({length: 5}, (_, i) => seedComment(String(i + 1)));
      const el = await mountThread((e) => {
        e.adapter = createMemoryAdapter({seed});
        e.thread = '/t';
        e.pageSize = 2;
      });
      expect(bodies(el)).to.deep.equal(['Body 1', 'Body 2']);
      part(el, 'load-more-button').click();
      await next(el, 'natter-load');
      await el.updateComplete;
      expect(bodies(el)).to.deep.equal(['Body 1', 'Body 2', 'Body 3', 'Body 4']);
      part(el, 'load-more-button').click();
      await next(el, 'natter-load');
      await el.updateComplete;
      expect(bodies(el)).to.have.length(5);
      expect(parts(el, 'load-more-button')).to.have.length(0);
    });

    it('keeps the reader\'s new comment after the older pages that "Load more" brings in', async () => {
      const seed = Array.from({length: 3}, (_, i) => seedComment(String(i + 1)));
      const el = await mountThread((e) => {
        e.adapter = createMemoryAdapter({seed});
        e.thread = '/t';
        e.pageSize = 2;
      });
      const form = part(el, 'composer');
      await type(form, {body: 'Mine', author: 'Ada'});
      submit(form);
      await next(el, 'natter-posted');
      part(el, 'load-more-button').click();
      await next(el, 'natter-load');
      await el.updateComplete;
      expect(bodies(el)).to.deep.equal(['Body 1', 'Body 2', 'Body 3', 'Mine']);
    });

    it('lists newest first with order="newest"', async () => {
      const seed = Array.from({length: 3}, (_, i) => seedComment(String(i + 1)));
      const el = await mountThread((e) => {
        e.adapter = createMemoryAdapter({seed});
        e.thread = '/t';
        e.setAttribute('order', 'newest');
      });
      expect(bodies(el)).to.deep.equal(['Body 3', 'Body 2', 'Body 1']);
    });
  });

  describe('with replies deeper than max-depth', () => {
    it('shows them at the last level, saying whom they answer', async () => {
      const seed = [seedComment('1', {author: 'A1'})];
      for (let i = 2; i <= 6; i++) seed.push(seedComment(String(i), {parent: String(i - 1), author: `A${i}`}));
      const el = await mountThread((e) => {
        e.adapter = createMemoryAdapter({seed});
        e.thread = '/t';
        e.setAttribute('max-depth', '3');
      });
      const depth = (c: Element) => {
        let d = 0;
        for (let n = c.closest('ol'); n; n = n.parentElement!.closest('ol')) d++;
        return d;
      };
      const comments = parts(el, 'comment');
      expect(comments.map(depth)).to.deep.equal([1, 2, 3, 3, 3, 3]);
      expect(parts(el, 'in-reply-to').map((n) => n.textContent)).to.deep.equal(['in reply to A3', 'in reply to A4', 'in reply to A5']);
    });
  });

  describe('when a reader replies', () => {
    it('opens a form right under the comment, focused, and posts the reply under its parent', async () => {
      const el = await mountThread((e) => {
        e.adapter = seeded();
        e.thread = '/t';
      });
      parts(el, 'reply-button')[0].click();
      await el.updateComplete;
      await until(() => el.shadowRoot!.activeElement?.localName === 'textarea', 2000, 'focus');
      const form = parts(el, 'composer')[1];
      expect(form.closest('article')!.getAttribute('data-id')).to.equal('1');
      expect(form.getAttribute('aria-label')).to.equal('Reply to Ada');
      const posted = next<{comment: {parent: string; body: string}}>(el, 'natter-posted');
      await type(form, {body: 'A reply', author: 'Linus'});
      submit(form);
      const {detail} = await posted;
      expect(detail.comment.parent).to.equal('1');
      await el.updateComplete;
      const reply = parts(el, 'comment').find((c) => c.textContent!.includes('A reply'))!;
      expect(reply.parentElement!.parentElement!.closest('li')!.querySelector('[part~="comment"]')!.getAttribute('data-id')).to.equal('1');
      expect(parts(el, 'composer')).to.have.length(1);
      expect(part(el, 'heading').textContent).to.equal('4 comments');
    });

    it('closes the form on Cancel and gives focus back to the Reply button', async () => {
      const el = await mountThread((e) => {
        e.adapter = seeded();
        e.thread = '/t';
      });
      parts(el, 'reply-button')[0].click();
      await el.updateComplete;
      part(el, 'cancel-button').click();
      await el.updateComplete;
      expect(parts(el, 'composer')).to.have.length(1);
      await until(() => el.shadowRoot!.activeElement === parts(el, 'reply-button')[0], 2000, 'focus on the Reply button');
    });
  });

  describe('when posting', () => {
    it('fires a cancelable natter-post; cancelling keeps the text and sends nothing', async () => {
      const el = await mountThread((e) => {
        e.setAttribute('adapter', 'memory');
        e.thread = '/cancel';
      });
      el.addEventListener('natter-post', (e) => e.preventDefault(), {once: true});
      const form = part(el, 'composer');
      await type(form, {body: 'Kept', author: 'Ada'});
      submit(form);
      await el.updateComplete;
      expect(parts(el, 'comment')).to.have.length(0);
      expect(part<HTMLTextAreaElement>(el, 'textarea').value).to.equal('Kept');
    });

    it('shows the comment at once as "Sending…", then as a normal comment once acknowledged', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const inner = createMemoryAdapter();
      const slow: Adapter = {...inner, post: async (...args) => (await gate, inner.post(...args))};
      const el = await mountThread((e) => {
        e.adapter = slow;
        e.thread = '/slow';
      });
      const form = part(el, 'composer');
      await type(form, {body: 'On its way', author: 'Ada'});
      submit(form);
      await until(() => parts(el, 'note').some((n) => n.textContent === 'Sending…'), 2000, 'sending note');
      expect(bodies(el)).to.deep.equal(['On its way']);
      expect(part<HTMLTextAreaElement>(el, 'textarea').value).to.equal('');
      release();
      await next(el, 'natter-posted');
      await el.updateComplete;
      expect(parts(el, 'note')).to.have.length(0);
      expect(bodies(el)).to.deep.equal(['On its way']);
      expect(part(el, 'heading').textContent).to.equal('1 comment');
    });

    it('marks a comment the server holds as "Awaiting moderation"', async () => {
      const el = await mountThread((e) => {
        e.adapter = seeded(true);
        e.thread = '/t';
      });
      const form = part(el, 'composer');
      await type(form, {body: 'Please approve', author: 'Ada'});
      submit(form);
      const {detail} = await next<{comment: {status: string}}>(el, 'natter-posted');
      expect(detail.comment.status).to.equal('pending');
      await el.updateComplete;
      expect(parts(el, 'note').map((n) => n.textContent)).to.deep.equal(['Awaiting moderation']);
      const held = parts(el, 'comment').find((c) => c.textContent!.includes('Please approve'))!;
      expect(held.querySelector('[part~="reply-button"]'), 'no Reply under a held comment').to.equal(null);
      expect(part(el, 'heading').textContent).to.equal('3 comments');
    });

    it('asks for a name before sending, without losing the text', async () => {
      const el = await mountThread((e) => {
        e.setAttribute('adapter', 'memory');
        e.thread = '/noname';
      });
      const form = part(el, 'composer');
      await type(form, {body: 'No name yet'});
      submit(form);
      await el.updateComplete;
      expect(part(el, 'error').textContent).to.equal('Please give a name.');
      expect(part<HTMLTextAreaElement>(el, 'textarea').value).to.equal('No name yet');
    });
  });

  describe('without configuration', () => {
    it('warns once in the console, naming the fix', async () => {
      const warnings: string[] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
      try {
        const el = document.createElement('natter-thread');
        document.body.append(el);
        await el.updateComplete;
        expect(warnings).to.have.length(1);
        expect(warnings[0]).to.match(/^\[natter\] set endpoint=/);
      } finally {
        console.warn = warn;
      }
    });
  });
});
