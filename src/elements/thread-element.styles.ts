// Plain CSS text, which the shadow root adopts (adoptStyles in base-element.ts): lit's css tag is not in the bundle.

/**
 * Everything inherits the page's font and colours; every custom property has a fallback. Form styles load with the
 * write chunk; until the top form is in, its place is kept (about its height on a wide screen), so the comments
 * painted first move little when it arrives.
 */
export const threadStyles = `:host {
    display: block;
    --mp: 70%;
    --pa: LinkText;
    --s: Canvas;
    --m: var(--natter-muted-color, color-mix(in srgb, currentColor var(--mp), transparent));
    --b: var(--natter-border-color, color-mix(in srgb, currentColor 22%, transparent));
    --a: var(--natter-accent-color, var(--pa));
    --g: var(--natter-gap, 1rem);
    --r: var(--natter-radius, 6px);
  }
  :host([hidden]) { display: none; }
  :host([theme=light]), :host([theme=dark]) { color-scheme: light; color: CanvasText; background: Canvas; padding: var(--g); border-radius: var(--r); }
  :host([theme=dark]) { color-scheme: dark; }
  h2 { font-size: var(--natter-heading-size, 1.25em); margin: 0 0 var(--g); }
  ol { list-style: none; margin: 0; padding: 0; }
  .replies { margin-inline-start: var(--natter-indent, 1.25rem); padding-inline-start: var(--natter-indent-gap, .75rem); border-inline-start: 2px solid var(--b); }
  @media (max-width: 32em) { .replies .replies { margin-inline-start: 0; padding-inline-start: .5em; } }
  li { margin-block: var(--g); }
  article { overflow-wrap: anywhere; }
  header, .actions { display: flex; flex-wrap: wrap; gap: .25em .75em; align-items: baseline; }
  [part~=author] { font-weight: 600; }
  :any-link { color: var(--a); }
  [part~=permalink] { color: inherit; text-decoration: none; }
  [part~=highlight] { outline: 2px solid var(--a); outline-offset: .25em; border-radius: var(--r); }
  time, .note, [part~=owner-badge], .hint { color: var(--m); font-size: var(--natter-small-size, .875em); }
  [part~=owner-badge] { border: 1px solid var(--b); border-radius: var(--r); padding: 0 .4em; }
  [part~=avatar] { order: -1; display: inline-grid; place-items: center; inline-size: 2.2em; block-size: 2.2em; border-radius: 50%; background: oklch(45% .1 var(--h)); color: #fff; font-size: .8em; }
  blockquote { margin-inline: 0; padding-inline-start: .75em; border-inline-start: 3px solid var(--b); color: var(--m); }
  pre { overflow-x: auto; padding: .5em .75em; border-radius: var(--r); background: var(--natter-code-background, color-mix(in srgb, currentColor 8%, transparent)); }
  code { font-family: var(--natter-code-font, ui-monospace, Menlo, Consolas, monospace); font-size: .9em; }
  [part~=body] ol, [part~=body] ul { padding-inline-start: 1.5em; list-style: revert; }
  [part~=body] li { margin: 0; }
  button, textarea, input, select { font: inherit; border: 1px solid var(--b); border-radius: var(--r); }
  button { cursor: pointer; padding: .4em .9em; min-height: 2.5rem; color: var(--natter-button-color, inherit); background: var(--natter-button-background, transparent); }
  article > button { color: var(--m); font-size: var(--natter-small-size, .875em); border-color: transparent; padding-inline: .6em; }
  article > button:hover { color: inherit; border-color: var(--b); }
  [aria-pressed=true] { font-weight: 700; border-color: currentColor; }
  [part~=error] { color: var(--natter-error-color, color-mix(in srgb, #d00 60%, currentColor)); }
  :focus-visible { outline: 2px solid var(--a); outline-offset: 2px; }
  [part~=status]:empty { display: none; }
  natter-composer { display: block; }
  natter-composer:empty { min-height: 10em; }
`;
