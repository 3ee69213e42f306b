import {randomUUID} from 'node:crypto';
import {Hono} from 'hono';
import type {Context} from 'hono';
import type {Comment} from '../../adapters/adapter.js';
import type {SafeHtml} from '../../html/html.js';
import {ApiError} from '../api-error.js';
import {clientIp, rateLimitKey} from '../client-ip.js';
import type {ServerConfig} from '../config.js';
import {decodeCursor, encodeCursor} from '../cursor.js';
import {compressResponses} from '../http/compress.js';
import {maxBodyBytes} from '../http/json-body.js';
import type {PageComment} from '../pages/comment-markup.js';
import {pageStyles} from '../pages/page-styles.js';
import type {PostedTokens} from '../pages/posted-token.js';
import {emptyValues, errorPage, threadHref, threadPage, type FormValues} from '../pages/thread-page.js';
import type {CommentService} from '../services/comments.js';
import type {FormTokens} from '../services/form-token.js';
import type {CommentStore} from '../store/comment-store.js';
import {MAX_COMMENT_BYTES, MAX_REPLIES} from '../schemas/comments.js';
import {validateIdempotencyKey, validateNewComment, validatePostSignals, validateThread} from '../validation.js';

const PAGE_SIZE = 50;
/** Replies on a page of one branch (`/t?thread=…&branch=ID`). */
const BRANCH_PAGE_SIZE = 100;

// What a no-JS reader reads for a refusal whose API message speaks to a program.
const friendly: Record<string, string> = {
  too_fast: 'That was quick! Please wait a few seconds, then press “Post comment” again. Your text is kept below.',
  form_missing: 'This form is missing its security stamp. Please press “Post comment” again.',
  form_invalid: 'This form’s security stamp is not valid. Please press “Post comment” again.',
  form_expired: 'This form was open for a very long time. Please press “Post comment” again.',
  thread_closed: 'Comments are closed on this thread.',
};

