import type {CommentStore} from '../store/comment-store.js';

const day = 24 * 60 * 60 * 1000;

/** Clears IP addresses older than `days` and rate counters older than an hour. Returns how many IPs it cleared. */
export async function purgeOldData(store: CommentStore, {days, now}: {days: number; now: number}): Promise<number> {
  const {ipsCleared} = await store.purgeOld({ipsBefore: new Date(now - days * day).toISOString(), ratesBefore: now - 60 * 60 * 1000});
  return ipsCleared;
}

/** Runs the purge now and then every `everyMs` (an hour), logging failures; returns the stop. */
export function startRetentionJob(store: CommentStore, {days, everyMs = 60 * 60 * 1000, now = Date.now}: {days: number; everyMs?: number; now?: () => number}): () => void {
  const run = () => {
    purgeOldData(store, {days, now: now()}).catch((error: unknown) => {
      console.error('[natter] clearing old IP addresses failed; trying again later:', error instanceof Error ? error.message : error);
    });
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
