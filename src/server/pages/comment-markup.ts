import type {Comment} from '../../adapters/adapter.js';
import {html, type SafeHtml} from '../../html/html.js';
import {markdownToHtml} from '../../markdown/to-html.js';
import {safeUrl} from '../../markdown/safe-url.js';

// Comments as plain, semantic HTML for the no-JS page and the fragment: nested lists of articles, readable unstyled.
// Every value goes through `html` (escaped) or markdownToHtml (the widget's policy); nothing else makes markup.

/** A comment as the server shows it; `held` marks the reader's own comment awaiting a moderator. */
export type PageComment = Comment & {held?: true};

export interface MarkupOptions {
  /** Where a comment's "Reply" link goes; no link when absent (the fragment). */
  replyHref?: (comment: Comment) => string;
  /** Levels of nesting; deeper replies are listed flat after their parent, saying whom they answer (as the widget). */
  maxDepth?: number;
  /** Where a top-level comment whose page holds only some of its replies (`replyNext`) links for the rest. */
  branchHref?: (comment: Comment) => string;
}

const dateFormat = new Intl.DateTimeFormat('en', {dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC'});

/** "2 Jan 2026, 10:30 UTC", or the raw text of a time that isn't one. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${dateFormat.format(date)} UTC`;
}

function author(c: Comment): SafeHtml {
  const href = c.website ? safeUrl(c.website) : null;
  return href ? html`<a href="${href}" rel="nofollow ugc noopener">${c.author}</a>` : html`${c.author}`;
}

/** One comment's article (without its replies). */
export function commentArticle(c: PageComment, options: MarkupOptions, inReplyTo?: string): SafeHtml {
  if (c.status === 'deleted') {
    return html`<article class="natter-comment natter-deleted" id="c-${c.id}"><p class="natter-note">This comment was deleted.</p></article>`;
  }
  const reply = options.replyHref && c.status === 'published' ? html`<p class="natter-actions"><a href="${options.replyHref(c)}">Reply<span class="natter-visually-hidden"> to ${c.author}</span></a></p>` : null;
  return html`<article class="natter-comment${c.held ? ' natter-held' : ''}" id="c-${c.id}" aria-labelledby="a-${c.id}"><header><strong class="natter-author" id="a-${c.id}">${author(c)}</strong>${
    c.owner ? html` <span class="natter-badge">Owner</span>` : null} <time datetime="${c.createdAt}">${formatTime(c.createdAt)}</time>${
    inReplyTo === undefined ? null : html` <span class="natter-note">in reply to ${inReplyTo}</span>`}${
    c.editedAt ? html` <span class="natter-note">edited <time datetime="${c.editedAt}">${formatTime(c.editedAt)}</time></span>` : null}${
    c.held || c.status === 'pending' ? html` <span class="natter-note natter-pending">Awaiting moderation</span>` : null}</header><div class="natter-body">${markdownToHtml(c.body ?? '')}</div>${reply}</article>`;
}

/** The comments (top-level ones, each followed by its replies, as a list page holds them) as nested `<ol>`s. */
export function commentTree(comments: readonly PageComment[], options: MarkupOptions = {}): SafeHtml {
  const maxDepth = options.maxDepth ?? 5;
  const ids = new Set(comments.map((c) => c.id));
  const children = new Map<string, PageComment[]>();
  for (const c of comments) {
    const parent = c.parent !== null && ids.has(c.parent) ? c.parent : '';
    const list = children.get(parent) ?? [];
    list.push(c);
    children.set(parent, list);
  }
  const level = (parent: string, depth: number): SafeHtml[] =>
    (children.get(parent) ?? []).map((c) => {
      if (depth < maxDepth - 1) {
        const replies = level(c.id, depth + 1);
        const more = depth === 0 ? moreReplies(c, children, options) : null;
        // A reply whose parent is on an earlier page (of a branch, or of the thread) says so, rather than pass for a new comment.
        return html`<li>${commentArticle(c, options, c.parent !== null && depth === 0 ? 'an earlier comment' : undefined)}${replies.length ? html`<ol class="natter-replies">${replies}</ol>` : null}${more}</li>`;
      }
      // Deeper replies flat, in reading order, without recursion (a chain of replies can be very long).
      const items = [html`<li>${commentArticle(c, options)}</li>`];
      const stack: [PageComment, string][] = (children.get(c.id) ?? []).map((r): [PageComment, string] => [r, c.author]).reverse();
      while (stack.length) {
        const [r, to] = stack.pop()!;
        items.push(html`<li>${commentArticle(r, options, to)}</li>`);
        for (const child of [...(children.get(r.id) ?? [])].reverse()) stack.push([child, r.author]);
      }
      return html`${items}`;
    });
  return html`<ol class="natter-comments">${level('', 0)}</ol>`;
}

/** "Show 3 more replies", linking to the rest of a top-level comment's branch, when the page holds only some of it. */
function moreReplies(root: PageComment, children: Map<string, PageComment[]>, options: MarkupOptions): SafeHtml | null {
  if (!options.branchHref || root.replyNext === undefined || root.replyCount === undefined) return null;
  const left = root.replyCount - shownUnder(root, children);
  if (left <= 0) return null;
  return html`<p class="natter-more-replies"><a href="${options.branchHref(root)}">Show ${left === 1 ? '1 more reply' : `${left} more replies`}</a></p>`;
}

/** How many replies the page shows under `root`, at any depth (a held comment is in no count). */
function shownUnder(root: PageComment, children: Map<string, PageComment[]>): number {
  let n = 0;
  const stack = [...(children.get(root.id) ?? [])];
  for (let c = stack.pop(); c; c = stack.pop()) {
    if (!c.held) n++;
    stack.push(...(children.get(c.id) ?? []));
  }
  return n;
}
