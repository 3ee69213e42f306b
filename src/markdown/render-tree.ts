import {safeUrl} from './safe-url.js';
import type {Tree} from './tree.js';

// The only elements a body can hold, by node kind (`q` is a blockquote). A tree comes from the parser here or, in the
// widget, from whatever server the adapter talks to, so a kind not listed (a `script`, an `img`) adds nothing, and its
// content is not shown either.
const KINDS = /^(p|em|strong|code|br|a|pre|q|ul|ol|li)$/;

// The DOM is built from the parsed tree with createElement and text nodes: every value reaches it as a text node or
// an attribute value, nothing is parsed as HTML (one cold Lit template per kind of node cost more on a phone than the
// nodes themselves). Tag names are node kinds from the list above, never text; a link whose URL is refused shows as
// its text. A code block that scrolls sideways is focusable, so keyboard readers can scroll it (axe
// scrollable-region-focusable). `block`: a string here is a paragraph (the top level of a Tree).
const add = (parent: Node, n: any, block?: boolean): unknown => {
  if (typeof n == 'string') return block ? add(parent, {t: 'p', c: [n]}) : (parent as Element).append(n);
  const t: string = n?.t, href = t == 'a' && safeUrl(n.href);
  if (!KINDS.test(t)) return;
  let el: any = parent;
  if (t != 'a' || href) {
    el = parent.appendChild(document.createElement(t == 'q' ? 'blockquote' : t));
    if (href) {
      el.href = href;
      if (n.title != null) el.title = n.title;
      el.rel = 'nofollow ugc noopener';
    }
    if (t == 'ol') el.start = n.start;
    if (t == 'pre') {
      el.tabIndex = 0;
      el = el.appendChild(document.createElement('code'));
      if (/^[\w-]+$/.test(n.lang ?? '')) el.className = 'language-' + n.lang;
    }
  }
  if (Array.isArray(n.c)) for (const x of n.c) add(el, x);
};

/** Renders a parsed body (a Tree, or the parser's blocks) as DOM nodes, into `into`: text nodes and allowlisted attributes only. */
export function renderParsed<T extends Node>(tree: Tree, into: T): T {
  for (const b of tree) add(into, b, true);
  return into;
}
