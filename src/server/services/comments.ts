import {createHash} from 'node:crypto';
import type {Comment, CommentStatus} from '../../adapters/adapter.js';
import {ApiError} from '../api-error.js';
import type {PolicySettings} from './policy-settings.js';
import type {CommentInput, CommentStore, InsertResult} from '../store/comment-store.js';
import type {PostSignals} from '../validation.js';
import type {EventBus} from './events.js';
import type {RateLimiter} from './rate-limiter.js';

/** A new comment as a route hands it over: validated fields, the request's key and the client's rate-limit key. */
export interface CreateRequest {
  input: CommentInput;
  idempotencyKey: string;
  /** Whom the rate limit counts this attempt against (a client address or its /64). */
  rateKey: string;
  /** Stored with the comment for abuse handling, and cleared after the retention period. */
  ip: string | null;
  /** Spam signals and the reply-notification wish sent with the post. */
  signals: PostSignals;
  /** Sent to the spam checker, stored like `ip` and cleared with it. */
  userAgent: string | null;
  referrer: string | null;
}

/** What a create ended with: a new comment, or the one an earlier request with the same key made. */
export type CreateResult = {kind: 'created'; comment: Comment} | {kind: 'replayed'; comment: Comment};

/** The write policy for comments. Routes call it; it decides, writes through the store and emits events. */
export interface CommentService {
  create(request: CreateRequest): Promise<CreateResult>;
}

export function createCommentService({store, bus, limiter, policy, now}: {
  store: CommentStore;
  bus: EventBus;
  limiter: RateLimiter;
  policy: PolicySettings;
  now: () => Date;
}): CommentService {
  return {
    async create({input, idempotencyKey, rateKey, ip, userAgent, referrer}) {
      const requestHash = hashRequest(input);
      // 1. Idempotency: a replay answers even when the client is over its rate limit, since it adds nothing.
      const earlier = await store.findByIdempotencyKey(idempotencyKey, requestHash);
      if (earlier) return settle(earlier);
      // 2. Parent.
      await checkParent(store, input);
      // 3. Rate limit.
      const allowed = await limiter.take(rateKey);
      if (!allowed.allowed) {
        throw new ApiError(429, 'rate_limited', `You are posting too quickly. Please wait ${allowed.retryAfter} seconds and try again.`, {
          headers: {'Retry-After': String(allowed.retryAfter)},
        });
      }
      // 4. Rules (spam checks will go here) and 5. status.
      const status: CommentStatus = policy.mode === 'off' ? 'published' : 'pending';
      const result = settle(await store.insertComment(input, {idempotencyKey, requestHash, status, createdAt: now().toISOString(), ip, userAgent, referrer}));
      // Only after the commit: a reader who refills the page cache now sees the new row.
      if (result.kind === 'created') bus.emit('comment.created', {comment: result.comment});
      return result;
    },
  };
}

function settle(result: InsertResult): CreateResult {
  if (result.kind === 'conflict') {
    throw new ApiError(409, 'idempotency_conflict', 'This Idempotency-Key was already used for a different comment. Use a new key for a new comment.');
  }
  return result;
}

/** Refuses a parent that doesn't exist, lives in another thread, or isn't visible yet. */
async function checkParent(store: CommentStore, input: CommentInput): Promise<void> {
  if (input.parent === null) return;
  const parent = await store.getComment(input.parent);
  if (!parent || parent.thread !== input.thread || parent.status !== 'published') {
    throw new ApiError(400, 'invalid_parent', 'The comment you are replying to does not exist in this thread.', {field: 'parent'});
  }
}

/** Same key + same hash = the same comment. Made from the validated fields, so `"email": ""` and no email match. */
function hashRequest(input: CommentInput): string {
  const fields = [input.thread, input.parent, input.author, input.email, input.website, input.body];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
