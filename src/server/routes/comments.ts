import {Hono} from 'hono';
import type {Comment} from '../../adapters/adapter.js';
import {ApiError} from '../api-error.js';
import type {Context} from 'hono';
import {clientIp, rateLimitKey} from '../client-ip.js';
import type {ServerConfig} from '../config.js';
import {encodeCursor} from '../cursor.js';
import type {PageCache} from '../cache/page-cache.js';
import {sendCompressedOnce} from '../http/compress.js';
import {treeBytes, treeOnly, withTree} from '../http/comment-trees.js';
import {jsonBody} from '../http/json-body.js';
import {MAX_COMMENT_BYTES, commentParam, editBody, idempotencyHeader, listQuery, newCommentBody, ownerTokenHeader, voteBody} from '../schemas/comments.js';
import type {CommentService} from '../services/comments.js';
import type {ReaderActions} from '../services/reader-actions.js';
import type {FormTokens} from '../services/form-token.js';
import type {CommentStore} from '../store/comment-store.js';
import type {LiveLog} from '../live/live-log.js';

const encoder = new TextEncoder();

/** /api/comments: list a thread's pages (cached), post a comment, and the author's edit and delete, and votes. */
export function commentRoutes({store, comments, readers, pages, config, forms, live, now}: {
  store: CommentStore;
  comments: CommentService;
  readers: ReaderActions;
  pages: PageCache;
  config: ServerConfig;
  forms: FormTokens;
  live: LiveLog;
  now: () => Date;
}) {
  // What readers may do, the same for every page: votes and the edit window (README, Server protocol).
  const {votes, editWindowMs} = config.readers;
  const features = {...(votes === 'off' ? {} : {votes}), ...(editWindowMs > 0 ? {editWindow: editWindowMs / 1000} : {})};
  return new Hono()
    .get('/', listQuery, async (c) => {
      const {thread, order, limit, replies, branch, format, cursor, after} = c.req.valid('query');
      // Every parameter that changes the answer is in the key; a branch's pages live with their thread's (dropped with it).
      const key = `${format} ` + (branch === undefined ? `${order} ${limit} ${replies} ${cursor}` : `branch ${branch} ${limit} ${cursor}`);
      let body = pages.get(thread, key);
      if (body === undefined) {
        const stamp = pages.stamp();
        // Votes cast while votes were on stay stored, but aren't shown while they are off.
        const shown = (list: Comment[]) => (votes === 'off' ? list.map(({votes: _, ...c}) => c) : list).map(format === 'tree' ? treeOnly : (c) => c);
        // A byte bound counts each comment as it is sent.
        const measure = format === 'tree' ? {measure: treeBytes} : {};
        if (branch !== undefined) {
          const page = await store.branchPage(thread, branch, {limit, maxBytes: MAX_COMMENT_BYTES, ...measure, ...(after ? {after} : {})});
          if (!page) throw new ApiError(404, 'not_found', 'There is no such top-level comment in this thread.');
          body = encoder.encode(JSON.stringify({comments: shown(page.comments), next: page.next && encodeCursor(page.next)}));
        } else {
          // Before the read: every event up to here is in the page, so a stream resuming after it misses nothing
          // (replaying one the page already shows changes nothing).
          const events = live.position();
          const [page, info] = await Promise.all([
            store.listPage(thread, {order, limit, replies, maxBytes: MAX_COMMENT_BYTES, ...measure, ...(after ? {after} : {})}),
            store.threads.get(thread),
          ]);
          // Kept as bytes: encoding a 40 KB page on every request halved the reads a second. `closed` is cached with
          // the page, which is dropped on thread.changed.
          body = encoder.encode(JSON.stringify({comments: shown(page.comments), next: page.next && encodeCursor(page.next), total: page.total, ...(info.closed ? {closed: true} : {}), ...features, events}));
        }
        pages.set(thread, key, body, stamp);
      }
      const response = await sendCompressedOnce(c, body, 'application/json; charset=UTF-8');
      // Signed per response (the page itself is cached): when the form was shown, for the spam check on the post.
      response.headers.set('Natter-Form', forms.issue(thread, now().getTime()));
      return response;
    })
    .post('/', idempotencyHeader, jsonBody(), newCommentBody, async (c) => {
      const ip = clientIp(c, config.trustProxy);
      const {input, signals} = c.req.valid('json');
      const result = await comments.create({
        input, signals, idempotencyKey: c.req.valid('header').key, rateKey: rateLimitKey(ip), ip,
        userAgent: c.req.header('user-agent') ?? null, referrer: c.req.header('referer') ?? null,
      });
      // The owner token goes to the author only, with the post's answer (a replay re-derives the same one).
      return result.kind === 'created'
        ? c.json({comment: withTree(result.comment), token: result.token}, 201)
        : c.json({comment: withTree(result.comment), token: result.token}, 200, {'Idempotent-Replayed': 'true'});
    })
    .all('/', (c) => notAllowed(c, 'GET, POST, OPTIONS'))
    .patch('/:id', commentParam, ownerTokenHeader, jsonBody(), editBody, async (c) => {
      const {id} = c.req.valid('param');
      const comment = await readers.edit(id, c.req.valid('json').body, c.req.valid('header').token, clientIp(c, config.trustProxy));
      return c.json({comment: withTree(comment)});
    })
    .delete('/:id', commentParam, ownerTokenHeader, async (c) => {
      const comment = await readers.remove(c.req.valid('param').id, c.req.valid('header').token, clientIp(c, config.trustProxy));
      return c.json({comment: comment && withTree(comment)});
    })
    .all('/:id', (c) => notAllowed(c, 'PATCH, DELETE, OPTIONS'))
    .post('/:id/vote', commentParam, jsonBody(), voteBody, async (c) => {
      const {value, voter} = c.req.valid('json');
      const votes = await readers.vote(c.req.valid('param').id, value, voter, clientIp(c, config.trustProxy));
      return c.json({votes, value});
    })
    .all('/:id/vote', (c) => notAllowed(c, 'POST, OPTIONS'));
}

function notAllowed(c: Context, allow: string) {
  c.header('Allow', allow);
  return c.json({error: {code: 'method_not_allowed', message: `This method is not supported here; use ${allow.replace(', OPTIONS', '').replace(/, (\w+)$/, ' or $1')}.`}}, 405);
}
