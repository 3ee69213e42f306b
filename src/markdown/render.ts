import {html, nothing, type TemplateResult} from 'lit';
import type {Block, Inline, Item} from './ast.js';
import {parseMarkdown} from './parse-blocks.js';
import {safeUrl} from './safe-url.js';

export type {Block, Inline, Item} from './ast.js';
export {parseMarkdown} from './parse-blocks.js';
export {safeUrl} from './safe-url.js';

// Every value below reaches the DOM as a text node or an attribute value; nothing is parsed as HTML.
const node = (n: Block | Inline | Item): unknown => {
  if (typeof n == 'string') return n;
  const t = n.t, c = 'c' in n ? (n.c as (Block | Inline | Item)[]).map(node) : 0;
  if (t == 'a') {
    const href = safeUrl(n.href);
    // A link whose URL is refused shows as its text.
    return href ? html`<a href=${href} title=${n.title ?? nothing} rel="nofollow ugc noopener">${c}</a>` : c;
  }
  if (t == 'pre') {
    const lang = n.lang && /^[\w-]+$/.test(n.lang) ? 'language-' + n.lang : nothing;
    return html`<pre><code class=${lang}>${c}</code></pre>`;
  }
  return t == 'p' ? html`<p>${c}</p>`
    : t == 'em' ? html`<em>${c}</em>`
    : t == 'strong' ? html`<strong>${c}</strong>`
    : t == 'code' ? html`<code>${c}</code>`
    : t == 'br' ? html`<br />`
    : t == 'q' ? html`<blockquote>${c}</blockquote>`
    : t == 'li' ? html`<li>${c}</li>`
    : t == 'ul' ? html`<ul>${c}</ul>`
    : html`<ol start=${(n as Block & {start: number}).start}>${c}</ol>`;
};

/** Renders comment Markdown as Lit templates: text nodes and allowlisted attributes only. */
export const renderMarkdown = (src: string): TemplateResult => html`${parseMarkdown(src).map(node)}`;