/** GET /t (the thread page), POST /t (the form's post, then a redirect), GET /t.css. */
export function pageRoutes({store, comments, config, forms, posted, now}: {
  store: CommentStore;
  comments: CommentService;
  config: ServerConfig;
  forms: FormTokens;
  posted: PostedTokens;
  now: () => Date;
}) {
  const send = (c: Context, page: SafeHtml, status: 200 | 400 | 403 | 404 | 409 | 413 | 415 | 429 | 503 = 200, headers: Record<string, string> = {}) =>
    c.body(page.value, status, {'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers});

  /**
   * A page of the thread (its top-level comments, each with up to 100 of its branch's replies), or with `branch` one
   * top-level comment and a page of its branch; either within the size every list keeps to.
   */
  async function readPage(thread: string, cursor: string | undefined, branch: string | undefined) {
    if (branch === undefined) {
      const page = await store.listPage(thread, {order: 'oldest', limit: PAGE_SIZE, replies: MAX_REPLIES, maxBytes: MAX_COMMENT_BYTES, ...(cursor ? {after: decodeCursor(cursor)} : {})});
      return {comments: page.comments, total: page.total, next: page.next && encodeCursor(page.next)};
    }
    // branchPage answers null for an id that is no listed top-level comment of this thread (getComment, for any id).
    const [root, replies, counts] = await Promise.all([
      store.getComment(branch),
      store.branchPage(thread, branch, {limit: BRANCH_PAGE_SIZE, maxBytes: MAX_COMMENT_BYTES, ...(cursor ? {after: decodeCursor(cursor)} : {})}),
      store.countMany([thread]),
    ]);
    if (!root || !replies) throw new ApiError(404, 'not_found', 'There is no such comment in this thread: it may have been removed.');
    // The replies before this page are on the branch's earlier pages: the first ones here answer comments not shown.
    return {comments: [root, ...replies.comments], total: counts.get(thread) ?? 0, next: replies.next && encodeCursor(replies.next), root};
  }

  /** Renders the thread page: a page of comments, the reader's own held comment when `heldId` names one, and the form. */
  async function render(c: Context, thread: string, options: {
    cursor?: string; branch?: string; reply?: string; heldId?: string | null; values?: FormValues; error?: ApiError; token?: string;
  }) {
    const info = await store.threads.get(thread);
    // After a post from a branch's page whose top-level comment went meanwhile (removed, or marked spam): the thread's
    // first page, so the reader still sees what they typed, or that it was posted.
    const page = await readPage(thread, options.cursor, options.branch).catch((error) => {
      if (options.branch && (options.values || options.heldId) && error instanceof ApiError && error.status === 404) return readPage(thread, undefined, undefined);
      throw error;
    });
    const shown: PageComment[] = [...page.comments];
    let notice: 'published' | 'held' | undefined;
    if (options.heldId) {
      const own = await store.getComment(options.heldId);
      if (own && own.thread === thread && own.status !== 'deleted') {
        notice = own.status === 'published' ? 'published' : 'held';
        // Held comments are in no list: the signed id shows this one to its author, under its parent when that is here.
        // It is the newest, so last among its siblings: the end of the list is its place. A published one past what this
        // page holds (a long branch's) is shown there too, so its author sees it.
        if (own.status === 'pending') shown.push({...own, held: true});
        else if (!shown.some((x) => x.id === own.id)) shown.push(own);
      }
    }
    let replyTo: Comment | null = null;
    if (options.reply) {
      const target = await store.getComment(options.reply);
      if (target && target.thread === thread && target.status === 'published') replyTo = target;
    }
    const error = options.error;
    const html = threadPage({
      thread: info,
      comments: shown,
      total: page.total,
      next: page.next,
      ...('root' in page ? {branch: page.root, ...(options.cursor ? {cursor: options.cursor} : {})} : {}),
      replyTo,
      token: options.token ?? forms.issue(thread, now().getTime()),
      key: randomUUID(),
      values: options.values ?? emptyValues,
      ...(error ? {error: {message: friendly[error.code] ?? error.message, ...(error.field ? {field: error.field} : {})}} : {}),
      ...(notice ? {notice} : {}),
    });
    return send(c, html, (error?.status ?? 200) as 200, error?.headers);
  }

  // Scoped to these paths: mounted at the root, a bare use() would run for every request the app serves.
  return new Hono()
    .use('/t', compressResponses())
    .use('/t.css', compressResponses())
    .get('/t.css', (c) => c.body(pageStyles, 200, {'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=86400'}))
    .get('/t', async (c) => {
      const query = c.req.query();
      try {
        const thread = validateThread(query.thread);
        return await render(c, thread, {cursor: query.cursor, branch: query.branch || undefined, reply: query.reply, heldId: posted.read(query.posted)});
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        return send(c, errorPage(error.message), error.status as 400);
      }
    })
    .post('/t', async (c) => {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/x-www-form-urlencoded') return send(c, errorPage('Send the form as application/x-www-form-urlencoded.'), 415);
      if (Number(c.req.header('content-length') ?? 0) > maxBodyBytes) return send(c, errorPage('The form is larger than 64 KiB.'), 413);
      const bytes = await c.req.arrayBuffer();
      if (bytes.byteLength > maxBodyBytes) return send(c, errorPage('The form is larger than 64 KiB.'), 413);
      const form = new URLSearchParams(new TextDecoder().decode(bytes));
      const get = (name: string) => form.get(name) ?? '';
      const values: FormValues = {author: get('author'), email: get('email'), website: get('website'), body: get('body')};
      let thread: string;
      try {
        thread = validateThread(form.get('thread'));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        return send(c, errorPage(error.message), 400);
      }
      const token = get('form');
      // The branch page the form was on, if any: where the reader goes back to (anything else there is ignored).
      const branch = /^[1-9]\d{0,14}$/.test(get('branch')) ? get('branch') : undefined;
      try {
        if ((await store.threads.get(thread)).closed) throw new ApiError(403, 'thread_closed', 'Comments are closed on this thread.');
        const fields = {thread, parent: get('parent') || null, author: values.author, email: values.email || null, website: values.website || null, body: values.body};
        const input = validateNewComment(fields);
        const signals = validatePostSignals({...fields, form: token || null, subject: get('subject') || null});
        const idempotencyKey = validateIdempotencyKey(`page:${get('key')}`);
        const ip = clientIp(c, config.trustProxy);
        const result = await comments.create({
          input, signals, idempotencyKey, rateKey: rateLimitKey(ip), ip,
          userAgent: c.req.header('user-agent') ?? null, referrer: c.req.header('referer') ?? null,
        });
        // Post, redirect, get: a reload shows the page again instead of sending the form twice (the branch's, when the
        // form was on one).
        return c.redirect(threadHref(thread, {...(branch ? {branch} : {}), posted: posted.sign(result.comment.id)}, `#c-${result.comment.id}`), 303);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        // A stamp that failed its check is replaced; a good one is kept, so waiting out `too_fast` is enough.
        const keep = token && !error.code.startsWith('form_') ? token : undefined;
        return render(c, thread, {reply: get('parent') || undefined, ...(branch ? {branch} : {}), values, error, ...(keep ? {token: keep} : {})});
      }
    });
}
