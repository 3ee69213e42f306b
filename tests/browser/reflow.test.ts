// WCAG 1.4.10 Reflow: at 320 CSS px wide nothing scrolls sideways but code blocks, checked through scrollWidth, with
// a deep thread, long words and URLs, a code block and a reply form open.
import {expect} from '@open-wc/testing';
import {setViewport} from '@web/test-runner-commands';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import type {Comment} from '../../src/adapters/adapter.js';
import {cleanup, clearStorage, mountThread, part, parts, seedComment} from './helpers.js';

const long = 'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(3);
const url = `https://example.com/${'a-very-long-path-segment/'.repeat(8)}`;

describe('<natter-thread> at 320 CSS px', () => {
  before(() => setViewport({width: 320, height: 640}));
  after(() => setViewport({width: 800, height: 600}));
  beforeEach(clearStorage);
  afterEach(cleanup);

  it('scrolls nothing sideways but its code blocks, a deep thread, long words and a reply form included', async () => {
    // A chain of 5 replies (all a page shows of a branch), deeper than the nesting shown (max-depth 5).
    const seed: Comment[] = [seedComment('0', {author: long, website: url, body: `${long} ${url}\n\n\`\`\`\nconst wide = "${'x'.repeat(200)}";\n\`\`\``})];
    for (let i = 1; i < 6; i++) seed.push(seedComment(String(i), {parent: String(i - 1), author: `Reader ${i}`, body: `Reply ${i}: ${long} [a link](${url})`}));
    const el = await mountThread((e) => {
      e.adapter = createMemoryAdapter({seed});
      e.thread = '/t';
    });
    expect(parts(el, 'comment')).to.have.length(6);
    // A reply form open under the deepest nested comment.
    parts(el, 'reply-button').at(4)!.click();
    await el.updateComplete;
    expect(parts(el, 'composer')).to.have.length(2);

    const root = el.shadowRoot!;
    const past = [...root.querySelectorAll<HTMLElement>('*'), el]
      .filter((n) => !n.parentElement?.closest('pre') && n.getBoundingClientRect().right > 320 + 0.5)
      .map((n) => `${n.localName}[part=${n.getAttribute('part')}] ends at ${Math.round(n.getBoundingClientRect().right)}`);
    expect(past, 'nothing past the right edge').to.deep.equal([]);
    expect(document.documentElement.scrollWidth, 'the page').to.be.at.most(320);
    const wide = [...root.querySelectorAll<HTMLElement>('*')]
      .filter((n) => !n.closest('pre') && n.scrollWidth > n.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(n).overflowX))
      .map((n) => `${n.localName}[part=${n.getAttribute('part')}] ${n.scrollWidth}/${n.clientWidth}`);
    expect(wide, 'boxes that scroll sideways, code blocks aside').to.deep.equal([]);
    // The code block scrolls, inside the screen, and can be scrolled from the keyboard.
    const pre = root.querySelector('pre')!;
    expect(pre.scrollWidth).to.be.greaterThan(pre.clientWidth);
    expect(pre.getBoundingClientRect().right).to.be.at.most(320.5);
    expect(pre.tabIndex).to.equal(0);
    // The deepest comment keeps a readable width.
    const deepest = root.querySelector<HTMLElement>('article[data-id="5"] [part~="body"]')!;
    expect(deepest.getBoundingClientRect().width, 'the deepest body').to.be.at.least(200);
    expect(part(el, 'thread').getBoundingClientRect().width).to.be.at.most(320);
  });
});
