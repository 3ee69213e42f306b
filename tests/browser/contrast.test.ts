// Issue 11: the page's own colours, measured (src/write/colours.ts). Muted text (times, hints, quotes, the per-comment
// buttons) reads at 4.5:1 or more on what lies behind the widget, the accent is the page's own link colour where that
// reads at 4.5:1, and the Post button's label reads on the accent. Each measured in the browser: the computed colour
// laid over the page's background on a canvas, then WCAG's ratio.
import {expect} from '@open-wc/testing';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import type {ThreadElement} from '../../src/elements/thread-element.js';
import {cleanup, clearStorage, mountThread, part, seedComment, until} from './helpers.js';

/** What the eye gets: `layers` painted one over the other, the first at the bottom, as sRGB bytes. */
function seen(...layers: string[]): number[] {
  const ctx = document.createElement('canvas').getContext('2d')!;
  for (const c of layers) (ctx.fillStyle = c), ctx.fillRect(0, 0, 1, 1);
  return [...ctx.getImageData(0, 0, 1, 1).data].slice(0, 3);
}
const luminance = (c: number[]) => c.reduce((sum, v, i) => sum + [0.2126, 0.7152, 0.0722][i]! * ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4), 0);
const ratio = (a: number[], b: number[]) => (Math.max(luminance(a), luminance(b)) + 0.05) / (Math.min(luminance(a), luminance(b)) + 0.05);

let sheet: HTMLStyleElement | undefined;
/** The host page's own CSS, and a paragraph of the post with a link in it, as a blog's page has. */
function pageStyles(css: string) {
  sheet ??= document.head.appendChild(document.createElement('style'));
  sheet.textContent = css;
  if (!document.querySelector('#post')) document.body.insertAdjacentHTML('afterbegin', '<p id="post">The post, with <a href="#more">a link</a>.</p>');
}
/** The system's link colour, as a page in this colour scheme gets it. */
function linkText() {
  const probe = document.body.appendChild(document.createElement('i'));
  probe.style.color = 'LinkText';
  const value = colour(probe);
  probe.remove();
  return value;
}

async function mount(name: string) {
  const el = await mountThread((e) => {
    e.adapter = createMemoryAdapter({
      id: `contrast-${name}-${Math.random()}`,
      seed: [seedComment('c1', {body: '> A quote, in muted text\n\nAnd an answer, with [a link](https://example.com/).', website: 'https://example.org/'})],
    });
    e.thread = '/t';
  });
  // The form open, so its hint shows too.
  part(el, 'composer').querySelector('textarea')!.focus();
  await el.updateComplete;
  return el;
}

const q = (el: ThreadElement, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector)!;
/** The muted text: a time, a quote, the form's hint and a Reply button. */
const muted = (el: ThreadElement) => ['time', 'blockquote', '.hint', '[part~="reply-button"]'].map((s) => q(el, s));
const colour = (node: Element, key: 'color' | 'backgroundColor' = 'color') => getComputedStyle(node)[key];

/** Every muted text, the links and the Post button read at 4.5:1 or more on `background`. */
function expectReadable(el: ThreadElement, background: string) {
  const bg = seen(background);
  for (const node of muted(el)) {
    expect(node.checkVisibility(), `${node.localName} shows`).to.equal(true);
    expect(ratio(seen(background, colour(node)), bg), `${node.localName}: ${colour(node)} on ${background}`).to.be.at.least(4.5);
  }
  for (const link of [q(el, '[part~="author"]'), q(el, '[part~="body"] a')]) {
    expect(link.localName).to.equal('a');
    expect(ratio(seen(background, colour(link)), bg), `a link: ${colour(link)} on ${background}`).to.be.at.least(4.5);
  }
  const post = q(el, '[type=submit]');
  const face = seen(background, colour(post, 'backgroundColor'));
  expect(ratio(seen(background, colour(post, 'backgroundColor'), colour(post)), face), `Post: ${colour(post)} on ${colour(post, 'backgroundColor')}`).to.be.at.least(4.5);
}

