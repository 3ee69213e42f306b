import {Hono} from 'hono';
import {validator} from 'hono/validator';
import {ApiError} from '../../api-error.js';
import type {AdminEnv} from '../../http/admin-session.js';
import {jsonBody} from '../../http/json-body.js';
import type {EventBus} from '../../services/events.js';
import type {CommentStore} from '../../store/comment-store.js';
import {normaliseBan} from '../../store/kysely/owner-stores.js';
import {validateThread} from '../../validation.js';
import {limitParam, objectWith, oneOf, single, text} from './validate.js';

const kinds = ['email', 'ip'] as const;

/** A ban's kind and value, the value normalised (an IPv6 address to its /64) or refused. */
function banTarget(body: Record<string, unknown>) {
  const kind = oneOf(body.kind, 'kind', kinds);
  const value = text(body.value, 'value', {max: 254})!;
  if (normaliseBan(kind, value) === null) {
    throw new ApiError(400, 'invalid_value', kind === 'email' ? 'That is not an email address.' : 'That is not an IP address (IPv4, IPv6, or an IPv6 /64).', {field: 'value'});
  }
  return {kind, value};
}

const addBan = validator('json', (value) => {
  const body = objectWith(value, ['kind', 'value', 'reason']);
  const reason = body.reason === null ? undefined : text(body.reason, 'reason', {max: 500, optional: true});
  return {...banTarget(body), reason: reason ?? null};
});
const liftBan = validator('json', (value) => banTarget(objectWith(value, ['kind', 'value'])));

/** /bans: list, add and lift bans on an email address or an IP address (IPv6 by /64). */
export function banRoutes({store, now}: {store: CommentStore; now: () => Date}) {
  return new Hono<AdminEnv>()
    .get('/', async (c) => c.json({bans: await store.bans.list()}, 200))
    .post('/', jsonBody(), addBan, async (c) => {
      const {kind, value, reason} = c.req.valid('json');
      return c.json({ban: await store.bans.add(kind, value, {reason, now: now().toISOString()})}, 200);
    })
    .post('/delete', jsonBody(), liftBan, async (c) => {
      const {kind, value} = c.req.valid('json');
      return c.json({removed: await store.bans.remove(kind, value)}, 200);
    });
}

const threadsQuery = validator('query', (query) => {
  const q = single(query.q);
  const cursor = single(query.cursor);
  let after: string | undefined;
  if (cursor) {
    after = /^[A-Za-z0-9_-]{1,2800}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
    try {
      validateThread(after, 'cursor');
    } catch {
      throw new ApiError(400, 'invalid_cursor', 'The cursor is not one this server handed out. Start again from the first page.', {field: 'cursor'});
    }
  }
  return {...(q ? {q: text(q, 'q', {max: 500})!} : {}), ...(after !== undefined ? {after} : {}), limit: limitParam(single(query.limit))};
});

const closeBody = validator('json', (value) => {
  const body = objectWith(value, ['thread', 'closed']);
  if (typeof body.closed !== 'boolean') throw new ApiError(400, 'invalid_closed', 'closed must be true or false.', {field: 'closed'});
  return {thread: validateThread(body.thread), closed: body.closed};
});

/** /threads: every thread with its counts, and closing one to new comments. */
export function threadRoutes({store, bus, now}: {store: CommentStore; bus: EventBus; now: () => Date}) {
  return new Hono<AdminEnv>()
    .get('/', threadsQuery, async (c) => {
      const page = await store.admin.threads(c.req.valid('query'));
      return c.json({threads: page.threads, next: page.next === null ? null : Buffer.from(page.next).toString('base64url')}, 200);
    })
    .post('/close', jsonBody(), closeBody, async (c) => {
      const {thread, closed} = c.req.valid('json');
      await store.threads.setClosed(thread, closed, now().toISOString());
      bus.emit('thread.changed', {thread});
      return c.json({thread: await store.threads.get(thread)}, 200);
    });
}
