// dist/natter.js, the one file a blog pastes: it finds <natter-thread> tags, and only when one comes within about a
// viewport of the screen (or has `eager`, or the URL names a comment) fetches the widget. With the REST adapter it
// starts the first list request at that same moment, so the thread waits for the slower of the two, not their sum.
import type {Prefetch} from './adapters/prefetch.js';

const TAG = 'natter-thread';
const io = new IntersectionObserver((entries) => {
  for (const e of entries) if (e.isIntersecting) start(e.target);
}, {rootMargin: '100% 0px'});

/** Starts the first page's request, its URL built from the attributes exactly as the REST adapter builds it, so the element can take the response over. */
function prefetch(el: any) {
  const attr = (name: string) => el.getAttribute(name);
  const endpoint = attr('endpoint');
  // A server-rendered fragment inside: the takeover asks only for what is newer (src/takeover).
  if (!endpoint || el.adapter || el.hasAttribute('adapter') || el.querySelector('[data-natter-page]')) return;
  const thread = attr('thread') || new URL(document.querySelector<HTMLLinkElement>('link[rel=canonical]')?.href ?? '', location.href).pathname;
  const limit = Number(attr('page-size') ?? 50);
  // Bodies parsed by the server (`tree`): the reader's browser needs no Markdown parser.
  const query = new URLSearchParams({thread, format: 'tree'});
  if (limit) query.set('limit', '' + limit);
  query.set('order', el.order || attr('order') || 'oldest');
  // As the list controller asks (REPLIES in src/controllers/list-controller.ts).
  query.set('replies', '5');
  const url = `${endpoint.replace(/\/+$/, '')}/api/comments?${query}`;
  // The body is read as soon as it arrives, so the widget, once in, has the comments without waiting for another task.
  const response = fetch(url).then((r) => {
    const body = r.json();
    body.catch(() => {});
    r.json = () => body;
    return r;
  });
  response.catch(() => {});
  el.natterList = {url, response} satisfies Prefetch;
}

function start(el: any) {
  io.unobserve(el);
  // The order the reader last chose in the sort control (src/write/sort.ts), in this browser, over the `order`
  // attribute: set as the property, which the element takes over once upgraded, and asked for by the prefetch.
  try {
    el.order = /^(oldest|newest|top)$/.exec(localStorage['natter-order'])![0];
  } catch {}
  if (customElements.get(TAG)) return;
  // The browser fetches and runs a module once, however often it is imported. The chunk first: it is the longer
  // wait, and it cannot run before this task has left the list request on the element.
  void import('./define.js');
  prefetch(el);
}

// Already within a viewport of the screen (as the observer's margin): start now rather than after the observer's
// first report, which waits for the page's first frame. No box (display: none) is never near, as for the observer.
const near = (el: Element) => {
  const [r] = el.getClientRects();
  return r && r.top < 2 * innerHeight && r.bottom > -innerHeight;
};

function watch(el: Element) {
  if (el.hasAttribute('eager') || location.hash.startsWith('#natter-comment-') || near(el)) start(el);
  else io.observe(el);
}

const scan = (root: ParentNode) => root.querySelectorAll(TAG).forEach(watch);

if (!customElements.get(TAG)) {
  scan(document);
  // Tags a single-page app adds later.
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n instanceof Element) (n.localName === TAG ? watch(n) : scan(n));
  }).observe(document, {childList: true, subtree: true});
}
