import {createHash} from 'node:crypto';
import type {Comment} from '../../adapters/adapter.js';
import {ApiError} from '../api-error.js';
import type {ServerConfig} from '../config.js';
import type {CommentInput, CommentState, CommentStore, InsertResult} from '../store/comment-store.js';
import {ParentGoneError} from '../store/comment-store.js';
import type {PostSignals} from '../validation.js';
import type {EventBus} from './events.js';
import type {FormTokens} from './form-token.js';
import {readPolicy} from './policy-settings.js';
import {checkForm} from './policy/form-check.js';
import {duplicateError, findDuplicate, takeSharedRates} from './policy/limits.js';
import {holdReasons, spamReasons} from './policy/rules.js';
import type {RateLimiter} from './rate-limiter.js';
import {deriveOwnerToken, hashOwnerToken} from './owner-token.js';
import type {Secrets} from './secrets.js';

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

/**
 * What a create ended with: a new comment, or the one an earlier request with the same key made. `token` is the
 * owner token (services/owner-token.ts) that lets its author edit or delete it; a replay answers the same one.
 */
export type CreateResult = {kind: 'created'; comment: Comment; token: string} | {kind: 'replayed'; comment: Comment; token: string};

/** The write policy for comments. Routes call it; it decides, writes through the store and emits events. */
export interface CommentService {
  create(request: CreateRequest): Promise<CreateResult>;
}

/** Hands a stored comment to the background spam check (Akismet); absent when none is configured. */
export interface SpamQueue {
  enqueue(id: string): void;
}

export function createCommentService({store, bus, limiter, forms, config, secrets, checker, now}: {
  store: CommentStore;
  secrets: Secrets;
  bus: EventBus;
  limiter: RateLimiter;
  forms: FormTokens;
  config: ServerConfig;
  checker?: SpamQueue | undefined;
  now: () => Date;
}): CommentService {
  return {
    async create({input, idempotencyKey, rateKey, ip, signals, userAgent, referrer}) {
      const requestHash = hashRequest(input);
      const token = deriveOwnerToken(secrets, idempotencyKey, requestHash);
      const settle = (result: InsertResult): CreateResult => ({...settled(result), token});
      // 1. Idempotency: a replay answers even when the client is over its rate limit, since it adds nothing.
      const earlier = await store.findByIdempotencyKey(idempotencyKey, requestHash);
      if (earlier) return settle(earlier);
      const nowMs = now().getTime();
      // 2. Refusals that need no counting: a closed thread, the form token, the parent.
      const [policy, thread] = await Promise.all([readPolicy(store, config.policy), store.threads.get(input.thread)]);
      if (thread.closed) throw new ApiError(403, 'thread_closed', 'Comments are closed on this thread.');
      checkForm(forms, signals.form, input.thread, nowMs, policy.minSeconds);
      await checkParent(store, input);
      // 3. The client's own rate limit, then the same text again.
      const allowed = await limiter.take(rateKey);
      if (!allowed.allowed) {
        throw new ApiError(429, 'rate_limited', `You are posting too quickly. Please wait ${allowed.retryAfter} seconds and try again.`, {
          headers: {'Retry-After': String(allowed.retryAfter)},
        });
      }
      const {hash: bodyHash, duplicate} = await findDuplicate(store, config.spam, {input, ip, nowMs});
      if (duplicate) {
        // The same request may have landed meanwhile (a retry sent while the first was still on its way): answer it.
        const landed = await store.findByIdempotencyKey(idempotencyKey, requestHash);
        if (landed) return settle(landed);
        throw duplicateError();
      }
      // 4. Spam is kept (never shown) without touching the thread's and site's limits, which readers share.
      const spam = await spamReasons(store, {input, ip, subject: signals.subject});
      let status: CommentState = 'spam';
      let reasons = spam;
      let spamCheck: 'publish' | 'hold' | null = null;
      if (spam.length === 0) {
        await takeSharedRates(store, config.spam, input.thread, nowMs);
        reasons = await holdReasons(store, policy, input);
        status = reasons.length === 0 ? 'published' : 'pending';
        // With a checker, nothing goes live before it answered: stored as pending with a durable marker, so a
        // crash before the check leaves it held (and the check resumes at the next start), never published unchecked.
        if (checker) {
          spamCheck = status === 'published' ? 'publish' : 'hold';
          status = 'pending';
        }
      }
      const result = settle(await insert(store, input, {
        idempotencyKey, requestHash, status, createdAt: now().toISOString(), ip, userAgent, referrer,
        reasons: reasons.length === 0 ? null : reasons.join('\n'), spamCheck, bodyHash, tokenHash: hashOwnerToken(token),
      }));
      // Only after the commit: a reader who refills the page cache now sees the new row. Spam is nobody's news: it
      // is never shown, mailed or sent to webhooks (admin finds it in the queue).
      if (result.kind === 'created' && status !== 'spam') {
        bus.emit('comment.created', {comment: result.comment});
        if (spamCheck !== null) checker?.enqueue(result.comment.id);
      }
      return result;
    },
  };
}

function settled(result: InsertResult): {kind: 'created' | 'replayed'; comment: Comment} {
  if (result.kind === 'conflict') {
    throw new ApiError(409, 'idempotency_conflict', 'This Idempotency-Key was already used for a different comment. Use a new key for a new comment.');
  }
  if (result.kind === 'removed') {
    // A resend of a comment removed since (by a moderator or its author): answered as settled, never stored a second time.
    throw new ApiError(410, 'comment_removed', 'This comment was posted and has since been removed, by its author or a moderator.');
  }
  return result;
}

/** Writes through the store, turning a parent removed mid-write into the same answer as a missing one. */
async function insert(store: CommentStore, ...args: Parameters<CommentStore['insertComment']>): Promise<InsertResult> {
  try {
    return await store.insertComment(...args);
  } catch (error) {
    if (error instanceof ParentGoneError) {
      throw new ApiError(400, 'invalid_parent', 'The comment you are replying to does not exist in this thread.', {field: 'parent'});
    }
    throw error;
  }
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
