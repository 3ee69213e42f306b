import {Hono} from 'hono';
import type {ServerConfig} from '../config.js';
import {ApiError} from '../api-error.js';
import {encodeCursor} from '../cursor.js';
import {treeBytes, treeOnly} from '../http/comment-trees.js';
import {baseUrl} from '../pages/base-url.js';
import {FRAGMENT_PAGE, fragmentMarkup} from '../pages/fragment.js';
import {MAX_COMMENT_BYTES} from '../schemas/comments.js';
import type {FormTokens} from '../services/form-token.js';
import type {CommentStore} from '../store/comment-store.js';
import {validateThread} from '../validation.js';


const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * /api/fragment?thread=ID: the first page as HTML for a build-time include. /api/fragment/newer?thread=ID&since=ISO:
 * for the takeover, the comments of today's first page made after `since` (the fragment's newest), with the page's
 * `next` and `total`: what the fragment lacks, and only that, goes over the network.
 */
export function fragmentRoutes({store, config, forms, now}: {store: CommentStore; config: ServerConfig; forms: FormTokens; now: () => Date}) {
  const firstPage = async (thread: string) => {
    // The widget adopts the page as its first: the same comments as it lists, bounded as every list is (it carries trees).
    const page = await store.listPage(thread, {order: 'oldest', ...FRAGMENT_PAGE, maxBytes: MAX_COMMENT_BYTES, measure: treeBytes});
    return {comments: page.comments, next: page.next && encodeCursor(page.next), total: page.total};
  };
  return new Hono()
    .get('/', async (c) => {
      const thread = validateThread(c.req.query('thread'));
      const markup = fragmentMarkup({thread, base: baseUrl(c, config), page: await firstPage(thread)});
      return c.body(markup.value, 200, {'Content-Type': 'text/html; charset=utf-8'});
    })
    .get('/newer', async (c) => {
      const thread = validateThread(c.req.query('thread'));
      const since = c.req.query('since') ?? '';
      if (since !== '' && !isoTime.test(since)) throw new ApiError(400, 'invalid_since', 'since must be an ISO time like 2026-01-01T00:00:00.000Z (the fragment’s data-natter-newest).', {field: 'since'});
      const page = await firstPage(thread);
      // What is newer, and a fresh copy of each top-level comment whose branch may have changed since: one with a reply
      // newer than `since` here, or one cut short (its replies past the page can't be seen from here). The widget keeps
      // the fragment's place and these copies' counts, so "Show more replies" counts what is there now.
      const changed = new Set<string>();
      let root = '';
      for (const x of page.comments) {
        if (x.parent === null) root = x.id;
        else if (x.createdAt > since) changed.add(root);
      }
      const comments = page.comments.filter((x) => x.createdAt > since || (x.parent === null && (changed.has(x.id) || x.replyNext !== undefined)));
      // The takeover's first list answer: like every list, it hands out the form stamp the first post needs.
      return c.json({...page, comments: comments.map(treeOnly)}, 200, {'Natter-Form': forms.issue(thread, now().getTime())});
    });
}
