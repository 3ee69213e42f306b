import type {CommentStore} from '../store/comment-store.js';

const day = 24 * 60 * 60 * 1000;
const hour = 60 * 60 * 1000;

interface RetentionOptions {
  /** Days an IP address is kept (NATTER_IP_RETENTION_DAYS). */
  days: number;
  /**
   * How long a rate counter stays: at least an hour (the posting and voting windows), and longer when a window is, such
   * as the edit window's ten edits per comment (NATTER_EDIT_WINDOW may be days), so a purge never resets a count early.
   */
  keepRatesMs?: number;
}

/** Clears IP addresses older than `days` and rate counters older than `keepRatesMs`. Returns how many IPs it cleared. */
export async function purgeOldData(store: CommentStore, {days, keepRatesMs = hour, now}: RetentionOptions & {now: number}): Promise<number> {
  const {ipsCleared} = await store.purgeOld({ipsBefore: new Date(now - days * day).toISOString(), ratesBefore: now - Math.max(hour, keepRatesMs)});
  return ipsCleared;
}

/** Runs the purge now and then every `everyMs` (an hour), logging failures; returns the stop. */
export function startRetentionJob(store: CommentStore, {everyMs = hour, now = Date.now, ...options}: RetentionOptions & {everyMs?: number; now?: () => number}): () => void {
  const run = () => {
    purgeOldData(store, {...options, now: now()}).catch((error: unknown) => {
      console.error('[natter] clearing old IP addresses failed; trying again later:', error instanceof Error ? error.message : error);
    });
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
