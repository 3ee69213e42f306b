// Plain CSS text, which the shadow root adopts (adoptStyles in base-element.ts): lit's css tag is not in the bundle.

/**
 * The forms' styles, added to the thread's shadow root when the write chunk arrives. The hint and the actions row look
 * like a comment's notes and header, and the fields' borders like the buttons', so they share those rules in the
 * thread's styles.
 */
export const composerStyles = `form, label, .fields { display: grid; gap: .5em; }
  form { margin-block: var(--g); }
  .check { display: flex; align-items: center; }
  .fields { grid-template-columns: repeat(auto-fit, minmax(min(12em, 100%), 1fr)); }
  textarea, input { color: inherit; }
  textarea, input:not([type=checkbox]) { box-sizing: border-box; width: 100%; padding: .5em; background: var(--natter-input-background, transparent); }
  textarea { resize: vertical; }
  natter-composer:not([open]) :is(.hint, .fields, .check) { display: none; }
  .hp { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  [type=submit] { color: var(--natter-submit-color, var(--s)); background: var(--natter-submit-background, var(--a)); border-color: transparent; }
  @media (forced-colors: active) { [type=submit] { color: ButtonText; background: ButtonFace; } }
`;
