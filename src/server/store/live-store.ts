import type {LiveEvent} from '../../adapters/adapter.js';

/** One row of the live log: its place in the order shared by every instance, and what happened. */
export interface LiveRow {
  seq: number;
  thread: string;
  event: LiveEvent;
}

/** The live log's table (live_events): appended in commit order, read after a point, pruned by age. */
export interface LiveStore {
  /** Writes one event and answers its seq. Appends are serialised, so no smaller seq can commit after it. */
  append(thread: string, event: LiveEvent, createdAt: string): Promise<number>;
  /**
   * Where the log stands: the largest seq written (0 for none), the largest ever pruned (0 for none), and with a
   * thread, the largest seq of that thread (0 for none; a thread's newest event is never pruned).
   */
  bounds(thread?: string): Promise<{last: number; pruned: number; threadLast: number}>;
  /** Events after `after` in seq order, of one thread or of all, at most `limit`. */
  since(after: number, query: {thread?: string; limit: number}): Promise<LiveRow[]>;
  /**
   * Deletes events written before `before` (ISO time), except each thread's newest: that one says nothing of the
   * thread came after it, so a quiet thread's old resume point stays good. Answers how many went.
   */
  prune(before: string): Promise<number>;
}
