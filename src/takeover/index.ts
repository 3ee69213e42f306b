// The takeover of a server-rendered fragment (GET /api/fragment, included at build time inside <natter-thread>). It
// rides in the write chunk, which the element then loads at once: never on the first-paint path, since the
// fragment's comments are already on screen, and the swap waits for the forms anyway. The element keeps showing the
// fragment (slotted) while this asks the server only for what is newer on its page, adds that to the fragment's own
// comments and hands the result to the REST adapter as its first list answer. Once the list is in, the element
// renders everything at once, and the comment at the top of the screen stays where it was.
import type {Adapter, CommentPage} from '../adapters/adapter.js';
import type {createRestAdapter} from '../adapters/rest.js';
import type {ThreadElement} from '../elements/thread-element.js';

/**
 * The adapter for an element with a fragment (`host.fragment`): the REST adapter (`make`, the element's own, so this
 * imports nothing of the first paint's) whose first list is answered from the fragment and /api/fragment/newer.
 * Clears `host.fragment` once the thread is ready to show.
 */
export function adopt(host: ThreadElement, endpoint: string, make: typeof createRestAdapter): Adapter {
  const fragment = host.fragment!;
  const data = (name: string) => fragment.getAttribute(`data-natter-${name}`)!;
  const base = endpoint.replace(/\/+$/, '');
  // Each list load or failed one; after the first (the takeover) the fragment is out of view and this changes nothing.
  // A failed first list (offline, server down) leaves the fragment too: the thread shows its error with Retry, and the
  // forms with their drafts, outbox and put-back text, which the fragment has no room for.
  const swap = () => host.loadWrite().then(async () => {
    // The comment at the top of the screen, and where it is.
    const top = [...fragment.querySelectorAll('article')].find((a) => a.getBoundingClientRect().bottom > 0);
    const y = top?.getBoundingClientRect().top as number;
    host.fragment = null;
    host.requestUpdate();
    // Also after the new forms' first render: each was queued as the thread rendered them.
    await host.updateComplete;
    // The same comment at the same place: the reader's view doesn't move (and scrolling is no layout shift).
    const now = y < innerHeight && host.renderRoot.querySelector(`[data-id="${top!.id.slice(2)}"]`);
    if (now) scrollBy(0, now.getBoundingClientRect().top - y);
  });
  host.addEventListener('natter-load', swap);
  host.addEventListener('natter-error', swap);
  // The URL the adapter builds for the fragment's page (its thread, size and order; the server wrote it in the fragment),
  // as for the loader's prefetch, so it takes this answer over. An element of another thread, order or size lists as usual.
  const url = base + data('list');
  const page: CommentPage = JSON.parse(data('page'));
  // {comments, next, total}: the page's comments made since the fragment's newest, with the form stamp the first post
  // needs in its headers. The adapter reads the body with json(), so that answers the fragment's comments and these.
  // An error answer (or none: offline) fails the list: the thread shows instead, and Retry lists as usual.
  const response = fetch(base + data('newer')).then((r) => {
    const body = r.json().then((newer: CommentPage) => ((newer.comments = page.comments.concat(newer.comments)), newer));
    r.json = () => body;
    return r;
  });
  return make({endpoint, prefetched: {url, response}});
}
