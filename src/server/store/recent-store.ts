import type {Comment} from '../../adapters/adapter.js';

/** Published comments by time, across threads: for the feeds and for the fragment takeover's "what is newer". */
export interface RecentStore {
  /** Newest first, published only; `thread` narrows to one thread, `since` (ISO time) to comments made after it. */
  list(query: {thread?: string; since?: string; limit: number}): Promise<Comment[]>;
}
