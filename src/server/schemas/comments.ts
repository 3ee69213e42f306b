import {validator} from 'hono/validator';
import type {SortOrder} from '../../adapters/adapter.js';
import {ApiError} from '../api-error.js';
import {decodeCursor} from '../cursor.js';
import type {PagePosition} from '../store/comment-store.js';
import {validateIdempotencyKey, validateNewComment, validatePostSignals, validateThread} from '../validation.js';

/** The Idempotency-Key header every POST needs. */
export const idempotencyHeader = validator('header', (headers) => ({key: validateIdempotencyKey(headers['idempotency-key'])}));

/** The new comment in the body (after `jsonBody()` has read it), and the post's other signals. */
export const newCommentBody = validator('json', (value) => {
  const input = validateNewComment(value);
  return {input, signals: validatePostSignals(value as Record<string, unknown>)};
});

/** GET /api/comments: one thread, an order, a page size and where to start. */
export const listQuery = validator('query', (query) => {
  const threads = asList(query.thread);
  if (threads.length > 1) throw new ApiError(400, 'invalid_thread', 'Ask for one thread at a time.', {field: 'thread'});
  const thread = validateThread(threads[0]);
  const order = parseOrder(last(query.order));
  const limit = parseLimit(last(query.limit));
  const cursor = last(query.cursor);
  const after: PagePosition | undefined = cursor ? decodeCursor(cursor) : undefined;
  return {thread, order, limit, cursor: cursor ?? '', after};
});

/** GET /api/counts: 1 to 100 threads. */
export const countsQuery = validator('query', (query) => {
  const threads = asList(query.thread);
  if (threads.length < 1 || threads.length > 100) {
    throw new ApiError(400, 'invalid_thread', 'Ask for 1 to 100 threads, as ?thread=a&thread=b.', {field: 'thread'});
  }
  return {threads: threads.map((t) => validateThread(t))};
});

const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
// Hono's c.req.query() took the first of repeated parameters; keep that for the single-valued ones.
const last = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

function parseOrder(value: string | undefined): SortOrder {
  if (value === undefined || value === '') return 'oldest';
  if (value === 'oldest' || value === 'newest') return value;
  throw new ApiError(400, 'invalid_order', 'The order must be "oldest" or "newest".', {field: 'order'});
}

function parseLimit(value: string | undefined): number {
  if (value === undefined || value === '') return 50;
  const limit = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= 100)) {
    throw new ApiError(400, 'invalid_limit', 'The limit must be a whole number from 1 to 100.', {field: 'limit'});
  }
  return limit;
}
