import type {Comment} from '../../adapters/adapter.js';
import {html, type SafeHtml} from '../../html/html.js';
import type {ThreadInfo} from '../store/owner-stores.js';
import {safeUrl} from '../../markdown/safe-url.js';
import {commentTree, type PageComment} from './comment-markup.js';

// The no-JS thread page, /t?thread=ID: the comments, a "more" link, and a plain form that posts to /t.

/** What the reader typed, kept across a refused post. */
export interface FormValues {
  author: string;
  email: string;
  website: string;
  body: string;
}

export interface ThreadPageView {
  thread: ThreadInfo;
  comments: PageComment[];
  total: number;
  /** The cursor of the next page, or null on the last one. */
  next: string | null;
  /** On a page of one branch (`branch=ID`): its top-level comment (first in `comments`, its replies after it). */
  branch?: Comment;
  /** On a branch's later page: where it starts, so a Reply link there comes back to it. */
  cursor?: string;
  /** The comment being answered (`reply=`), if any. */
  replyTo: Comment | null;
  /** The signed form stamp and the hidden idempotency key of this rendering of the form. */
  token: string;
  key: string;
  values: FormValues;
  error?: {message: string; field?: string};
  /** After a post: the reader's comment is up, or awaits a moderator. */
  notice?: 'published' | 'held';
}

/** `/t?thread=…` with more parameters, for links and redirects (the thread id percent-encoded). */
export function threadHref(thread: string, params: Record<string, string> = {}, hash = ''): string {
  return `/t?${new URLSearchParams({thread, ...params})}${hash}`;
}

const emptyValues: FormValues = {author: '', email: '', website: '', body: ''};
export {emptyValues};

/** A whole HTML document around `main`. */
export function pageDocument({title, main, feed}: {title: string; main: SafeHtml; feed?: string}): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/t.css">
${feed ? html`<link rel="alternate" type="application/atom+xml" title="${title}" href="${feed}">` : null}
</head>
<body>
<main>
${main}
</main>
</body>
</html>
`;
}

/** On a branch's page, the parameters that keep a link on it (replying, cancelling a reply); else none. */
const onBranch = ({branch, cursor}: ThreadPageView): Record<string, string> => (branch ? {branch: branch.id, ...(cursor ? {cursor} : {})} : {});

function field(name: keyof FormValues, label: string, input: SafeHtml, hint?: string): SafeHtml {
  return html`<p><label for="${`f-${name}`}">${label}${hint ? html` <span class="natter-hint">${hint}</span>` : null}</label>${input}</p>`;
}

function form(view: ThreadPageView): SafeHtml {
  const {thread, replyTo, values, error} = view;
  if (thread.closed) return html`<section id="form"><p class="natter-notice">Comments are closed.</p></section>`;
  const invalid = (name: string) => (error?.field === name ? html` aria-invalid="true" aria-describedby="form-error"` : null);
  const heading = replyTo ? html`Reply to ${replyTo.author}` : html`Leave a comment`;
  return html`<section id="form" aria-labelledby="form-heading">
<h2 id="form-heading">${heading}</h2>
${replyTo ? html`<p><a href="${threadHref(thread.id, onBranch(view), '#form')}">Cancel the reply</a> (write a new comment instead)</p>` : null}
${error ? html`<p class="natter-notice natter-error" id="form-error" role="alert">${error.message}</p>` : null}
<form method="post" action="/t">
<input type="hidden" name="thread" value="${thread.id}">
${view.branch ? html`<input type="hidden" name="branch" value="${view.branch.id}">` : null}
${replyTo ? html`<input type="hidden" name="parent" value="${replyTo.id}">` : null}
<input type="hidden" name="form" value="${view.token}">
<input type="hidden" name="key" value="${view.key}">
${field('body', 'Comment', html`<textarea id="f-body" name="body" rows="7" required maxlength="10000"${invalid('body')}>
${values.body}</textarea>`,
  'Markdown works: *emphasis*, **bold**, `code`, [a link](https://example.com), > quote, - list.')}
${field('author', 'Name', html`<input id="f-author" name="author" required maxlength="100" autocomplete="name" value="${values.author}"${invalid('author')}>`)}
${field('email', 'Email', html`<input id="f-email" name="email" type="email" maxlength="254" autocomplete="email" value="${values.email}"${invalid('email')}>`, 'optional, never shown')}
${field('website', 'Website', html`<input id="f-website" name="website" type="url" maxlength="500" autocomplete="url" placeholder="https://" value="${values.website}"${invalid('website')}>`, 'optional')}
<p class="natter-trap"><label for="f-subject">Leave this field empty (it is here to catch spam robots)</label><input id="f-subject" name="subject" tabindex="-1" autocomplete="off"></p>
<p><button type="submit">Post comment</button></p>
</form>
</section>`;
}

function notice(view: ThreadPageView): SafeHtml | null {
  if (view.notice === 'held') return html`<p class="natter-notice" role="status">Thank you! Your comment is awaiting moderation; it appears here for everyone once it is approved.</p>`;
  if (view.notice === 'published') return html`<p class="natter-notice" role="status">Thank you! Your comment is posted.</p>`;
  return null;
}

/** The page for one thread. */
export function threadPage(view: ThreadPageView): SafeHtml {
  const {thread, total, next, comments} = view;
  const name = thread.title ?? thread.id;
  const count = total === 1 ? '1 comment' : `${total} comments`;
  const back = thread.url ? safeUrl(thread.url) : null;
  const branch = view.branch;
  const here = onBranch(view);
  // "Show N more replies" opens the branch's page right after the replies shown here.
  const list = comments.length
    ? commentTree(comments, {replyHref: (c) => threadHref(thread.id, {...here, reply: c.id}, '#form'), branchHref: (c) => threadHref(thread.id, {branch: c.id, cursor: c.replyNext!})})
    : html`<p>No comments yet.</p>`;
  const main = html`${back ? html`<p class="natter-back"><a href="${back}">← Back to the post</a></p>` : null}
<h1>${branch ? 'Replies' : 'Comments'}</h1>
<p class="natter-sub">${count} on ${name}</p>
${branch ? html`<p class="natter-back"><a href="${threadHref(thread.id)}">← All comments</a></p>` : null}
${notice(view)}
${list}
${next ? html`<p class="natter-more"><a href="${threadHref(thread.id, {...(branch ? {branch: branch.id} : {}), cursor: next})}">${branch ? 'More replies' : 'More comments'}</a></p>` : null}
${form(view)}
<p class="natter-feed"><a href="${`/feed.atom?${new URLSearchParams({thread: thread.id})}`}">Follow these comments (Atom feed)</a></p>`;
  return pageDocument({title: `Comments on ${name}`, main, feed: `/feed.atom?${new URLSearchParams({thread: thread.id})}`});
}

/** A short page for a request the thread page can't answer (a bad thread id or cursor). */
export function errorPage(message: string): SafeHtml {
  return pageDocument({title: 'Comments', main: html`<h1>Comments</h1><p class="natter-notice natter-error" role="alert">${message}</p>`});
}
