import {Hono} from 'hono';
import {clientIp, rateLimitKey} from '../client-ip.js';
import type {ServerConfig} from '../config.js';
import {encodeCursor} from '../cursor.js';
import type {PageCache} from '../cache/page-cache.js';
import {sendCompressedOnce} from '../http/compress.js';
import {jsonBody} from '../http/json-body.js';
import {idempotencyHeader, listQuery, newCommentBody} from '../schemas/comments.js';
import type {CommentService} from '../services/comments.js';
import type {FormTokens} from '../services/form-token.js';
import type {CommentStore} from '../store/comment-store.js';
import type {LiveLog} from '../live/live-log.js';

const encoder = new TextEncoder();

/** /api/comments: list a thread's pages (cached) and post a comment. */
export function commentRoutes({store, comments, pages, config, forms, live, now}: {
  store: CommentStore;
  comments: CommentService;
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
      const {thread, order, limit, cursor, after} = c.req.valid('query');
      const key = `${order} ${limit} ${cursor}`;
      let body = pages.get(thread, key);
      if (body === undefined) {
        const stamp = pages.stamp();
        // Before the read: every event up to here is in the page, so a stream resuming after it misses nothing
        // (replaying one the page already shows changes nothing).
        const events = live.position();
        const [page, info] = await Promise.all([store.listPage(thread, {order, limit, ...(after ? {after} : {})}), store.threads.get(thread)]);
        // Kept as bytes: encoding a 40 KB page on every request halved the reads a second. `closed` is cached with
        // the page, which is dropped on thread.changed.
        body = encoder.encode(JSON.stringify({comments: page.comments, next: page.next && encodeCursor(page.next), total: page.total, ...(info.closed ? {closed: true} : {}), ...features, events}));
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
      return result.kind === 'created'
        ? c.json({comment: result.comment}, 201)
        : c.json({comment: result.comment}, 200, {'Idempotent-Replayed': 'true'});
    })
    .all('/', (c) => {
      c.header('Allow', 'GET, POST, OPTIONS');
      return c.json({error: {code: 'method_not_allowed', message: 'This method is not supported here; use GET or POST.'}}, 405);
    });
}
