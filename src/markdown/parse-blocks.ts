import type {Block} from './ast.js';
import {parseInline, unescapeText} from './parse-inline.js';

// Most blocks open at once (a list and its item count as two). Deeper `>` and list markers stay text,
// so the tree, and the templates that render it, stay shallow whatever the input.
const MAX_OPEN = 32;

/** A block while it is being parsed; `finish` turns it into a Block in place, so these fields stay on it. */
interface Box {
  t: '' | 'q' | 'li' | 'ul' | 'ol' | 'p' | 'pre';
  /** Child boxes; for p and pre, the lines. */
  c: any[];
  /** The first and last source lines that belong to it, for telling tight lists from loose ones. */
  f: number;
  e: number;
  /** li: the content's indent; pre: the fence's indent (4 for indented code). */
  n?: number;
  /** List: the bullet or delimiter; pre: the opening fence (none for indented code). */
  m?: string;
  lang?: string;
  start?: number;
}

const BLANK = /^[ \t]*$/, WS = /[ \t]/;
// A fence, and the first word of its info string; a backtick fence's info may not hold a backtick.
const FENCE = /^(`{3,}(?!.*`)|~{3,})[ \t]*([^ \t]*)/;

/** Parses Markdown into blocks: the CommonMark subset that Natter supports (see render.ts). */
export function parseMarkdown(src: string): Block[] {
  // The rest of the current line, the column it starts at, and the line number.
  // `rest` is what follows the indentation that indent() last measured; empty if the line is blank.
  let s = '', rest = '', col = 0, ln = 0, i = 0, m;
  const stack: Box[] = [{t: '', c: [], f: 0, e: 0}];
  const top = () => stack.at(-1)!;
  // The width of the indentation, with tabs to the next multiple of 4 columns.
  const indent = () => {
    let w = 0, k = 0;
    while (WS.test(s[k])) w += s[k++] == ' ' ? 1 : 4 - ((col + w) % 4);
    rest = s.slice(k);
    return w;
  };
  // Consumes n columns of indentation; a tab that is only partly consumed turns into spaces first.
  const eat = (n: number) => {
    while (n > 0 && WS.test(s[0])) {
      const w = s[0] == ' ' ? 1 : 4 - (col % 4);
      if (w > n) s = ' '.repeat(w) + s.slice(1);
      else (s = s.slice(1)), (col += w), (n -= w);
    }
  };
  const skip = (k: number) => ((s = s.slice(k)), (col += k));
  const quote = () => (eat(indent()), skip(1), eat(1));
  // Closes the containers this line did not continue, then adds a new block of type t where it
  // fits: only an item goes into a list, and nothing into a paragraph or code block.
  const open = (t: Box['t'], more?: Partial<Box>) => {
    const b: Box = {t, c: [], f: ln, e: ln, ...more};
    stack.length = i;
    while (top().t[1] == 'l' ? b.t != 'li' : top().t[0] == 'p') stack.pop();
    top().c.push(b);
    i = stack.push(b);
  };

  // A final line ending ends the last line; it does not start an empty one.
  for (const line of src.replace(/\0/g, '\ufffd').replace(/(\r\n?|\n)$/, '').split(/\r\n?|\n/)) {
    s = line;
    col = 0;
    ln++;
    // A fence line ends the line early (break add).
    add: {
      for (i = 1; i < stack.length; i++) {
        const b = stack[i], n = indent();
        if (b.t == 'q') {
          if (n > 3 || rest[0] != '>') break;
          quote();
        } else if (b.t == 'li') {
          if (rest ? n < b.n! : !b.c.length) break;
          eat(rest ? b.n! : n);
        } else if (b.t == 'pre') {
          if (b.m && n < 4 && RegExp(`^${b.m}+[ \t]*$`).test(rest)) {
            stack.pop()!.e = ln;
            break add;
          }
          if (!b.m && n < 4 && rest) break;
          eat(n < b.n! ? n : b.n!);
        } else if (b.t == 'p' && !rest) break;
      }

      // New blocks, unless the line belongs to a code block.
      while (stack[i - 1].t != 'pre' && stack.length < MAX_OPEN) {
        const n = indent();
        if (n > 3) {
          if (top().t != 'p' && rest) eat(4), open('pre', {n: 4});
          break;
        }
        if (rest[0] == '>') {
          quote();
          open('q');
        } else if ((m = FENCE.exec(rest))) {
          open('pre', {m: m[1], n, lang: unescapeText(m[2])});
          break add;
        } else if (
          (m = /^(?:([*+-])|(\d{1,9})([.)]))(?=[ \t]|$)/.exec(rest)) &&
          // A list can interrupt a paragraph only with a non-empty item, and an ordered one only at 1.
          (stack[i - 1].t != 'p' || ((m[1] || +m[2] == 1) && !BLANK.test(rest.slice(m[0].length))))
        ) {
          eat(n);
          skip(m[0].length);
          const spaces = indent(), pad = spaces > 4 || !rest ? 1 : spaces, d = m[1] || m[3];
          eat(pad);
          stack.length = i;
          if (top().m != d) open(m[1] ? 'ul' : 'ol', {m: d, start: +(m[2] || 1)});
          open('li', {n: n + m[0].length + pad});
        } else break;
      }

      // A lazy continuation line continues a paragraph in a container it did not open.
      indent();
      if (top().t != 'p' || !rest) stack.length = i;
      if (top().t == 'pre' || rest) (top().t[0] == 'p' || open('p')), top().c.push(s);
    }
    // Blank lines inside a fence belong to it.
    if (!BLANK.test(line) || top().m?.[2]) stack.map((b) => (b.e = ln));
  }
  return stack[0].c.map(finish);
}

function finish(b: Box): Block {
  if (b.t == 'p') b.c = parseInline(b.c.join('\n').replace(/\n[ \t]+/g, '\n').trim());
  else if (b.t == 'pre') {
    // Indented code ends at its last non-blank line.
    if (!b.m) while (BLANK.test(b.c.at(-1))) b.c.pop();
    b.c = b.c.map((l) => l + '\n');
  } else {
    b.c.map(finish);
    // Blank lines between items, or between the blocks of one item, make a list loose. In a tight list,
    // paragraphs give their content to the item, to show without <p>.
    if (b.t[1] == 'l' && ![b, ...b.c].some((x) => x.c.some((y: Box, k: number) => k && x.c[k - 1].e < y.f - 1))) {
      for (const li of b.c) li.c = li.c.flatMap((x: Box) => (x.t == 'p' ? x.c : x));
    }
  }
  return b as Block;
}
