import {randomUUID} from 'node:crypto';
import {Hono} from 'hono';
import {validator} from 'hono/validator';
import {ApiError} from '../../api-error.js';
import {decodeCursor, encodeCursor} from '../../cursor.js';
import type {AdminEnv} from '../../http/admin-session.js';
import {jsonBody} from '../../http/json-body.js';
import type {EventBus} from '../../services/events.js';
import type {ModerationActions} from '../../services/moderation-actions.js';
import type {AdminStatusFilter} from '../../store/admin-store.js';
import type {CommentStore} from '../../store/comment-store.js';
import {validateNewComment, validateThread} from '../../validation.js';
import {readOwnerName} from './settings.js';
import {idParam, isCommentId, limitParam, objectWith, oneOf, single, text} from './validate.js';

const statuses: readonly AdminStatusFilter[] = ['queue', 'pending', 'spam', 'published', 'deleted', 'all'];
const actions = ['approve', 'hold', 'spam', 'ham', 'delete'] as const;

const searchQuery = validator('query', (query) => {
  const status = oneOf(single(query.status) ?? 'queue', 'status', statuses);
  const thread = single(query.thread);
  const author = single(query.author);
  const q = single(query.q);
  const cursor = single(query.cursor);
  return {
    status,
    ...(thread ? {thread: validateThread(thread)} : {}),
    ...(author ? {author: text(author, 'author', {max: 254})!} : {}),
    ...(q ? {q: text(q, 'q', {max: 500})!} : {}),
    ...(cursor ? {after: decodeCursor(cursor)} : {}),
    limit: limitParam(single(query.limit)),
  };
});

const actionBody = validator('json', (value) => {
  const body = objectWith(value, ['action', 'ids']);
  const action = oneOf(body.action, 'action', actions);
  const ids = body.ids;
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > 100 || !ids.every(isCommentId)) {
    throw new ApiError(400, 'invalid_ids', 'ids must list 1 to 100 comment ids.', {field: 'ids'});
  }
  return {action, ids: [...new Set(ids as string[])]};
});

const editBody = validator('json', (value) => {
  const body = objectWith(value, ['body', 'author', 'website']);
  if (Object.keys(body).length === 0) throw new ApiError(400, 'invalid_body', 'Send at least one of body, author, website.');
  for (const field of ['body', 'author'] as const) {
    if (field in body && typeof body[field] !== 'string') throw new ApiError(400, `invalid_${field}`, `${field} must be text.`, {field});
  }
  if ('website' in body && body.website !== null && typeof body.website !== 'string') {
    throw new ApiError(400, 'invalid_website', 'website must be text, or null to remove it.', {field: 'website'});
  }
  return body as {body?: string; author?: string; website?: string | null};
});

const replyBody = validator('json', (value) => {
  const {body} = objectWith(value, ['body']);
  return {body};
});

const banBody = validator('json', (value) => ({kind: oneOf(objectWith(value, ['kind']).kind, 'kind', ['email', 'ip'] as const)}));

/** /comments: the moderation queue and search, bulk actions, edits, owner replies, and bans by comment. */
export function commentRoutes({store, bus, moderation, now}: {store: CommentStore; bus: EventBus; moderation: ModerationActions; now: () => Date}) {
  const load = async (id: string) => {
    const comment = await store.admin.get(id);
    if (!comment) throw new ApiError(404, 'not_found', 'There is no such comment.');
    return comment;
  };

  return new Hono<AdminEnv>()
    .get('/', searchQuery, async (c) => {
      const found = await store.admin.search(c.req.valid('query'));
      return c.json({comments: found.comments, next: found.next && encodeCursor(found.next)}, 200);
    })
    .post('/actions', jsonBody(), actionBody, async (c) => {
      const {action, ids} = c.req.valid('json');
      const results = action === 'delete'
        ? await moderation.remove(ids, 'owner')
        : await moderation.setStatus(ids, action === 'spam' ? 'spam' : action === 'hold' ? 'pending' : 'published', 'owner');
      return c.json({results}, 200);
    })
    .get('/:id', idParam, async (c) => c.json({comment: await load(c.req.valid('param').id)}, 200))
    .patch('/:id', idParam, jsonBody(), editBody, async (c) => {
      const {id} = c.req.valid('param');
      await moderation.edit(id, c.req.valid('json'));
      return c.json({comment: await load(id)}, 200);
    })
    .post('/:id/reply', idParam, jsonBody(), replyBody, async (c) => {
      const parent = await load(c.req.valid('param').id);
      if (parent.status !== 'published') {
        throw new ApiError(409, 'parent_not_published', 'Approve the comment before replying to it, so readers can see what you answer.');
      }
      const input = validateNewComment({thread: parent.thread, parent: parent.id, author: await readOwnerName(store), body: c.req.valid('json').body});
      const key = `admin-reply:${randomUUID()}`;
      const result = await store.insertComment(input, {idempotencyKey: key, requestHash: key, status: 'published', createdAt: now().toISOString(), ip: null, owner: true});
      if (result.kind !== 'created') throw new Error('A fresh idempotency key was taken');
      bus.emit('comment.created', {comment: result.comment});
      return c.json({comment: await load(result.comment.id)}, 201);
    })
    .post('/:id/ban', idParam, jsonBody(), banBody, async (c) => {
      const comment = await load(c.req.valid('param').id);
      const {kind} = c.req.valid('json');
      const value = kind === 'email' ? comment.email : comment.ip;
      if (value === null) {
        throw new ApiError(409, 'nothing_to_ban', kind === 'email'
          ? 'This comment has no email address to ban.'
          : 'This comment’s IP address is no longer stored (it is cleared after the retention period).');
      }
      const ban = await store.bans.add(kind, value, {reason: `From comment ${comment.id}`, now: now().toISOString()});
      return c.json({ban}, 200);
    });
}
