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

/** The most replies under each top-level comment a list page may be asked for; the rest come through `branch`. */
export const MAX_REPLIES = 100;
/** The most a list or branch response's body may weigh, whatever the thread's shape (README, Server protocol). */
export const MAX_LIST_BYTES = 256 * 1024;
/** What a page's comments may take of that: the rest is room for the brackets, `next`, `total` and the other fields. */
export const MAX_COMMENT_BYTES = MAX_LIST_BYTES - 1024;

/**
 * GET /api/comments: one thread, an order, a page size, replies per branch and where to start; or, with `branch`,
 * a page of that top-level comment's replies (order and replies don't apply there).
 */
export const listQuery = validator('query', (query) => {
  const threads = asList(query.thread);
  if (threads.length > 1) throw new ApiError(400, 'invalid_thread', 'Ask for one thread at a time.', {field: 'thread'});
  const thread = validateThread(threads[0]);
  const order = parseOrder(last(query.order));
  const limit = parseLimit(last(query.limit));
  const replies = parseReplies(last(query.replies));
  const branch = last(query.branch);
  if (branch !== undefined && !/^[1-9]\d{0,14}$/.test(branch)) {
    throw new ApiError(400, 'invalid_branch', 'The branch must be the id of a top-level comment of this thread.', {field: 'branch'});
  }
  const format = last(query.format) ?? 'markdown';
  if (format !== 'markdown' && format !== 'tree') {
    throw new ApiError(400, 'invalid_format', 'The format must be "markdown" (each body as its source) or "tree" (each body parsed, as the widget asks).', {field: 'format'});
  }
  const cursor = last(query.cursor);
  // A branch's cursors are reply positions, never scored: only a page of order `top` reads a score.
  const after: PagePosition | undefined = cursor ? decodeCursor(cursor, branch === undefined && order === 'top') : undefined;
  return {thread, order, limit, replies, branch, format, cursor: cursor ?? '', after};
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
  if (value === 'oldest' || value === 'newest' || value === 'top') return value;
  throw new ApiError(400, 'invalid_order', 'The order must be "oldest", "newest" or "top".', {field: 'order'});
}

function parseLimit(value: string | undefined): number {
  if (value === undefined || value === '') return 50;
  const limit = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= 100)) {
    throw new ApiError(400, 'invalid_limit', 'The limit must be a whole number from 1 to 100.', {field: 'limit'});
  }
  return limit;
}

/** A list request that doesn't say `replies` gets the most there may be: a branch's further replies come through `branch`. */
function parseReplies(value: string | undefined): number {
  if (value === undefined || value === '') return MAX_REPLIES;
  const replies = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(replies >= 0 && replies <= MAX_REPLIES)) {
    throw new ApiError(400, 'invalid_replies', `The replies must be a whole number from 0 to ${MAX_REPLIES}: how many replies to list under each top-level comment.`, {field: 'replies'});
  }
  return replies;
}

/** `:id` in /api/comments/:id: a comment id, else nothing is there (404). */
export const commentParam = validator('param', (param) => {
  const id = param.id ?? '';
  if (!/^[1-9]\d{0,14}$/.test(id)) throw new ApiError(404, 'not_found', 'There is no such comment.');
  return {id};
});

/** The owner token from `Authorization: Bearer <token>`, or null when none was sent (the service answers 401). */
export const ownerTokenHeader = validator('header', (headers) => {
  const match = /^Bearer[ ]+(\S*)\s*$/i.exec(headers.authorization ?? '');
  return {token: match?.[1] ? match[1] : null};
});

/** PATCH /api/comments/:id: `{body}` and nothing else. The body itself is checked with the comment (validateNewComment). */
export const editBody = validator('json', (value) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(400, 'invalid_json', 'The request body must be a JSON object: {"body": "the new text"}.');
  }
  for (const key of Object.keys(value)) {
    if (key !== 'body') throw new ApiError(400, 'unknown_field', 'Only the text of a comment can be edited: send {"body": "…"}.', {field: key.slice(0, 40)});
  }
  return {body: (value as {body?: unknown}).body};
});

/** POST /api/comments/:id/vote: `{value: 1 | -1 | 0, voter}`, voter being the browser's random key. */
export const voteBody = validator('json', (value) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(400, 'invalid_json', 'The request body must be a JSON object: {"value": 1, "voter": "…"}.');
  }
  const {value: vote, voter, ...rest} = value as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) throw new ApiError(400, 'unknown_field', 'A vote has only "value" and "voter".', {field: extra.slice(0, 40)});
  if (vote !== 1 && vote !== -1 && vote !== 0) throw new ApiError(400, 'invalid_vote', 'The vote must be 1 (up), -1 (down) or 0 (take it back).', {field: 'value'});
  if (typeof voter !== 'string' || !/^[A-Za-z0-9_-]{22,64}$/.test(voter)) {
    throw new ApiError(400, 'invalid_voter', 'The voter key must be 22 to 64 letters, digits, - or _ (a random key kept by the browser).', {field: 'voter'});
  }
  return {value: vote as 1 | -1 | 0, voter};
});
