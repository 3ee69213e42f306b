import {ApiError} from '../../api-error.js';
import type {SpamConfig} from '../../config/spam.js';
import type {CommentInput, CommentStore} from '../../store/comment-store.js';
import {bodyHash} from './normalise.js';

// The flood guards after the per-client limit: per thread and site-wide, counted in the database (every instance
// shares them), and the duplicate check.

/** Bodies shorter than this may repeat in a thread from different people ("Thanks!", "+1"). */
const SHORT_BODY = 20;

/** Counts a post against the thread's and the site's limits; 429 with Retry-After when either is full. */
export async function takeSharedRates(store: CommentStore, config: SpamConfig, thread: string, nowMs: number): Promise<void> {
  const limits: [key: string, limit: number, message: string][] = [
    [`thread:${thread}`, config.threadRateLimit, 'This thread is getting many comments right now.'],
    ['global', config.globalRateLimit, 'This site is getting many comments right now.'],
  ];
  for (const [key, limit, message] of limits) {
    if (limit === 0) continue;
    const decision = await store.takeRate(key, {limit, windowMs: 60_000, now: nowMs});
    if (!decision.allowed) {
      throw new ApiError(429, 'rate_limited', `${message} Please wait ${decision.retryAfter} seconds and try again.`, {
        headers: {'Retry-After': String(decision.retryAfter)},
      });
    }
  }
}

/** The 409 for the same text again. */
export const duplicateError = () => new ApiError(409, 'duplicate', 'You already posted this.', {field: 'body'});

/**
 * Finds the same text posted before (ignoring case, accents, spacing and trailing punctuation) within the window:
 * from the same email or IP address anywhere, or in the same thread from anyone (unless it is short). Answers the
 * hash to store with the comment, and whether it is a duplicate.
 */
export async function findDuplicate(store: CommentStore, config: SpamConfig, {input, ip, nowMs}: {input: CommentInput; ip: string | null; nowMs: number}): Promise<{hash: string; duplicate: boolean}> {
  const hash = bodyHash(input.body);
  if (config.duplicateWindowMs === 0) return {hash, duplicate: false};
  const since = new Date(nowMs - config.duplicateWindowMs).toISOString();
  const thread = [...input.body.trim()].length >= SHORT_BODY ? input.thread : null;
  const duplicate = await store.spam.findDuplicate({bodyHash: hash, since, email: input.email, ip, thread});
  return {hash, duplicate: duplicate !== null};
}
