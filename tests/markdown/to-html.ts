// Test-only: serializes the tree as commonmark.js would, so spec examples can be compared as strings.
// The browser never gets HTML strings; render.ts maps the same tree to Lit templates.
import type {Block, Inline} from '../../src/markdown/ast.js';
import {safeUrl} from '../../src/markdown/safe-url.js';

export interface Options {
  /** Apply render.ts's policy: refused URLs become text, unsafe language classes are dropped. */
  policy?: boolean;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'})[c]!);

// mdurl's encode, as commonmark.js applies it to destinations.
const KEEP = new Set(";/?:@&=+$,-_.!~*'()#");
function encodeUrl(url: string): string {
  let out = '';
  for (let i = 0; i < url.length; i++) {
    const c = url[i], code = url.charCodeAt(i);
    if (c == '%' && /^[\da-fA-F]{2}$/.test(url.slice(i + 1, i + 3))) {
      out += url.slice(i, i + 3);
      i += 2;
    } else if (code < 128) {
      out += KEEP.has(c) || /[a-zA-Z\d]/.test(c) ? c : '%' + code.toString(16).toUpperCase().padStart(2, '0');
    } else if (code >= 0xd800 && code <= 0xdbff && i + 1 < url.length) {
      const next = url.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += encodeURIComponent(url[i] + url[i + 1]);
        i++;
      } else out += '%EF%BF%BD';
    } else if (code >= 0xd800 && code <= 0xdfff) out += '%EF%BF%BD';
    else out += encodeURIComponent(c);
  }
  return out;
}

function inline(n: Inline, o: Options): string {
  if (typeof n == 'string') return escapeHtml(n);
  if (n.t == 'br') return '<br />\n';
  if (n.t == 'code') return `<code>${escapeHtml(n.c[0])}</code>`;
  const c = n.c.map((x) => inline(x, o)).join('');
  if (n.t != 'a') return `<${n.t}>${c}</${n.t}>`;
  const href = o.policy ? safeUrl(n.href) : n.href;
  if (href == null) return c;
  const title = n.title != null ? ` title="${escapeHtml(n.title)}"` : '';
  return `<a href="${escapeHtml(encodeUrl(href))}"${title}>${c}</a>`;
}

function block(b: Block, o: Options): string {
  if (b.t == 'p') return `<p>${b.c.map((x) => inline(x, o)).join('')}</p>\n`;
  if (b.t == 'pre') {
    const lang = b.lang && (!o.policy || /^[\w-]+$/.test(b.lang)) ? ` class="language-${escapeHtml(b.lang)}"` : '';
    return `<pre><code${lang}>${escapeHtml(b.c.join(''))}</code></pre>\n`;
  }
  if (b.t == 'q') return `<blockquote>\n${blocks(b.c, o)}</blockquote>\n`;
  const start = b.t == 'ol' && b.start != 1 ? ` start="${b.start}"` : '';
  const items = b.c.map((item) => {
    let out = '<li>';
    // A tight list's item holds its paragraphs' inline content directly.
    for (const x of item.c) {
      const isInline = typeof x == 'string' || /^(em|strong|code|br|a)$/.test(x.t);
      if (!isInline && !out.endsWith('\n')) out += '\n';
      out += isInline ? inline(x as Inline, o) : block(x as Block, o);
    }
    return out + '</li>\n';
  });
  return `<${b.t}${start}>\n${items.join('')}</${b.t}>\n`;
}

const blocks = (bs: Block[], o: Options) => bs.map((b) => block(b, o)).join('');

/** The tree as commonmark.js's HTML renderer would write it. */
export const toHtml = (bs: Block[], o: Options = {}) => blocks(bs, o);
