import type {CommentStore, RateDecision} from '../store/comment-store.js';

/** Answers whether a client may post now; the counters live in the database, so every instance shares them. */
export interface RateLimiter {
  /** Counts an attempt by `key` (a client address) when allowed. */
  take(key: string): Promise<RateDecision>;
}

/** At most `limit` attempts per `windowMs` per key, as a sliding window; a limit of 0 allows everything. */
export function createRateLimiter({store, limit, windowMs = 60_000, now}: {store: CommentStore; limit: number; windowMs?: number; now: () => number}): RateLimiter {
  return {
    take: async (key) => (limit === 0 ? {allowed: true} : store.takeRate(key, {limit, windowMs, now: now()})),
  };
}
