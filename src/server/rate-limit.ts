/** Answers whether a client may post now, and if not, how many seconds until it may. */
export interface RateLimiter {
  /** Records a post by `key` when allowed. */
  take(key: string): {allowed: true} | {allowed: false; retryAfter: number};
}

/**
 * A sliding window held in memory: at most `limit` posts per `windowMs` for each key (a client IP).
 * Memory stays bounded because keys whose posts have all aged out are swept.
 */
export function createRateLimiter({limit, windowMs = 60_000, now = Date.now}: {limit: number; windowMs?: number; now?: () => number}): RateLimiter {
  const hits = new Map<string, number[]>();
  let lastSweep = now();

  function sweep(t: number): void {
    if (t - lastSweep < windowMs) return;
    lastSweep = t;
    for (const [key, times] of hits) {
      if (times.at(-1)! <= t - windowMs) hits.delete(key);
    }
  }

  return {
    take(key) {
      if (limit === 0) return {allowed: true};
      const t = now();
      sweep(t);
      const times = (hits.get(key) ?? []).filter((time) => time > t - windowMs);
      if (times.length >= limit) {
        hits.set(key, times);
        return {allowed: false, retryAfter: Math.max(1, Math.ceil((times[0]! + windowMs - t) / 1000))};
      }
      times.push(t);
      hits.set(key, times);
      return {allowed: true};
    },
  };
}
