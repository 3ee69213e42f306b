// Links to one comment: each time links to #natter-comment-ID; such a URL on a cold load brings in the page holding
// the comment, scrolls to it through the shadow root and highlights it; a later hashchange does the same.
import {expect} from '@open-wc/testing';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import type {ThreadElement} from '../../src/elements/thread-element.js';
import {bodies, cleanup, clearStorage, mountThread, parts, seedComment, until} from './helpers.js';

const article = (el: ThreadElement, id: string) => el.shadowRoot!.querySelector<HTMLElement>(`article[data-id="${id}"]`);
const highlighted = (el: ThreadElement) => parts(el, 'highlight').map((a) => a.dataset.id);
const inView = (node: Element) => {
  const {top, bottom} = node.getBoundingClientRect();
  return top >= 0 && bottom <= innerHeight;
};

describe('<natter-thread> permalinks', () => {
  let spacer: HTMLElement;
  beforeEach(async () => {
    localStorage.clear();
    await clearStorage();
    // The thread sits far below the fold, as under a long post.
    spacer = document.body.appendChild(Object.assign(document.createElement('div'), {style: 'height: 3000px'}));
    scrollTo(0, 0);
  });
  afterEach(() => {
    cleanup();
    spacer.remove();
    history.replaceState(null, '', location.pathname + location.search);
  });

  const mount = () =>
    mountThread((e) => {
      e.adapter = createMemoryAdapter({id: `perma-${Math.random()}`, seed: Array.from({length: 6}, (_, i) => seedComment(`c${i + 1}`, {createdAt: new Date(1e12 + i * 1e6).toISOString()}))});
      e.thread = '/t';
      e.pageSize = 2;
    });

  it("links each comment's time to #natter-comment-ID", async () => {
    const el = await mount();
    const links = parts<HTMLAnchorElement>(el, 'permalink');
    expect(links.map((a) => new URL(a.href).hash)).to.deep.equal(['#natter-comment-c1', '#natter-comment-c2']);
    expect(links[0].querySelector('time')).to.not.equal(null);
  });

  it('opens a comment on the third page from a cold load: listed, scrolled into view, highlighted', async () => {
    history.replaceState(null, '', '#natter-comment-c5');
    const el = await mount();
    await until(() => highlighted(el).length, 4000, 'the highlight');
    expect(highlighted(el)).to.deep.equal(['c5']);
    expect(bodies(el)).to.include('Body c5');
    await until(() => inView(article(el, 'c5')!), 2000, 'the comment in view');
    expect(scrollY, 'the page scrolled down to it').to.be.greaterThan(2000);
  });

  it('follows a later hashchange, the highlight moving to the comment named', async () => {
    const el = await mount();
    expect(highlighted(el)).to.deep.equal([]);
    location.hash = '#natter-comment-c6';
    await until(() => highlighted(el)[0] === 'c6', 4000, 'the highlight on c6');
    await until(() => inView(article(el, 'c6')!), 2000, 'c6 in view');
    // Its own permalink, clicked, does the same.
    parts<HTMLAnchorElement>(el, 'permalink')[0].click();
    await until(() => highlighted(el)[0] === 'c1', 4000, 'the highlight on c1');
    expect(highlighted(el)).to.deep.equal(['c1']);
  });

  it('stops after the last page for a comment the thread does not have, highlighting nothing', async () => {
    history.replaceState(null, '', '#natter-comment-nowhere');
    const el = await mount();
    await until(() => bodies(el).length === 6 && !el.loading, 4000, 'every page');
    await new Promise((r) => setTimeout(r, 100));
    expect(highlighted(el)).to.deep.equal([]);
    expect(parts(el, 'load-more-button')).to.have.length(0);
  });

  it('stops listing pages once the element leaves the page', async () => {
    history.replaceState(null, '', '#natter-comment-c6');
    const inner = createMemoryAdapter({id: `perma-slow-${Math.random()}`, seed: Array.from({length: 6}, (_, i) => seedComment(`c${i + 1}`, {createdAt: new Date(1e12 + i * 1e6).toISOString()}))});
    let lists = 0;
    const slow = {...inner, list: async (...args: Parameters<typeof inner.list>) => (lists++, await new Promise((r) => setTimeout(r, 80)), inner.list(...args))};
    const el = await mountThread((e) => ((e.adapter = slow), (e.thread = '/t'), (e.pageSize = 2)));
    el.remove();
    const asked = lists;
    // No freeze (this timer runs), and no more pages asked for.
    await new Promise((r) => setTimeout(r, 400));
    expect(lists - asked).to.be.at.most(1);
    expect(el.list.comments.size).to.be.lessThan(6);
  });
});
