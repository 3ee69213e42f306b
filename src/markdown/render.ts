import {html, nothing, type TemplateResult} from 'lit';
import {parseMarkdown} from './parse-blocks.js';
import {safeUrl} from './safe-url.js';

export type {Block, Inline, Item} from './ast.js';
export {parseMarkdown} from './parse-blocks.js';
export {safeUrl} from './safe-url.js';

// A code block that scrolls sideways is focusable, so keyboard readers can scroll it (axe scrollable-region-focusable).
// Every value below reaches the DOM as a text node or an attribute value; nothing is parsed as HTML.
const node = (n: any): unknown => {
  if (typeof n == 'string') return n;
  const t = n.t, c = n.c?.map(node), href = t == 'a' && safeUrl(n.href);
  // A link whose URL is refused shows as its text.
  return href ? html`<a href=${href} title=${n.title ?? nothing} rel="nofollow ugc noopener">${c}</a>`
    : t == 'pre' ? html`<pre tabindex="0"><code class=${n.lang && /^[\w-]+$/.test(n.lang) ? 'language-' + n.lang : nothing}>${c}</code></pre>`
    : t == 'p' ? html`<p>${c}</p>`
    : t == 'em' ? html`<em>${c}</em>`
    : t == 'strong' ? html`<strong>${c}</strong>`
    : t == 'code' ? html`<code>${c}</code>`
    : t == 'br' ? html`<br />`
    : t == 'q' ? html`<blockquote>${c}</blockquote>`
    : t == 'li' ? html`<li>${c}</li>`
    : t == 'ul' ? html`<ul>${c}</ul>`
    : t == 'ol' ? html`<ol start=${n.start}>${c}</ol>`
    : c;
};

/** Renders comment Markdown as Lit templates: text nodes and allowlisted attributes only. */
export const renderMarkdown = (src: string): TemplateResult => html`${parseMarkdown(src).map(node)}`;
