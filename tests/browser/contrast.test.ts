// Issue 11: muted text (times, hints, quotes, the per-comment buttons) reads at 4.5:1 or more on a light, a dark and a cream host page, each
// measured in the browser: the computed colour laid over the page's background on a canvas, then WCAG's ratio.
import {expect} from '@open-wc/testing';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import {cleanup, clearStorage, mountThread, part, seedComment} from './helpers.js';

const PAGES = {
  light: {background: '#ffffff', color: '#222222'},
  dark: {background: '#111111', color: '#eeeeee'},
  cream: {background: '#fdf6e3', color: '#333333'},
};

/** What the eye gets: `colour` painted over `background`, as sRGB bytes. */
function seen(colour: string, background: string): number[] {
  const ctx = document.createElement('canvas').getContext('2d')!;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, 1, 1);
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, 1, 1);
  return [...ctx.getImageData(0, 0, 1, 1).data].slice(0, 3);
}
const luminance = (c: number[]) => c.reduce((sum, v, i) => sum + [0.2126, 0.7152, 0.0722][i]! * ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4), 0);
const ratio = (a: number[], b: number[]) => (Math.max(luminance(a), luminance(b)) + 0.05) / (Math.min(luminance(a), luminance(b)) + 0.05);

describe('<natter-thread> muted text contrast', () => {
  beforeEach(clearStorage);
  afterEach(() => {
    cleanup();
    document.body.removeAttribute('style');
  });

  for (const [name, page] of Object.entries(PAGES)) {
    it(`reads at 4.5:1 or more on a ${name} page (${page.color} on ${page.background})`, async () => {
      Object.assign(document.body.style, page);
      const el = await mountThread((e) => {
        e.adapter = createMemoryAdapter({id: `contrast-${name}`, seed: [seedComment('c1', {body: '> A quote, in muted text\n\nAnd an answer.'})]});
        e.thread = '/t';
      });
      part(el, 'composer').querySelector('textarea')!.focus();
      const root = el.shadowRoot!;
      const muted = [root.querySelector('time')!, root.querySelector('blockquote')!, root.querySelector('.hint')!, root.querySelector('[part~="reply-button"]')!];
      const bg = seen(page.background, page.background);
      for (const node of muted) {
        expect(node.checkVisibility(), `${node.localName} shows`).to.equal(true);
        const colour = getComputedStyle(node).color;
        const fg = seen(colour, page.background);
        expect(ratio(fg, bg), `${node.localName}: ${colour} on ${page.background}`).to.be.at.least(4.5);
      }
      // And it is muted: not the page's text colour itself.
      expect(seen(getComputedStyle(muted[0]!).color, page.background)).to.not.deep.equal(seen(page.color, page.background));
    });
  }
});
