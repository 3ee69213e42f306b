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
  /** The smallest and largest seq kept (`first` null when the log is empty; `last` 0 when it always was). */
  bounds(): Promise<{first: number | null; last: number}>;
  /** Events after `after` in seq order, of one thread or of all, at most `limit`. */
  since(after: number, query: {thread?: string; limit: number}): Promise<LiveRow[]>;
  /** Deletes events written before `before` (ISO time), keeping the newest so the log's position survives. */
  prune(before: string): Promise<number>;
}
