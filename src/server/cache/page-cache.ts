import type {EventBus} from '../services/events.js';

/**
 * Serialised list pages, so a busy thread is answered without touching the database or JSON.stringify. A thread's
 * pages are dropped after a comment in it is written (by this process, through service events, or by another one,
 * through the store's change feed), and every page after a change it can't place.
 */
export interface PageCache {
  get(thread: string, page: string): Uint8Array<ArrayBuffer> | undefined;
  /** Taken before reading the store; `set` with a stamp older than the last drop is ignored. */
  stamp(): number;
  /** Keeps a page read since `stamp`, unless something was dropped meanwhile (the page may predate that write). */
  set(thread: string, page: string, body: Uint8Array<ArrayBuffer>, stamp: number): void;
  forget(thread: string): void;
  clear(): void;
}

// What a cached page costs beyond its body: the Map entries, its key and the thread id (thread ids and cursors come
// from unauthenticated requests, so an empty page must not count as free).
const ENTRY_COST = 1024;

export function createPageCache({maxBytes = 32 * 1024 * 1024}: {maxBytes?: number} = {}): PageCache {
  // Map order is the recency order: a thread is re-inserted on every hit, the first one is evicted first.
  const threads = new Map<string, Map<string, Uint8Array<ArrayBuffer>>>();
  let bytes = 0;
  // Moves on every drop. A read that started before a write may finish after the write's drop; its page is stale.
  let epoch = 0;

  const forget = (thread: string) => {
    epoch++;
    for (const body of threads.get(thread)?.values() ?? []) bytes -= body.length + ENTRY_COST;
    threads.delete(thread);
  };

  return {
    get(thread, page) {
      const pages = threads.get(thread);
      const body = pages?.get(page);
      if (body !== undefined) {
        threads.delete(thread);
        threads.set(thread, pages!);
      }
      return body;
    },
    stamp: () => epoch,
    set(thread, page, body, stamp) {
      if (stamp !== epoch || body.length > maxBytes) return;
      const pages = threads.get(thread) ?? new Map<string, Uint8Array<ArrayBuffer>>();
      const earlier = pages.get(page);
      bytes += body.length + ENTRY_COST - (earlier ? earlier.length + ENTRY_COST : 0);
      pages.set(page, body);
      threads.delete(thread);
      threads.set(thread, pages);
      for (const oldest of threads.keys()) {
        if (bytes <= maxBytes) break;
        forget(oldest);
      }
    },
    forget,
    clear() {
      epoch++;
      threads.clear();
      bytes = 0;
    },
  };
}

/** Drops pages as the bus reports changes. Returns the unsubscribe. */
export function invalidateOnEvents(cache: PageCache, bus: EventBus): () => void {
  const offs = [
    bus.on('comment.created', ({comment}) => cache.forget(comment.thread)),
    bus.on('comment.updated', ({comment}) => cache.forget(comment.thread)),
    bus.on('comment.deleted', ({thread}) => cache.forget(thread)),
    bus.on('comment.voted', ({thread}) => cache.forget(thread)),
    bus.on('comment.moderated', ({comment}) => cache.forget(comment.thread)),
    bus.on('thread.changed', ({thread}) => cache.forget(thread)),
    bus.on('store.changed', ({thread}) => (thread === null ? cache.clear() : cache.forget(thread))),
  ];
  return () => offs.forEach((off) => off());
}
