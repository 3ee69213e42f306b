import {html, nothing, type TemplateResult} from 'lit';
import type {Comment} from '../adapters/adapter.js';
import type {Messages} from '../i18n/messages.js';
import type {LocaleController} from '../controllers/locale-controller.js';
import {format} from '../i18n/messages.js';
import {avatar} from './avatar.js';
import {renderParsed} from '../markdown/render-tree.js';
import type {Tree} from '../markdown/tree.js';
import {safeUrl} from '../markdown/safe-url.js';

/** A comment as shown: from the server, or still in the outbox. */
export interface ShownComment extends Comment {
  /** `sending`/`waiting`: not acknowledged yet; `posted`: acknowledged in this visit; `held`: the reader's own, held for moderation, kept from an earlier visit. */
  state?: 'sending' | 'waiting' | 'posted' | 'held';
}

/**
 * One per-comment action: a button carrying `data-action` and `data-id`, run by the element's one delegated click
 * listener. A feature (edit, delete, vote, permalink) adds one of these, not another render prop.
 */
export interface CommentAction<Host> {
  name: string;
  part: string;
  /** The button's text in the thread's language (an action brings its own messages, so they load with it). */
  label(locale: LocaleController, comment: ShownComment): string;
  /** A toggle's state (`aria-pressed`), e.g. the reader's own vote; undefined for a plain button. */
  pressed?(comment: ShownComment): boolean;
  /** Whether the button shows under this comment. */
  shows(comment: ShownComment, host: Host): boolean;
  run(host: Host, id: string): void;
}

/** The parts of a comment that the write chunk renders (src/write/index.ts). */
export interface LaterView {
  /** "Sending…", "Waiting to send…", "Awaiting moderation", or nothing. */
  note(comment: ShownComment): TemplateResult | typeof nothing;
  /** What sits under a comment's actions (an open reply form). */
  below(comment: ShownComment): TemplateResult | typeof nothing;
  /** In place of the body while the author edits it (the edit form), else undefined. */
  body?(comment: ShownComment): TemplateResult | undefined;
  /** "3 minutes ago", in the reader's language. */
  relative(date: Date): string;
  /** The full date and time, for the tooltip and assistive technology. */
  absolute(date: Date): string;
}

export interface TreeProps {
  m: Messages;
  locale: LocaleController;
  maxDepth: number;
  /** Comments by parent id ('' for top level), in display order. */
  children: Map<string, ShownComment[]>;
  /** The actions that show under a comment. */
  actions(comment: ShownComment): CommentAction<unknown>[];
  /**
   * What only the write chunk renders: notes ("Sending…", "Awaiting moderation"), open reply forms, and dates with
   * Intl. Until it is in, a date is its day (YYYY-MM-DD) without a tooltip: a page's first Intl number or date
   * formatter costs ~100 ms on a phone, and neither it nor the notes need to be in the first frame's download.
   */
  later?: LaterView;
  /** How many more comments to render, in reading order (the first frame renders a screenful, then the rest). */
  left: number;
  /** Initials avatars beside the names (`avatars`). */
  avatars?: boolean;
  /** The comment a link named (`#natter-comment-ID`): it carries the part `highlight` too. */
  highlight?: string;
  /** Renders again (the Markdown parser came in for bodies without a tree). */
  refresh(): void;
  /**
   * This thread's bodies, built once per comment object and put back on every render. Each thread keeps its own: an
   * adapter may hand two threads the same objects (the in-page one does), and one element can't be in both.
   */
  bodies: WeakMap<Comment, HTMLElement>;
}

// Each comment's body is built once, as DOM, and the same element is put back on every later render (TreeProps.bodies). The server sends
// it parsed (`tree`), so no parser comes before the first paint. A comment still in the outbox shows its text as the
// reader typed it, a paragraph per blank line, until the server has it. Only a body from an adapter without trees
// needs the parser, which loads then (shown as plain text until it is in, and again once it is).
let parse: ((src: string) => Tree) | undefined, parser: Promise<unknown> | undefined;
const renderBody = (c: ShownComment, p: TreeProps) => {
  const {bodies} = p;
  let body = bodies.get(c);
  if (!body) {
    const pending = c.state === 'sending' || c.state === 'waiting', plain = pending || !(c.tree || parse);
    // Failed (offline): tried again at the next render.
    if (plain && !pending) parser ??= import('../markdown/parse-lazy.js').then((m) => ((parse = m.parseMarkdown), p.refresh()), () => (parser = undefined));
    body = renderParsed(c.tree ?? (plain ? (c.body ?? '').split(/\n\s*\n/) : parse!(c.body ?? '')), document.createElement('div'));
    if (!plain) bodies.set(c, body);
    body.setAttribute('part', 'body');
    // User text keeps its own direction: English in an Arabic page, or Hebrew in an English one.
    body.dir = 'auto';
  }
  return body;
};

