import {Hono} from 'hono';
import {validator} from 'hono/validator';
import {ApiError} from '../../api-error.js';
import type {ServerConfig} from '../../config.js';
import type {AdminEnv} from '../../http/admin-session.js';
import {jsonBody} from '../../http/json-body.js';
import {readPolicy, writePolicy} from '../../services/policy-settings.js';
import type {CommentStore} from '../../store/comment-store.js';
import {validateNewComment} from '../../validation.js';
import {objectWith} from './validate.js';

const ownerNameKey = 'admin.ownerName';

/** The name the owner's replies carry ("Owner" until set in admin). */
export async function readOwnerName(store: CommentStore): Promise<string> {
  return (await store.settings.get<string>(ownerNameKey)) ?? 'Owner';
}

const settingsBody = validator('json', (value) => {
  const body = objectWith(value, ['policy', 'ownerName']);
  let ownerName: string | undefined;
  if (body.ownerName !== undefined) {
    if (typeof body.ownerName !== 'string') throw new ApiError(400, 'invalid_author', 'ownerName must be text.', {field: 'ownerName'});
    // The same rules as a commenter's name, since it is shown in the same place.
    ownerName = validateNewComment({thread: 'settings', author: body.ownerName, body: 'x'}).author;
  }
  return {policy: body.policy, ownerName};
});

/** GET and PUT /settings: the moderation policy and the owner's display name. */
export function settingsRoutes({store, config, now}: {store: CommentStore; config: ServerConfig; now: () => Date}) {
  const answer = async () => ({policy: await readPolicy(store, config.policy), ownerName: await readOwnerName(store)});
  return new Hono<AdminEnv>()
    .get('/', async (c) => c.json(await answer(), 200))
    .put('/', jsonBody(), settingsBody, async (c) => {
      const {policy, ownerName} = c.req.valid('json');
      // Both checked before either is saved: writePolicy validates fully before it writes.
      if (policy !== undefined) await writePolicy(store, config.policy, policy, now().toISOString());
      if (ownerName !== undefined) await store.settings.set(ownerNameKey, ownerName, now().toISOString());
      return c.json(await answer(), 200);
    });
}
