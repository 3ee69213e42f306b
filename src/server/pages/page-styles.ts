// The no-JS thread page's style sheet, served as /t.css (the pages' CSP allows only the server's own styles).
// System fonts, a readable measure, the reader's light or dark preference, comfortable tap targets on a phone.

/** The CSS text of /t.css. */
export const pageStyles = `
:root { color-scheme: light dark; --muted: color-mix(in srgb, currentColor 62%, transparent); --border: color-mix(in srgb, currentColor 22%, transparent); --accent: LinkText; }
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; -webkit-text-size-adjust: 100%; }
main { max-width: 42rem; margin: 0 auto; padding: 1.25rem 1rem 3rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: .5rem 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; }
a { color: var(--accent); }
.natter-sub, .natter-back { color: var(--muted); margin: 0 0 1rem; }
.natter-comments, .natter-replies { list-style: none; margin: 0; padding: 0; }
.natter-replies { margin-inline-start: 1rem; padding-inline-start: .75rem; border-inline-start: 2px solid var(--border); }
.natter-comments li { margin-block: 1rem; }
.natter-comment { overflow-wrap: anywhere; }
.natter-comment header { display: flex; flex-wrap: wrap; gap: .25em .75em; align-items: baseline; }
.natter-comment time, .natter-note { color: var(--muted); font-size: .875em; }
.natter-badge { font-size: .75em; font-weight: 600; padding: .05em .5em; border: 1px solid currentColor; border-radius: 1em; }
.natter-held { padding: .5rem .75rem; border: 1px dashed var(--border); border-radius: 6px; }
.natter-body blockquote { margin-inline: 0; padding-inline-start: .75em; border-inline-start: 3px solid var(--border); color: var(--muted); }
.natter-body pre { overflow-x: auto; padding: .5em .75em; border-radius: 6px; background: color-mix(in srgb, currentColor 8%, transparent); }
.natter-body code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9em; }
.natter-actions { margin: .25rem 0 0; }
.natter-actions a { display: inline-block; padding: .35rem 0; min-height: 2.5rem; }
.natter-notice { padding: .75rem 1rem; border-radius: 6px; border: 1px solid var(--border); }
.natter-error { color: color-mix(in srgb, #d00 60%, currentColor); border-color: currentColor; }
@media (prefers-color-scheme: dark) { .natter-error { color: #ff8a80; } }
form p { margin: 0 0 1rem; }
label { display: block; font-weight: 600; margin-bottom: .25rem; }
.natter-hint { display: block; color: var(--muted); font-size: .875em; font-weight: normal; }
input, textarea, button { font: inherit; color: inherit; }
input, textarea { width: 100%; padding: .55rem .65rem; border: 1px solid var(--border); border-radius: 6px; background: transparent; }
textarea { min-height: 9rem; resize: vertical; }
[aria-invalid=true] { border-color: color-mix(in srgb, #d00 60%, currentColor); }
button { min-height: 2.75rem; padding: .5rem 1.25rem; border: 0; border-radius: 6px; cursor: pointer; background: var(--accent); color: Canvas; font-weight: 600; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.natter-trap { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
.natter-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.natter-more { margin: 1.5rem 0; }
.natter-feed { margin-top: 2.5rem; font-size: .9em; color: var(--muted); }
`;
