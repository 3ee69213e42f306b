import {parseMarkdown} from './parse-blocks.js';
import {safeUrl} from './safe-url.js';

export type {Block, Inline, Item} from './ast.js';
export {parseMarkdown} from './parse-blocks.js';
export {safeUrl} from './safe-url.js';

// The DOM is built from the parsed tree with createElement and text nodes: every value reaches it as a text node or
// an attribute value, nothing is parsed as HTML (one cold Lit template per kind of node cost more on a phone than the
// nodes themselves). Tag names are the parser's node kinds (ast.ts), never text; a link whose URL is refused shows as its text. A code
// block that scrolls sideways is focusable, so keyboard readers can scroll it (axe scrollable-region-focusable).
const add = (parent: Node, n: any): unknown => {
  if (typeof n == 'string') return (parent as Element).append(n);
  const t: string = n.t, href = t == 'a' && safeUrl(n.href);
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
  n.c?.forEach((x: unknown) => add(el, x));
};

/** Renders comment Markdown as DOM nodes, into `into` (by default a new fragment): text nodes and allowlisted attributes only. */
export function renderMarkdown<T extends Node = DocumentFragment>(src: string, into: T = document.createDocumentFragment() as any): T {
  for (const b of parseMarkdown(src)) add(into, b);
  return into;
}
