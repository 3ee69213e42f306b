// In-page half of bench/render.ts. Node drives it through window.bench; every figure is performance.now() in the page.
const stage = document.getElementById('stage');
const THREAD = '/bench/thread';
/** JSON text of each generated thread, so every rep can parse fresh objects outside the timed span. */
const texts = new Map();
/** The floor: the widget's shadow DOM as static HTML, and its style sheets. */
const floors = new Map();
/**
 * A plain array of the widget's sheets (each shared by every thread). Not the root's `adoptedStyleSheets` itself: that
 * array belongs to its shadow root, so keeping it kept the warm-up widget, its DOM and its comments alive, and every
 * later heap figure (the floor's too) held a second widget.
 */
let sheets = [];
/** The reply form as the widget rendered it under a comment, markers removed: the reply floor's markup. */
let replyForm = '';
let next;

/**
 * Every node under `root`: elements, text and comment nodes, and those in nested shadow roots (none today: the
 * composer renders into the thread's root). The root itself is not counted.
 */
function countNodes(root) {
  const count = {nodes: 0, elements: 0, text: 0, comments: 0};
  const walk = (parent) => {
    for (let node = parent.firstChild; node; node = node.nextSibling) {
      count.nodes++;
      if (node.nodeType === Node.ELEMENT_NODE) {
        count.elements++;
        if (node.shadowRoot) walk(node.shadowRoot);
      } else if (node.nodeType === Node.TEXT_NODE) count.text++;
      else if (node.nodeType === Node.COMMENT_NODE) count.comments++;
      walk(node);
    }
  };
  walk(root);
  return count;
}

/**
 * The floor's shadow root. With its own, empty custom element registry where the browser has scoped registries, so the
 * copied `<natter-composer>` stays static HTML instead of being upgraded into a live composer.
 */
function floorRoot(host) {
  try {
    return host.attachShadow({mode: 'open', customElementRegistry: new CustomElementRegistry()});
  } catch {
    return host.attachShadow({mode: 'open'});
  }
}

/** Resolves with the time at which `test()` first holds after a change under `root` (checked after each batch of mutations). */
const whenThere = (root, test) =>
  new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!test()) return;
      observer.disconnect();
      resolve(performance.now());
    });
    observer.observe(root, {childList: true, subtree: true});
  });

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

  /** Loads a list answer that Node computed (`/data/NAME.json`, a CommentPage) for `preparePage`. */
  async loadPage(name) {
    texts.set(name, await (await fetch(`/data/${name}.json`)).text());
  },

  /** Untimed: an adapter whose first page is that answer, parsed afresh; it keeps the options each list() was given. */
  preparePage(name) {
    const calls = [];
    const options = [];
    const page = JSON.parse(texts.get(name));
    const adapter = {
      list(_thread, opts = {}) {
        calls.push(performance.now());
        options.push({cursor: opts.cursor, limit: opts.limit, order: opts.order, replies: opts.replies});
        return opts.cursor ? Promise.reject(new Error('the bench serves one page')) : Promise.resolve(page);
      },
      post: () => Promise.reject(Object.assign(new Error('read-only bench adapter'), {status: 400, retryable: false})),
    };
    next = {n: name, adapter, calls, options, expected: () => page.comments.length};
  },

  clear() {
    stage.replaceChildren();
    next = undefined;
  },

  /** From "the data is in hand" to "the thread is rendered and painted". */
  async widget({n, pageSize, keepFloor = false, count = false}) {
    const {adapter, calls, expected, options} = next;
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
    // After the frame in which the first comments showed (a screenful comes first, the rest of the page a frame later).
    // Checked in a rAF loop begun now, so that in that frame this callback runs before the one the widget registers
    // for the rest, and its message comes before the widget's next task (which renders the rest).
    const firstPaint = new Promise((resolve) => {
      const check = () => {
        if (!el.shadowRoot.querySelector('article')) return requestAnimationFrame(check);
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve(performance.now());
        ch.port2.postMessage(0);
      };
      requestAnimationFrame(check);
    });
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
      sheets = [...el.shadowRoot.adoptedStyleSheets];
    }
    return {
      total: tPaint - t0, firstPaint: (await firstPaint) - t0, toList: calls[0] - t0, listToLoad: tLoad - calls[0], update: tUpdate - tLoad, paint: tPaint - tUpdate, shown,
      ...(count ? {dom: countNodes(el.shadowRoot)} : {}),
      ...(options ? {listOptions: options[0]} : {}),
    };
  },

  /**
   * The thread on the stage (rendered by `widget`, so the write chunk is in): a click on the first comment's Reply
   * button, to the frame after its form is in the DOM. With `keep`, its form's markup becomes the reply floor's.
   */
  async reply({keep = false} = {}) {
    const el = stage.querySelector('natter-thread');
    await el.updateComplete;
    if (!el.write) throw new Error('the write chunk is not in');
    // A form shows nothing until the drafts are restored from IndexedDB (done long before a reader could click).
    await el.write.drafts.restoring;
    const root = el.shadowRoot;
    const button = root.querySelector('[data-action=reply]');
    const id = button.dataset.id;
    const form = () => root.querySelector(`natter-composer[parent="${CSS.escape(id)}"] form`);
    await afterPaint();
    const there = whenThere(root, form);
    const t0 = performance.now();
    // A click event on the button, handled by the widget's own delegated listener, as a reader's click would be.
    button.click();
    const tForm = await there;
    const tPaint = await afterPaint();
    // The comment's first action slot stays, hidden, while its form is open (src/elements/comment-view.ts).
    if (button.isConnected && !button.hidden) throw new Error('the Reply button stayed');
    if (keep) replyForm = form().parentElement.outerHTML.replace(/<!--[\s\S]*?-->/g, '');
    return {total: tPaint - t0, update: tForm - t0, paint: tPaint - tForm, focused: root.activeElement?.name === 'body'};
  },

  /** The reply floor, on the static floor on the stage: the same form put in place by hand, the Reply button hidden, and focused as the widget does. */
  async floorReply() {
    const root = stage.firstElementChild.shadowRoot;
    const button = root.querySelector('[data-action=reply]');
    const article = button.closest('article');
    await afterPaint();
    const t0 = performance.now();
    button.insertAdjacentHTML('afterend', replyForm);
    button.hidden = true;
    article.querySelector('textarea').focus();
    const tForm = performance.now();
    const tPaint = await afterPaint();
    const composers = [...root.querySelectorAll('natter-composer')];
    return {total: tPaint - t0, update: tForm - t0, paint: tPaint - tForm, focused: root.activeElement?.name === 'body', inert: composers.length === 2 && !composers.some((c) => c.matches(':defined'))};
  },

  /** The floor: the same comments as static HTML, set with innerHTML inside a shadow root with the same styles. */
  async floor({n, count = false}) {
    const markup = floors.get(n);
    stage.replaceChildren();
    await afterPaint();
    const t0 = performance.now();
    const host = document.createElement('div');
    const root = floorRoot(host);
    root.adoptedStyleSheets = sheets;
    stage.append(host);
    // Set on the root itself, so the markup is parsed with the root's registry (an element made by
    // document.createElement has the global one, and its innerHTML upgraded the copied composer).
    root.innerHTML = markup;
    const tSet = performance.now();
    const tPaint = await afterPaint();
    const shown = root.querySelectorAll('article').length;
    return {total: tPaint - t0, update: tSet - t0, paint: tPaint - tSet, shown, htmlBytes: markup.length, ...(count ? {dom: countNodes(root)} : {})};
  },
};
