// The takeover of a server-rendered fragment (GET /api/fragment, included at build time inside <natter-thread>). It
// rides in the write chunk, which the element then loads at once: never on the first-paint path, since the
// fragment's comments are already on screen, and the swap waits for the forms anyway. The element keeps showing the
// fragment (slotted) while this asks the server only for what is newer, merges it with the fragment's own page and
// hands that to the REST adapter as its first list answer. Once the list is in, the element renders everything at
// once, and the comment at the top of the screen stays where it was.
import type {Adapter, Comment, CommentPage} from '../adapters/adapter.js';
import type {createRestAdapter} from '../adapters/rest.js';
import type {ThreadElement} from '../elements/thread-element.js';

/** What /api/fragment/newer answers: published comments since the fragment's newest, oldest first. */
export interface Newer {
  comments: Comment[];
  total: number;
  /** False when more came since than one answer holds: the takeover lists afresh. */
  complete: boolean;
}

/** The fragment's first page with what came since: replies to its comments, and new comments when it is the last page. */
export function merge(page: CommentPage, newer: Newer): CommentPage {
  const ids = new Set(page.comments.map((c) => c.id));
  const comments = page.comments.concat(newer.comments.filter((c) => !ids.has(c.id) && (c.parent ? ids.has(c.parent) : !page.next) && ids.add(c.id)));
  return {comments, next: page.next, total: newer.total};
}

/**
 * The adapter for an element with a fragment (`host.fragment`): the REST adapter (`make`, the element's own, so this
 * imports nothing of the first paint's), its first list of the fragment's thread, size and order answered from the
 * fragment and /api/fragment/newer. Clears `host.fragment` once the thread is ready to show.
 */
export function adopt(host: ThreadElement, endpoint: string, make: typeof createRestAdapter): Adapter {
  const fragment = host.fragment!;
  const data = (name: string) => fragment.getAttribute(`data-natter-${name}`)!;
  const thread = host.threadId;
  const page: CommentPage = JSON.parse(data('page'));
  const query = (q: Record<string, string>) => `${endpoint.replace(/\/+$/, '')}/api/${new URLSearchParams({thread, ...q})}`;
  // The URL the adapter builds for the first page, as for the loader's prefetch, so it takes this answer over.
  const url = query({limit: '50', order: 'oldest'}).replace('/api/', '/api/comments?');
  const ready = async () => {
    // The comment at the top of the screen, and where it is.
    const top = [...fragment.querySelectorAll('article')].find((a) => a.getBoundingClientRect().bottom > 0);
    const y = top?.getBoundingClientRect().top ?? 1e9;
    host.fragment = null;
    host.requestUpdate();
    await host.updateComplete;
    await (host.renderRoot.querySelector('natter-composer') as ThreadElement | null)?.updateComplete;
    // The same comment at the same place: the reader's view doesn't move (and scrolling is no layout shift).
    const now = y < innerHeight && host.renderRoot.querySelector(`[data-id="${top!.id.slice(2)}"]`);
    if (now) scrollBy(0, now.getBoundingClientRect().top - y);
  };
  host.addEventListener('natter-load', () => void host.loadWrite().then(ready), {once: true});
  // Another thread, order or page size than the fragment's: it shows until the thread is listed as usual.
  if (data('thread') !== thread || host.order !== 'oldest' || host.pageSize !== 50) return make({endpoint});
  const response = fetch(query({since: data('newest')}).replace('/api/', '/api/fragment/newer?')).then(
    async (r) => {
      const newer: Newer = await r.json();
      // The form stamp rides along (the response's headers): the first post needs it.
      return r.ok && newer.complete ? new Response(JSON.stringify(merge(page, newer)), r) : fetch(url);
    },
    // Unreachable: the fragment's page as it is (the outbox posts once the server answers again).
    () => new Response(JSON.stringify(page)),
  );
  return make({endpoint, prefetched: {url, response}});
}
