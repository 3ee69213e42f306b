import type {Block, Inline} from '../../markdown/ast.js';
import {parseMarkdown} from '../../markdown/parse-blocks.js';
import {safeUrl} from '../../markdown/safe-url.js';

// The text part of a mail, from the same parse and URL policy as markdownToHtml: a link shows its address only when
// safeUrl allows it, so the text part never offers a javascript: or data: link the HTML part would drop.

function inline(n: Inline): string {
  if (typeof n === 'string') return n;
  if (n.t === 'br') return '\n';
  if (n.t === 'code') return n.c[0];
  const text = n.c.map(inline).join('');
  if (n.t !== 'a') return text;
  const href = safeUrl(n.href);
  return href === null || href === text ? text : `${text} <${href}>`;
}

function block(b: Block | Inline, prefix: string): string {
  if (typeof b === 'string' || !/^(p|pre|q|ul|ol)$/.test(b.t)) return prefix + inline(b as Inline).replace(/\n/g, `\n${prefix}`);
  const k = b as Block;
  if (k.t === 'p') return prefix + k.c.map(inline).join('').replace(/\n/g, `\n${prefix}`);
  if (k.t === 'pre') return k.c.map((line) => prefix + '    ' + line.replace(/\n$/, '')).join('\n');
  if (k.t === 'q') return k.c.map((c) => block(c, `${prefix}> `)).join(`\n${prefix}>\n`);
  return k.c.map((item, i) => {
    const marker = k.t === 'ol' ? `${k.start + i}. ` : '- ';
    const body = item.c.map((c) => block(c, '')).join('\n');
    return prefix + marker + body.replace(/\n/g, `\n${prefix}${' '.repeat(marker.length)}`);
  }).join('\n');
}

/** Comment Markdown as plain text for the text part of a mail. */
export function markdownToText(src: string): string {
  return parseMarkdown(src).map((b) => block(b, '')).join('\n\n');
}