describe('<natter-thread> colours measured from the page', () => {
  beforeEach(clearStorage);
  afterEach(() => {
    cleanup();
    document.body.removeAttribute('style');
    document.documentElement.removeAttribute('class');
    sheet?.remove();
    sheet = undefined;
    document.querySelector('#post')?.remove();
  });

  const PAGES = {
    light: {background: '#ffffff', color: '#222222'},
    dark: {background: '#111111', color: '#eeeeee'},
    cream: {background: '#fdf6e3', color: '#333333'},
    // The page's own text just reads (4.54:1): 70% of it would not.
    'low-contrast': {background: '#ffffff', color: '#767676'},
    'grey on cream': {background: '#fdf6e3', color: '#6b6b6b'},
  };
  for (const [name, page] of Object.entries(PAGES)) {
    it(`reads at 4.5:1 or more on a ${name} page (${page.color} on ${page.background}), muted where it can be`, async () => {
      Object.assign(document.body.style, page);
      const el = await mount(name);
      expectReadable(el, page.background);
      // Muted, where the page's text leaves room for it: not the text colour itself.
      if (ratio(seen(page.color), seen(page.background)) >= 7) expect(seen(page.background, colour(muted(el)[0]!))).to.not.deep.equal(seen(page.color));
    });
  }

  it("takes the page's own link colour for the accent: the links, the focus ring and the Post button", async () => {
    pageStyles('body { background: #fff; color: #222 } a { color: #0b6e4f }');
    const el = await mount('link');
    expect(seen(colour(q(el, '[part~="body"] a')))).to.deep.equal(seen('#0b6e4f'));
    expect(seen(colour(q(el, '[type=submit]'), 'backgroundColor'))).to.deep.equal(seen('#0b6e4f'));
    expectReadable(el, '#ffffff');
  });

  it('keeps to the text colour where the page\'s link colour would not read (yellow links on white)', async () => {
    pageStyles('body { background: #fff; color: #222 } a { color: #ffd700 }');
    const el = await mount('yellow');
    expect(seen(colour(q(el, '[part~="body"] a')))).to.deep.equal(seen('#222'));
    expectReadable(el, '#ffffff');
  });

  it('reads on a dark page that declares no colour scheme, its light links included, the Post label too', async () => {
    pageStyles('body { background: #121212; color: #ddd } a { color: #8ab4f8 }');
    const el = await mount('dark-links');
    expect(seen(colour(q(el, '[part~="body"] a')))).to.deep.equal(seen('#8ab4f8'));
    expectReadable(el, '#121212');
  });

  it('measures through translucent backgrounds, as they are seen', async () => {
    pageStyles('html { background: #fdf6e3 } body { background: rgb(0 0 0 / 0.06); color: #555 } a { color: #268bd2 }');
    const el = await mount('translucent');
    const behind = seen('#fdf6e3', 'rgb(0 0 0 / 0.06)');
    expectReadable(el, `rgb(${behind})`);
  });

  // A fade's colours, halfway through, are neither theme's: measured again a second later, they are the new one's.
  for (const fade of ['', 'transition: background-color .4s, color .4s;']) {
    it(`measures again when the page switches theme (a class on <html>)${fade ? ', fading in with a transition' : ''}`, async () => {
      pageStyles(`body { background: #fff; color: #333; ${fade} } a { color: #1a5fb4; ${fade} } html.dark body { background: #1e1e1e; color: #bbb } html.dark a { color: #99c1f1 }`);
      const el = await mount(`switch${fade.length}`);
      // Mounted while the page's own colours fade in (this page's styles came in just now): measured again after it.
      await until(() => seen(colour(q(el, '[part~="body"] a'))).join() === seen('#1a5fb4').join(), 4000, "the light theme's link colour");
      expectReadable(el, '#ffffff');
      document.documentElement.className = 'dark';
      await until(() => seen(colour(q(el, '[part~="body"] a'))).join() === seen('#99c1f1').join(), 4000, "the dark theme's link colour");
      expectReadable(el, '#1e1e1e');
    });
  }

  it('lets the page set its own: --natter-muted-color and --natter-accent-color win', async () => {
    pageStyles('body { background: #fff; color: #222 } a { color: #0b6e4f } natter-thread { --natter-muted-color: #444; --natter-accent-color: #6a1b9a }');
    const el = await mount('own');
    expect(seen(colour(q(el, 'time')))).to.deep.equal(seen('#444'));
    expect(seen(colour(q(el, '[part~="body"] a')))).to.deep.equal(seen('#6a1b9a'));
  });

  it("keeps CSS's defaults behind a gradient, which can't be measured: not the page's link colour", async () => {
    pageStyles('body { background: linear-gradient(#fff, #eee); color: #222 } a { color: #ffd700 }');
    const el = await mount('gradient');
    expect(seen(colour(q(el, '[part~="body"] a')))).to.deep.equal(seen(linkText()));
    expect(seen(colour(q(el, '[part~="body"] a')))).to.not.deep.equal(seen('#ffd700'));
  });

  it('adds one sheet of colours, however often the element moves in the page, and none once it has gone', async () => {
    pageStyles('body { background: #fdf6e3; color: #333 }');
    const el = await mount('moves');
    const sheets = el.shadowRoot!.adoptedStyleSheets.length;
    for (let i = 0; i < 5; i++) document.body.append(el);
    expect(el.shadowRoot!.adoptedStyleSheets.length).to.equal(sheets);
    expectReadable(el, '#fdf6e3');
    el.remove();
    expect(el.shadowRoot!.adoptedStyleSheets.length).to.equal(sheets - 1);
  });

  it("adds nothing to the page's own DOM while it measures, so the page's observers see no change", async () => {
    pageStyles('body { background: #fff; color: #333 } html.dark body { background: #1e1e1e; color: #bbb }');
    const el = await mount('quiet');
    const seenByPage: MutationRecord[] = [];
    const watch = new MutationObserver((records) => seenByPage.push(...records));
    watch.observe(document, {subtree: true, childList: true, attributes: true});
    document.documentElement.className = 'dark';
    await until(() => seen(colour(q(el, 'time'))).join() !== seen('#333').join() && ratio(seen('#1e1e1e', colour(q(el, 'time'))), seen('#1e1e1e')) >= 4.5, 4000, 'the dark colours');
    await new Promise((r) => setTimeout(r, 1200));
    watch.disconnect();
    expect(seenByPage.map((r) => `${r.type} ${r.attributeName ?? ''} on ${(r.target as Element).localName}`)).to.deep.equal(['attributes class on html']);
  });

  it("takes the last link before the widget, in a paragraph where there is one, else any: not a menu's, not the light DOM's", async () => {
    pageStyles('body { background: #fff; color: #222 } nav a { color: #8a1c7c } p a { color: #0b6e4f } li a { color: #1a5fb4 }');
    document.body.insertAdjacentHTML('afterbegin', '<nav id="menu"><a href="/">Home</a></nav>');
    const el = await mount('which-link');
    expect(seen(colour(q(el, '[part~="body"] a')))).to.deep.equal(seen('#0b6e4f'));
    cleanup();
    document.querySelector('#post')!.outerHTML = '<ul id="links"><li><a href="/next">Next post</a></li></ul>';
    const again = await mount('list-link');
    expect(seen(colour(q(again, '[part~="body"] a')))).to.deep.equal(seen('#1a5fb4'));
    document.querySelector('#menu')?.remove();
    document.querySelector('#links')?.remove();
  });

  it("keeps its own defaults where nothing is measured, whatever the page's custom properties of the same short names", async () => {
    pageStyles(':root { --mp: 3rem; --pa: 2rem; --s: 1rem } body { background: linear-gradient(#fff, #eee); color: #222 }');
    const el = await mount('leak');
    expect(seen(colour(q(el, '[part~="body"] a')))).to.deep.equal(seen(linkText()));
    const post = q(el, '[type=submit]');
    expect(ratio(seen('#fff', colour(post, 'backgroundColor'), colour(post)), seen('#fff', colour(post, 'backgroundColor'))), 'the Post label on its face').to.be.at.least(4.5);
    expect(ratio(seen('#fff', colour(q(el, 'time'))), seen('#fff')), 'a time on white').to.be.at.least(4.5);
  });
});
