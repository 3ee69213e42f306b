import {css} from 'lit';

/** Everything inherits the page's font and colours; every custom property has a fallback. */
export const threadStyles = css`
  :host {
    display: block;
    font: inherit;
    color: inherit;
    --_muted: var(--natter-muted-color, color-mix(in srgb, currentColor 62%, transparent));
    --_border: var(--natter-border-color, color-mix(in srgb, currentColor 22%, transparent));
    --_accent: var(--natter-accent-color, LinkText);
    --_gap: var(--natter-gap, 1rem);
    --_radius: var(--natter-radius, 6px);
  }
  :host([hidden]) { display: none; }
  h2 { font-size: var(--natter-heading-size, 1.25em); margin: 0 0 var(--_gap); }
  ol { list-style: none; margin: 0; padding: 0; }
  ol ol { margin-inline-start: var(--natter-indent, 1.25rem); padding-inline-start: var(--natter-indent-gap, 0.75rem); border-inline-start: 2px solid var(--_border); }
  li { margin-block: var(--_gap); }
  article { overflow-wrap: anywhere; }
  header { display: flex; flex-wrap: wrap; gap: 0.25em 0.75em; align-items: baseline; }
  [part~='author'] { font-weight: 600; }
  a { color: var(--_accent); }
  time, .note, .hint { color: var(--_muted); font-size: var(--natter-small-size, 0.875em); }
  .note.waiting { color: var(--natter-warning-color, inherit); }
  [part~='body'] > :first-child { margin-top: 0.25em; }
  [part~='body'] > :last-child { margin-bottom: 0.25em; }
  blockquote { margin-inline: 0; padding-inline-start: 0.75em; border-inline-start: 3px solid var(--_border); color: var(--_muted); }
  pre { overflow-x: auto; padding: 0.5em 0.75em; border-radius: var(--_radius); background: var(--natter-code-background, color-mix(in srgb, currentColor 8%, transparent)); }
  code { font-family: var(--natter-code-font, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace); font-size: 0.9em; }
  [part~='body'] ol, [part~='body'] ul { padding-inline-start: 1.5em; list-style: revert; }
  [part~='body'] li { margin: 0.25em 0; }
  form { display: grid; gap: 0.5em; margin-block: var(--_gap); }
  label { display: grid; gap: 0.25em; }
  label.check { display: flex; gap: 0.5em; align-items: center; }
  .fields { display: grid; gap: 0.5em; grid-template-columns: repeat(auto-fit, minmax(12em, 1fr)); }
  textarea, input:not([type='checkbox']) {
    font: inherit; color: inherit; box-sizing: border-box; width: 100%;
    padding: 0.5em; border: 1px solid var(--_border); border-radius: var(--_radius);
    background: var(--natter-input-background, transparent);
  }
  textarea { min-height: 6em; resize: vertical; }
  button {
    font: inherit; cursor: pointer; padding: 0.4em 0.9em; min-height: 2.5rem;
    border: 1px solid var(--_border); border-radius: var(--_radius);
    color: var(--natter-button-color, inherit); background: var(--natter-button-background, transparent);
  }
  button[type='submit'] { color: var(--natter-submit-color, Canvas); background: var(--natter-submit-background, var(--_accent)); border-color: transparent; }
  button:disabled { opacity: 0.6; cursor: progress; }
  .actions { display: flex; gap: 0.5em; flex-wrap: wrap; }
  [part~='reply-button'], [part~='load-more-button'] { min-height: 2.25rem; }
  [part~='error'] { color: var(--natter-error-color, #b00020); }
  :focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  @media (prefers-reduced-motion: no-preference) { li.new { animation: natter-in 0.3s ease-out; } }
  @keyframes natter-in { from { opacity: 0; } }
`;
