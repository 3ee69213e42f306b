import {mintHtml, escapeHtml} from '../html/html.js';
import type {SafeHtml} from '../html/html.js';
import type {Block, Inline} from './ast.js';
import {parseMarkdown} from './parse-blocks.js';
import {safeUrl} from './safe-url.js';

// The widget's policy (render.ts) as an HTML string, for the server's pages, mail and feeds: the same parser, the same
// URL allowlist, the same rel, every value escaped. Tag names come from the parser's node kinds, never from text.

const REL = ' rel="nofollow ugc noopener"';

function inline(n: Inline): string {
  if (typeof n == 'string') return escapeHtml(n);
  if (n.t == 'br') return '<br>';
  if (n.t == 'code') return `<code>${escapeHtml(n.c[0])}</code>`;
  const c = n.c.map(inline).join('');
  if (n.t != 'a') return `<${n.t}>${c}</${n.t}>`;
  const href = safeUrl(n.href);
  if (href == null) return c;
  const title = n.title != null ? ` title="${escapeHtml(n.title)}"` : '';
  return `<a href="${escapeHtml(href)}"${title}${REL}>${c}</a>`;
}

function block(b: Block | Inline): string {
  if (typeof b == 'string' || !/^(p|pre|q|ul|ol)$/.test(b.t)) return inline(b as Inline);
  const k = b as Block;
  if (k.t == 'p') return `<p>${k.c.map(inline).join('')}</p>\n`;
  if (k.t == 'pre') {
    const lang = /^[\w-]+$/.test(k.lang ?? '') ? ` class="language-${k.lang}"` : '';
    return `<pre tabindex="0"><code${lang}>${escapeHtml(k.c.join(''))}</code></pre>\n`;
  }
  if (k.t == 'q') return `<blockquote>\n${k.c.map(block).join('')}</blockquote>\n`;
  const start = k.t == 'ol' && k.start != 1 ? ` start="${Number(k.start)}"` : '';
  const items = k.c.map((item) => `<li>${item.c.map(block).join('')}</li>\n`).join('');
  return `<${k.t}${start}>\n${items}</${k.t}>\n`;
}

/** Comment Markdown as safe HTML, with the widget's policy: only http, https and mailto links, each `rel="nofollow ugc noopener"`. */
export function markdownToHtml(src: string): SafeHtml {
  return mintHtml(parseMarkdown(src).map(block).join(''));
}
