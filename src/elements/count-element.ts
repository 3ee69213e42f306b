// <natter-count>, for a blog's index pages: "3 comments" beside each post's link. A plain custom element without lit
// or a shadow root, so its text sits in the light DOM and the blog's theme styles it. It is its own entry
// (dist/natter-count.js, src/count.ts) under 1 KB gzip, so every byte here is one each reader of an index downloads.

/** The tags waiting for the next batch, by endpoint (without its trailing slashes). */
const waiting = new Map<string, CountElement[]>();
let scheduled = false;
let warned = false;

/** Threads per request, as `GET /api/counts` allows. */
const PER_REQUEST = 100;

/**
 * Sends one request per endpoint for every tag queued since the last batch, each thread asked once, split at 100
 * threads a request; each answer fills in the tags that asked for its threads.
 */
function sendBatch() {
  scheduled = false;
  for (const [endpoint, tags] of waiting) {
    const byThread = new Map<string, CountElement[]>();
    // A tag taken off the page before the batch went needs no count now; put back later, it asks again.
    for (const tag of tags) {
      if (tag.isConnected) byThread.set(tag.thread, [...(byThread.get(tag.thread) ?? []), tag]);
      else tag.asked = '';
    }
    const threads = [...byThread];
    for (let i = 0; i < threads.length; i += PER_REQUEST) {
      const asking = threads.slice(i, i + PER_REQUEST);
      /** Calls `f` for each tag that still waits for this answer (not one given another thread since). */
      const each = (f: (tag: CountElement, thread: string) => void) => {
        for (const [thread, tags] of asking) for (const tag of tags) if (tag.asked === endpoint + ' ' + thread) f(tag, thread);
      };
      fetch(`${endpoint}/api/counts?${new URLSearchParams(asking.map(([thread]) => ['thread', thread]))}`)
        .then((r) => {
          if (!r.ok) throw new Error(`HTTP ${r.status}`);
          return r.json();
        })
        .then(({counts}: {counts: Record<string, unknown>}) =>
          each((tag, thread) => {
            const n = counts[thread];
            // `typeof`, not `in`: a thread named `constructor` must not read Object.prototype's.
            if (typeof n === 'number') tag.show(n);
          }),
        )
        // No network, an error answer, a body that is no JSON: the tags keep the blogger's fallback content, and
        // ask again when they connect again.
        .catch((error) =>
          each((tag) => {
            tag.asked = '';
            tag.dispatchEvent(new CustomEvent('natter-error', {detail: {error, action: 'load'}, bubbles: true, composed: true}));
          }),
        );
    }
  }
  waiting.clear();
}

/**
 * `<natter-count endpoint="…" thread="…">Comments</natter-count>`: the thread's published comment count, as text
 * the blog's styles reach. It keeps its content ("Comments", say) until the count arrives, and when it can't.
 * Every tag connected in one task (the whole page, or what a single-page app adds at once) shares one
 * `GET /api/counts` request per endpoint.
 *
 * @attr endpoint - Base URL of the Natter server (required).
 * @attr thread - The thread id. Default: the path of the link it sits in (`<a href>`), else of `<link rel=canonical>`, else `location.pathname`.
 * @attr lang - Language of the number and its plural form. Default: the nearest `lang` attribute, else the browser's.
 * @attr zero - Text for 0 (in any language), and for the `zero` plural category; `#` becomes the number.
 * @attr one - Text for the `one` plural category (default `# comment`).
 * @attr two - Text for the `two` plural category.
 * @attr few - Text for the `few` plural category.
 * @attr many - Text for the `many` plural category.
 * @attr other - Text for the `other` plural category, and for any category without text of its own (default `# comments`).
 * @fires natter-error - `{error, action: 'load'}`: the count could not be had; the tag keeps its content.
 */
export class CountElement extends HTMLElement {
  // No initialisers: with `useDefineForClassFields: false` they would cost the bundle a constructor.
  /** The thread this tag counts, read from its attributes and place when it connects. */
  thread!: string;
  /**
   * The endpoint and thread of the request whose answer this tag waits for or shows.
   * @internal
   */
  asked?: string;

  connectedCallback() {
    const endpoint = this.getAttribute('endpoint')?.replace(/\/+$/, '');
    if (endpoint == null) {
      if (!warned) console.warn('[natter] <natter-count> needs endpoint="https://your-natter-server" to show a count.');
      warned = true;
      return;
    }
    const link = this.closest('a[href]') ?? document.querySelector('link[rel=canonical]');
    this.thread = this.getAttribute('thread') || (link ? new URL((link as HTMLAnchorElement).href).pathname : location.pathname);
    // A tag moved within the page keeps the count it has; one whose endpoint or thread changed asks again.
    if (this.asked === (this.asked = endpoint + ' ' + this.thread)) return;
    waiting.set(endpoint, [...(waiting.get(endpoint) ?? []), this]);
    if (scheduled) return;
    scheduled = true;
    // While the page is still being parsed, the rest of its tags are yet to come: wait for them all.
    if (document.readyState === 'loading') addEventListener('DOMContentLoaded', sendBatch, {once: true});
    else setTimeout(sendBatch);
  }

  /**
   * Shows `n` in this tag's language and plural form, as text: the blogger's `#` strings are never parsed as HTML.
   * @internal
   */
  show(n: number) {
    let lang: string | undefined = this.closest('[lang]')?.getAttribute('lang') || navigator.language;
    let rules: Intl.PluralRules;
    try {
      rules = new Intl.PluralRules(lang);
    } catch {
      // Not a language tag (`lang="english"`): the browser's own language.
      rules = new Intl.PluralRules((lang = undefined));
    }
    const text = (form: string) => this.getAttribute(form);
    this.textContent = ((n === 0 ? text('zero') : null) ?? text(rules.select(n)) ?? text('other') ?? (n === 1 ? '# comment' : '# comments')).replaceAll(
      '#',
      n.toLocaleString(lang),
    );
  }
}
