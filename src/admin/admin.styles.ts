import {css} from 'lit';

/** The page's one style sheet, adopted by the document (the elements render into it, not into shadow roots). */
export const adminStyles = css`
  :root { color-scheme: light; --ink: #1b1b1f; --muted: #50505a; --line: #c6c6cf; --accent: #0a58ca; --bad: #a4161a; --good: #1e6b32; --paper: #fff; --soft: #f3f3f6; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--ink); background: var(--paper); }
  a { color: var(--accent); }
  :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
  main:focus, h2:focus, article:focus { outline: none; }
  article:focus-visible, article:focus { box-shadow: 0 0 0 3px var(--accent); }
  h2:focus-visible { outline: 3px solid var(--accent); }
  .skip { position: absolute; left: 0.5rem; top: -4rem; background: var(--paper); padding: 0.5rem 1rem; z-index: 2; }
  .skip:focus { top: 0.5rem; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .top { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; padding: 0.5rem 1rem; border-bottom: 1px solid var(--line); background: var(--soft); }
  .brand { font-size: 1.15rem; margin: 0; }
  nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; list-style: none; margin: 0; padding: 0; }
  nav a { display: inline-block; padding: 0.25rem 0.25rem; }
  nav a[aria-current='page'] { font-weight: 700; color: var(--ink); text-decoration-thickness: 3px; }
  .top .export { margin-left: auto; }
  main { display: block; max-width: 60rem; margin: 0 auto; padding: 1rem; }
  main.sign-in { max-width: 24rem; margin-top: 3rem; }
  h2 { margin: 0.5rem 0; }
  .hint { color: var(--muted); margin: 0.25rem 0 0.75rem; font-size: 0.9rem; }
  button { font: inherit; padding: 0.35rem 0.8rem; border: 1px solid var(--muted); border-radius: 4px; background: var(--paper); color: var(--ink); cursor: pointer; min-height: 2.25rem; }
  button:hover { background: var(--soft); }
  button:disabled { color: var(--muted); border-color: var(--line); cursor: default; }
  button[type='submit'] { background: var(--accent); border-color: var(--accent); color: #fff; }
  input, select, textarea { font: inherit; padding: 0.35rem 0.5rem; border: 1px solid var(--muted); border-radius: 4px; max-width: 100%; }
  input:not([type='checkbox'], [type='radio']), select { min-height: 2.25rem; }
  input[type='checkbox'], input[type='radio'] { width: 1.2rem; height: 1.2rem; margin: 0 0.4rem 0 0; accent-color: var(--accent); }
  textarea { width: 100%; }
  label { font-weight: 600; }
  .sign-in form { display: grid; gap: 0.5rem; }
  .error { color: var(--bad); }
  [aria-invalid='true'] { border-color: var(--bad); border-width: 2px; }
  .search { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; margin: 0.5rem 0 1rem; }
  .search > div { display: grid; gap: 0.15rem; }
  .bulk { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; padding: 0.5rem; background: var(--soft); border-radius: 4px; }
  .bulk label { display: flex; align-items: center; margin-right: auto; }
  .comments { list-style: none; padding: 0; margin: 0.75rem 0; display: grid; grid-template-columns: minmax(0, 1fr); gap: 0.75rem; }
  .comment { border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem; scroll-margin-top: 4rem; }
  .comment.spam { border-left: 6px solid var(--bad); }
  .comment.pending { border-left: 6px solid #8a5a00; }
  .head { display: flex; align-items: center; gap: 0.5rem; flex-wrap: wrap; }
  .head h3 { margin: 0; font-size: 1.05rem; }
  .badge, .state { font-size: 0.8rem; padding: 0.05rem 0.45rem; border-radius: 999px; border: 1px solid currentColor; }
  .state { margin-left: auto; }
  .state.pending { color: #7a4f00; }
  .state.spam, .failed { color: var(--bad); }
  .state.published, .ok { color: var(--good); }
  .state.deleted { color: var(--muted); }
  .meta { display: flex; flex-wrap: wrap; gap: 0.1rem 1.25rem; margin: 0.4rem 0; font-size: 0.9rem; color: var(--muted); }
  .meta div { display: flex; gap: 0.3rem; min-width: 0; }
  .meta dt { font-weight: 600; }
  .meta dd { margin: 0; overflow-wrap: anywhere; }
  .body { overflow-wrap: anywhere; }
  .body pre { overflow-x: auto; background: var(--soft); padding: 0.5rem; }
  .body blockquote { border-left: 3px solid var(--line); margin-left: 0; padding-left: 0.75rem; color: var(--muted); }
  .actions, .buttons { display: flex; flex-wrap: wrap; gap: 0.4rem; margin-top: 0.5rem; }
  .inline { display: grid; gap: 0.3rem; margin-top: 0.5rem; }
  .table { overflow-x: auto; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 0.4rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
  small { color: var(--muted); overflow-wrap: anywhere; }
  fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 1rem; }
  .choice { display: grid; grid-template-columns: auto 1fr; align-items: center; }
  .choice .hint { grid-column: 2; margin-top: 0; }
  .field { display: grid; gap: 0.15rem; margin-bottom: 0.75rem; max-width: 32rem; }
  .field .hint { margin: 0; }
  #bans { padding-left: 1.2rem; }
  #bans li { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin-bottom: 0.3rem; }
  section { margin-top: 2rem; }
  .notice:empty { display: none; }
  .notice { position: fixed; bottom: 1rem; right: 1rem; max-width: min(28rem, calc(100% - 2rem)); pointer-events: none; background: var(--ink); color: #fff; padding: 0.6rem 1rem; border-radius: 6px; }
  .notice.error { background: var(--bad); }
`;
