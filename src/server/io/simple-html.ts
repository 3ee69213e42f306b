import {decodeHTML} from 'entities';

// turndown is thorough and slow (about half a millisecond a comment). Most imported comments use a handful of tags,
// so those are converted here directly, the way turndown would, and anything else (another tag, an attribute but
// a link's href, a surprise in whitespace or nesting) answers null and goes to turndown. tests/server/
// import-html.test.ts holds both to the same output.

const TAG = /<(\/?)([a-z]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*(\/?)>/iy;
const INLINE: Record<string, [string, string]> = {strong: ['**', '**'], b: ['**', '**'], em: ['*', '*'], i: ['*', '*']};

interface Frame {
  tag: string;
  out: string;
  href?: string | null;
}

/** Markdown for simple HTML (p, br, strong/b, em/i, code, a href), or null when turndown must do it. */
export function simpleHtmlToMarkdown(html: string, escapeText: (text: string) => string, link: (href: string | null) => string | null): string | null {
  const paragraphs: string[] = [];
  const stack: Frame[] = [{tag: 'p', out: ''}];
  let afterBreak = false;
  let pos = 0;
  const top = () => stack[stack.length - 1]!;
  while (pos < html.length) {
    const lt = html.indexOf('<', pos);
    const text = html.slice(pos, lt < 0 ? html.length : lt);
    if (text !== '') {
      if (/[\s]/.test(text[0]!) && (top().out === '' || top().out.endsWith(' ')) && stack.length > 1) return null;
      let t = decodeHTML(text.replace(/[ \t\r\n]+/g, ' '));
      if (/[^\S ]|\u00a0/.test(t)) return null;
      if (afterBreak || (stack.length === 1 && top().out === '') || top().out.endsWith(' ')) t = t.replace(/^ /, '');
      afterBreak = false;
      top().out += top().tag === 'code' ? t : escapeText(t);
    }
    if (lt < 0) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(html);
    if (!m) return null;
    pos = TAG.lastIndex;
    const [, close, rawName, attrs, selfClose] = m;
    const name = rawName!.toLowerCase();
    if (name === 'br') {
      if (close || attrs || stack.length > 1) return null;
      top().out = `${top().out.replace(/ $/, '')}  \n`;
      afterBreak = true;
      continue;
    }
    if (selfClose) return null;
    if (name === 'p') {
      if (attrs || stack.length > 1) return null;
      const done = top().out.replace(/ $/, '').replace(/ {2}\n$/, '');
      if (done !== '') paragraphs.push(done);
      top().out = '';
      afterBreak = false;
      continue;
    }
    if (!(name in INLINE) && name !== 'code' && name !== 'a') return null;
    if (close) {
      const frame = stack.pop();
      if (!frame || frame.tag !== name || stack.length === 0) return null;
      const content = frame.out;
      if (content === '' || content.startsWith(' ') || content.endsWith(' ')) return null;
      if (name === 'a') top().out += frame.href ? `[${content}](${frame.href})` : content;
      else if (name === 'code') {
        if (content.includes('`')) return null;
        top().out += `\`${content}\``;
      } else top().out += `${INLINE[name]![0]}${content}${INLINE[name]![1]}`;
      continue;
    }
    if (top().tag === 'code') return null;
    let href: string | null = null;
    if (name === 'a') {
      const found = /\shref="([^"]*)"/i.exec(attrs ?? '');
      if (!found || /\s(?!href=|rel=|title=|target=|on[a-z]+=)[a-z-]+=/i.test(attrs!)) return null;
      href = link(decodeHTML(found[1]!));
    } else if (attrs) return null;
    stack.push({tag: name, out: '', href});
  }
  if (stack.length !== 1) return null;
  const last = top().out.replace(/ $/, '').replace(/ {2}\n$/, '');
  if (last !== '') paragraphs.push(last);
  return paragraphs.join('\n\n');
}
