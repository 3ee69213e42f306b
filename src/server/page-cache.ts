/**
 * Serialised list pages, so a busy thread is answered without touching SQLite or JSON.stringify. A thread's pages are
 * dropped when this process adds a comment to it, and every page is dropped when another connection has written to
 * the database (SQLite's `data_version` moves), so a moderation or import tool never leaves a stale page behind.
 */
export interface PageCache {
  get(thread: string, page: string): Uint8Array<ArrayBuffer> | undefined;
  set(thread: string, page: string, body: Uint8Array<ArrayBuffer>): void;
  forget(thread: string): void;
}

// What a cached page costs beyond its body: the Map entries, its key and the thread id (thread ids and cursors come
// from unauthenticated requests, so an empty page must not count as free).
const ENTRY_COST = 1024;

export function createPageCache({maxBytes = 32 * 1024 * 1024, dataVersion}: {maxBytes?: number; dataVersion: () => number}): PageCache {
  // Map order is the recency order: a thread is re-inserted on every hit, the first one is evicted first.
  const threads = new Map<string, Map<string, Uint8Array<ArrayBuffer>>>();
  let bytes = 0;
  let version = dataVersion();

  const forget = (thread: string) => {
    for (const body of threads.get(thread)?.values() ?? []) bytes -= body.length + ENTRY_COST;
    threads.delete(thread);
  };

  return {
    get(thread, page) {
      const now = dataVersion();
      if (now !== version) {
        version = now;
        threads.clear();
        bytes = 0;
        return undefined;
      }
      const pages = threads.get(thread);
      const body = pages?.get(page);
      if (body !== undefined) {
        threads.delete(thread);
        threads.set(thread, pages!);
      }
      return body;
    },
    set(thread, page, body) {
      if (body.length > maxBytes) return;
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
  };
}
