import {html} from 'lit';

/**
 * An initials avatar (`avatars`): the first letters of a name's first and last words, in any script, on a colour the
 * name always gets (its hue from the name; oklch's lightness keeps white letters at about 7:1 on every hue). Made in
 * the page: no image, no request to anyone. Hidden from assistive technology, since the name beside it says who it is.
 */
export function avatar(name: string) {
  // A letter with its marks (Devanagari's vowel signs, Arabic's harakat), where no letter or mark comes before it.
  const letters = name.match(/(?<![\p{L}\p{M}])\p{L}\p{M}*/gu) ?? [];
  // The hue, a custom property the styles read (src/elements/thread-element.styles.ts), set as a property: no style
  // attribute, which a strict Content-Security-Policy blocks.
  return html`<span part="avatar" aria-hidden="true" .style=${`--h:${[...name].reduce((h, ch) => (h * 31 + ch.codePointAt(0)!) % 360, 0)}`} .textContent=${[letters[0], letters[1] && letters.at(-1)].join('').toUpperCase()}></span>`;
}
