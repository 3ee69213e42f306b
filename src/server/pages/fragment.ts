import type {CommentPage} from '../../adapters/adapter.js';
import {treeOnly} from '../http/comment-trees.js';
import {html, type SafeHtml} from '../../html/html.js';
import {commentTree} from './comment-markup.js';

// The fragment a static-site generator puts inside <natter-thread> at build time, as light DOM: the first page of
// comments as plain HTML (crawlers and no-JS readers see them), marked so the element can take it over. The page's
// data rides along in one attribute (escaped, so it is text), so the element shows the same comments without
// fetching them again and asks the server only for what is newer.

/** The fragment's page: the widget's first (src/controllers/list-controller.ts: 50 top-level comments, REPLIES of each branch). */
export const FRAGMENT_PAGE = {limit: 50, replies: 5} as const;

/** The fragment for one thread's first page; `base` is the server's public URL (links to /t are absolute). */
export function fragmentMarkup({thread, page, base}: {thread: string; page: CommentPage; base: string}): SafeHtml {
  const newest = page.comments.map((c) => c.createdAt).sort().at(-1) ?? '';
  const count = page.total === 1 ? '1 comment' : `${page.total} comments`;
  const link = (params: Record<string, string>) => `${base}/t?${new URLSearchParams({thread, ...params})}`;
  // The takeover's two requests, as paths under the element's endpoint: the list URL exactly as the REST adapter
  // builds it for this page, and what is newer than this fragment.
  const list = `/api/comments?${new URLSearchParams({thread, format: 'tree', limit: String(FRAGMENT_PAGE.limit), order: 'oldest', replies: String(FRAGMENT_PAGE.replies)})}`;
  const newer = `/api/fragment/newer?${new URLSearchParams({thread, since: newest})}`;
  return html`<div class="natter-fragment" data-natter-fragment data-natter-thread="${thread}" data-natter-newest="${newest}" data-natter-count="${page.total}" data-natter-list="${list}" data-natter-newer="${newer}" data-natter-page="${JSON.stringify({...page, comments: page.comments.map(treeOnly)})}">
<h2>${count}</h2>
${page.comments.length ? commentTree(page.comments, {branchHref: (c) => link({branch: c.id, cursor: c.replyNext!})}) : html`<p>No comments yet.</p>`}
${page.next ? html`<p><a href="${link({cursor: page.next})}">More comments</a></p>` : null}
<noscript><p><a href="${link({})}#form">Read all comments and write one (works without JavaScript)</a></p></noscript>
</div>
`;
}
