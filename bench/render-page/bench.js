// In-page half of bench/render.ts. Node drives it through window.bench; every figure is performance.now() in the page.
const stage = document.getElementById('stage');
const THREAD = '/bench/thread';
/** JSON text of each generated thread, so every rep can parse fresh objects outside the timed span. */
const texts = new Map();
/** The floor: the widget's shadow DOM as static HTML, and its style sheets. */
const floors = new Map();
let sheets = [];
let next;

/** Resolves after the next frame has been rendered: rAF runs just before style/layout/paint, a posted message just after. */
const afterPaint = () =>
  new Promise((resolve) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve(performance.now());
      ch.port2.postMessage(0);
    }),
  );

/** An adapter with all the data in hand: list() resolves at once; a page is `limit` top-level comments and all their replies. */
function makeAdapter(comments) {
  const byId = new Map(comments.map((c) => [c.id, c]));
  const rootOf = new Map();
  for (const c of comments) rootOf.set(c.id, c.parent ? rootOf.get(c.parent) ?? c.parent : c.id);
  const roots = comments.filter((c) => !c.parent);
  const replies = new Map(roots.map((r) => [r.id, []]));
  for (const c of comments) if (c.parent) replies.get(rootOf.get(c.id)).push(c);
  const calls = [];
  const adapter = {
    list(_thread, {cursor, limit = 50} = {}) {
      calls.push(performance.now());
      const start = cursor ? roots.findIndex((r) => r.id === cursor) + 1 : 0;
      const page = roots.slice(start, start + limit);
      const out = [...page];
      for (const r of page) out.push(...replies.get(r.id));
      return Promise.resolve({comments: out, next: start + limit < roots.length ? page.at(-1).id : null, total: comments.length});
    },
    post() {
      return Promise.reject(Object.assign(new Error('read-only bench adapter'), {status: 400, retryable: false}));
    },
  };
  const expected = (limit) => {
    const ids = new Set(roots.slice(0, limit).map((r) => r.id));
    return comments.filter((c) => ids.has(rootOf.get(c.id))).length;
  };
  void byId;
  return {adapter, calls, expected};
}

window.bench = {
  // The loader fetches the widget when a thread is near the screen: an eager, hidden one brings it in.
  ready: (() => {
    const probe = Object.assign(document.createElement('natter-thread'), {hidden: true, adapter: {list: () => new Promise(() => {}), post: () => new Promise(() => {})}});
    probe.setAttribute('eager', '');
    document.body.append(probe);
    return customElements.whenDefined('natter-thread').then(() => (probe.remove(), true));
  })(),

  async load(n) {
    const text = await (await fetch(`/data/${n}.json`)).text();
    texts.set(n, text);
    return JSON.parse(text).length;
  },

  /** Untimed: fresh comment objects (the widget caches parsed bodies per object) and an adapter over them. */
  prepare(n) {
    next = {n, ...makeAdapter(JSON.parse(texts.get(n)))};
  },

  clear() {
    stage.replaceChildren();
    next = undefined;
  },

  /** From "the data is in hand" to "the thread is rendered and painted". */
  async widget({n, pageSize, keepFloor = false}) {
    const {adapter, calls, expected} = next;
    next = undefined;
    stage.replaceChildren();
    await afterPaint();
    const t0 = performance.now();
    const el = document.createElement('natter-thread');
    el.thread = THREAD;
    el.pageSize = pageSize;
    el.adapter = adapter;
    let tLoad = 0;
    const loaded = new Promise((resolve, reject) => {
      el.addEventListener('natter-load', () => resolve((tLoad = performance.now())), {once: true});
      el.addEventListener('natter-error', (e) => reject(new Error(`natter-error: ${e.detail.error}`)), {once: true});
    });
    stage.append(el);
    await loaded;
    await el.updateComplete;
    const tUpdate = performance.now();
    const tPaint = await afterPaint();
    const shown = el.shadowRoot.querySelectorAll('article').length;
    const want = expected(pageSize);
    if (shown !== want) throw new Error(`rendered ${shown} comments, expected ${want}`);
    if (keepFloor) {
      // Lit's marker comments are the widget's bookkeeping, not content: the floor leaves them out.
      floors.set(n, el.shadowRoot.innerHTML.replace(/<!--[\s\S]*?-->/g, ''));
      sheets = el.shadowRoot.adoptedStyleSheets;
    }
    return {total: tPaint - t0, toList: calls[0] - t0, listToLoad: tLoad - calls[0], update: tUpdate - tLoad, paint: tPaint - tUpdate, shown};
  },

  /** The floor: the same comments as static HTML, set with innerHTML inside a shadow root with the same styles. */
  async floor({n}) {
    const markup = floors.get(n);
    stage.replaceChildren();
    await afterPaint();
    const t0 = performance.now();
    const host = document.createElement('div');
    const root = host.attachShadow({mode: 'open'});
    root.adoptedStyleSheets = sheets;
    const div = document.createElement('div');
    root.append(div);
    stage.append(host);
    div.innerHTML = markup;
    const tSet = performance.now();
    const tPaint = await afterPaint();
    const shown = root.querySelectorAll('article').length;
    return {total: tPaint - t0, update: tSet - t0, paint: tPaint - tSet, shown, htmlBytes: markup.length};
  },
};
