// unsafeCSS, not css``: lit's tag (with its long error message) would be on the first paint only for these constants.
import {unsafeCSS} from 'lit';

/** The forms' styles, added to the thread's shadow root when the write chunk arrives. */
export const composerStyles = unsafeCSS(`
  form, label { display: grid; gap: .5em; }
  form { margin-block: var(--g); }
  .hint { color: var(--m); font-size: var(--natter-small-size, .875em); }
  .check { display: flex; align-items: center; }
  .actions { display: flex; flex-wrap: wrap; gap: .25em .75em; align-items: baseline; }
  .fields { display: grid; gap: .5em; grid-template-columns: repeat(auto-fit, minmax(12em, 1fr)); }
  textarea, input { font: inherit; color: inherit; border: 1px solid var(--b); border-radius: var(--r); }
  textarea, input:not([type=checkbox]) { box-sizing: border-box; width: 100%; padding: .5em; background: var(--natter-input-background, transparent); }
  textarea { resize: vertical; }
  .hp { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  [type=submit] { color: var(--natter-submit-color, Canvas); background: var(--natter-submit-background, var(--a)); border-color: transparent; }
`);
