// Issue 11: optional initials avatars (`avatars`), made in the page: no image, no request to anyone.
import {expect} from '@open-wc/testing';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import type {ThreadElement} from '../../src/elements/thread-element.js';
import {cleanup, clearStorage, mountThread, parts, seedComment} from './helpers.js';

const NAMES = ['Ada Lovelace', 'grace', 'Jean-Luc Picard', '山田太郎', 'Émile Zola', '42', '<img src=x onerror=alert(1)>', 'Ada Lovelace', 'अमित शर्मा', 'مُحَمَّد', 'Rene\u0301e Roux'];

const mount = (avatars: boolean) =>
  mountThread((e) => {
    e.adapter = createMemoryAdapter({id: `avatars-${Math.random()}`, seed: NAMES.map((author, i) => seedComment(`c${i}`, {author}))});
    e.thread = '/t';
    e.toggleAttribute('avatars', avatars);
  });

/** A comment's avatar, by the comment's index. */
const avatar = (el: ThreadElement, i: number) => parts(el, 'comment')[i]!.querySelector<HTMLElement>('[part~="avatar"]');

/** sRGB bytes of a computed colour, painted on a canvas. */
function bytes(colour: string): number[] {
  const ctx = document.createElement('canvas').getContext('2d')!;
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, 1, 1);
  return [...ctx.getImageData(0, 0, 1, 1).data].slice(0, 3);
}
const luminance = (c: number[]) => c.reduce((sum, v, i) => sum + [0.2126, 0.7152, 0.0722][i]! * ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4), 0);
const ratio = (a: number[], b: number[]) => (Math.max(luminance(a), luminance(b)) + 0.05) / (Math.min(luminance(a), luminance(b)) + 0.05);

describe('<natter-thread avatars>', () => {
  beforeEach(clearStorage);
  afterEach(cleanup);

  it('shows none unless asked', async () => {
    const el = await mount(false);
    expect(el.shadowRoot!.querySelectorAll('[part~="avatar"]').length).to.equal(0);
  });

  it("shows each author's initials, first and last word, in any script, before the name", async () => {
    const el = await mount(true);
    // A letter keeps its marks: Devanagari's vowel signs, Arabic's harakat, a decomposed accent.
    expect(NAMES.map((_, i) => avatar(el, i)?.textContent)).to.deep.equal(['AL', 'G', 'JP', '山', 'ÉZ', '', 'IA', 'AL', 'अश', 'مُ', 'RR']);
    const first = avatar(el, 0)!;
    const name = parts(el, 'author')[0]!;
    expect(first.getBoundingClientRect().right, 'left of the name').to.be.at.most(name.getBoundingClientRect().left);
    // The name beside it says who it is: the avatar is decoration.
    expect(first.getAttribute('aria-hidden')).to.equal('true');
  });

  it('gives a name the same colour every time, different names different colours, its letters readable on it', async () => {
    const el = await mount(true);
    const background = (i: number) => getComputedStyle(avatar(el, i)!).backgroundColor;
    expect(background(7)).to.equal(background(0));
    expect(new Set([0, 1, 2, 3, 4].map(background)).size).to.equal(5);
    for (const i of [0, 1, 2, 3, 4, 6]) {
      const style = getComputedStyle(avatar(el, i)!);
      expect(ratio(bytes(style.color), bytes(style.backgroundColor)), `${NAMES[i]}: ${style.color} on ${style.backgroundColor}`).to.be.at.least(4.5);
    }
  });

  it('makes them in the page: no image, no request, a hostile name only as text', async () => {
    const before = performance.getEntriesByType('resource').length;
    const el = await mount(true);
    for (const i of NAMES.keys()) expect(avatar(el, i)!.children.length).to.equal(0);
    expect(el.shadowRoot!.querySelectorAll('img').length).to.equal(0);
    expect(performance.getEntriesByType('resource').slice(before).map((e) => e.name)).to.deep.equal([]);
  });

  it('follows the attribute after mount, and passes an axe check with them shown', async () => {
    const el = await mount(false);
    el.setAttribute('avatars', '');
    await el.updateComplete;
    expect(avatar(el, 0)?.textContent).to.equal('AL');
    await expect(el).to.be.accessible();
    el.removeAttribute('avatars');
    await el.updateComplete;
    expect(avatar(el, 0)).to.equal(null);
  });
});