// No white space between the parts: the header lays them out with flex, the article stacks blocks, and each text
// node left out is one fewer to clone per comment (and fewer bytes before the first paint).
// `replies`: the list under it (each comment is its `<li>`, so the list item has no part of its own).
function renderComment(c: ShownComment, p: TreeProps, inReplyTo?: string, replies: TemplateResult | typeof nothing = nothing) {
  const {m, later} = p;
  // A deleted comment keeps its place, so its replies stay under it; it offers no actions, and keeps a reply form that
  // was open when it was deleted (live updates), with what the reader typed.
  if (c.status === 'deleted') return html`<li><article part="comment" data-id=${c.id}><p class="note" part="deleted">${m.deleted}</p>${later?.below(c)}</article>${replies}</li>`;
  const href = safeUrl(c.website);
  const date = new Date(c.createdAt);
  // A time a custom adapter got wrong shows nothing (hidden) rather than throwing (Intl throws on an invalid date).
  const bad = Number.isNaN(+date);
  // The time links to the comment alone once the server has it: an unsent or held comment has no address yet, and
  // its `<a>` no href (so it is no link).
  const posted = !c.state || c.state === 'posted';
  // The avatar (laid out first), the badge, whom a flattened reply answers, and the write chunk's notes ("Sending…",
  // "edited"), in one part.
  const note = later?.note(c), noted = note && note !== nothing;
  const extras = p.avatars || c.owner || inReplyTo || noted ? html`${p.avatars ? avatar(c.author) : nothing}${c.owner ? html`<span part="owner-badge">${m.owner}</span>` : nothing}${inReplyTo ? html`<span class="note" part="in-reply-to">${format(m.inReplyTo, {name: inReplyTo})}</span>` : nothing}${note}` : nothing;
  const button = (a: CommentAction<unknown>) => html`<button part=${a.part} type="button" data-action=${a.name} data-id=${c.id} aria-pressed=${a.pressed ? a.pressed(c) : nothing} .textContent=${a.label(p.locale, c)}></button>`;
  const [first, ...rest] = p.actions(c);
  // Text as properties and optional things as attributes, so most of a comment is one template with few parts: each
  // child part is a marker comment in the DOM (README, Performance). The name is a link only with a website. The first
  // action (Reply) is in the template itself, hidden when there is none, so it is never re-made when the others change.
  // An attribute's value is one binding, never text around one: the reader's lit-html keeps no strings for them
  // (READER_LIT_CUTS in vite.config.ts).
  return html`<li><article part=${c.id === p.highlight ? 'comment highlight' : 'comment'} aria-labelledby=${`a-${c.id}`} data-id=${c.id}><header><a id=${`a-${c.id}`} part="author" dir="auto" href=${href ?? nothing} rel=${href ? 'nofollow ugc noopener' : nothing} .textContent=${c.author}></a>${extras}<a part=${posted ? 'permalink' : nothing} href=${posted ? `#natter-comment-${encodeURIComponent(c.id)}` : nothing} hidden=${bad ? '' : nothing}><time part="time" datetime=${bad ? nothing : c.createdAt} title=${bad || !later ? nothing : later.absolute(date)} .textContent=${bad ? '' : later ? later.relative(date) : date.toISOString().slice(0, 10)}></time></a></header>${later?.body?.(c) ?? renderBody(c, p)}<button part=${first?.part ?? nothing} type="button" data-action=${first?.name ?? nothing} data-id=${c.id} aria-pressed=${first?.pressed ? first.pressed(c) : nothing} hidden=${first ? nothing : ''} .textContent=${first?.label(p.locale, c) ?? ''}></button>${rest.map(button)}${later?.below(c)}</article>${replies}</li>`;
}

/**
 * The comments under `parent`, nested up to `maxDepth` levels. Below the last level, replies are listed
 * flat after their parent, each saying whom it answers, so deep threads stay readable on a phone.
 */
export function renderTree(p: TreeProps, parent = '', depth = 0): TemplateResult[] {
  const items: TemplateResult[] = [];
  for (const c of p.children.get(parent) ?? []) {
    if (p.left < 1) break;
    if (depth < p.maxDepth - 1) {
      // The comment before its replies: each takes one of `left`, in reading order.
      p.left--;
      const replies = renderTree(p, c.id, depth + 1);
      items.push(renderComment(c, p, undefined, replies.length ? html`<ol class="replies">${replies}</ol>` : nothing));
      continue;
    }
    // This comment, then everything deeper flattened in reading order, without recursion: a chain of replies can be
    // very long. Each reply says whom it answers.
    const stack: [ShownComment, string?][] = [[c]];
    while (stack.length && p.left > 0) {
      const [r, to] = stack.pop()!;
      p.left--;
      items.push(renderComment(r, p, to));
      for (const child of [...(p.children.get(r.id) ?? [])].reverse()) stack.push([child, r.author]);
    }
  }
  return items;
}
