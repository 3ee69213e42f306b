import type {Inline} from './ast.js';

/** The named character references that are decoded; any other name stays as typed. */
export const NAMED_ENTITIES: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\xa0'};

// Emphasis nested deeper than this shows its markers as text, so no input can build a tree that overflows a stack.
const MAX_NESTING = 16;

// A backslash escape (of ASCII punctuation) or a hex, decimal or named character reference.
// Only the named references in the table match; any other name stays as typed.
const TOKEN = '\\\\([!-/:-@[-`{-~])|&(?:#[xX]([\\da-fA-F]{1,6})|#(\\d{1,7})|(' + Object.keys(NAMED_ENTITIES).join('|') + '));';
const TOKENS = RegExp(TOKEN, 'g');
// One step of the rest: a token; trailing spaces (two make it hard) or a backslash, a line ending and the next
// line's indent; text up to the next character that may start something (runs of spaces apart, as they may
// end a line); a run of one delimiter character; or any one character.
const STEP = RegExp(TOKEN + '|( *)(\\\\?)\n *|`+|\\*+|_+|[^\\\\`*_[\\]<&\n ]+| +|[^]', 'y');
const AUTOLINK =
  /<(?:([a-z][a-z\d+.-]{1,31}:[^\0- <>\x7f]*)|([\w.!#$%&'*+/=?^`{|}~-]+@[a-z\d-]+(?:\.[a-z\d-]+)*))>/iy;
// `(destination "title")`. A bare destination may nest parentheses two deep; its characters are
// alternatives that cannot overlap, so a failed match backtracks in linear time.
const LINK_TAIL =
  /\([ \t\n]*(?:<((?:[^<>\n\\]|\\.)*)>|(?!<)((?:[^\0- ()\\]|\\[^\0- ]|\((?:[^\0- ()\\]|\\[^\0- ]|\((?:[^\0- ()\\]|\\[^\0- ])*\))*\))*))(?:[ \t\n]+("(?:[^"\\]|\\[^])*"|'(?:[^'\\]|\\[^])*'|\((?:[^()\\]|\\[^])*\)))?[ \t\n]*\)/y;

/**
 * A run of `*` or `_`: d its character, n its length, l how many are left unused, o/k whether it can open/close,
 * u each opening use (1 = em, 2 = strong) innermost first, z how many uses it closes.
 */
interface Run {
  d: string;
  n: number;
  l: number;
  o: boolean;
  k: boolean;
  u: number[];
  z: number;
}
type Item = Inline | Run;

const at = (re: RegExp, s: string, p: number) => ((re.lastIndex = p), re.exec(s));

const decode = (...[all, escaped, hex, dec, name]: string[]): string => {
  const c = +(hex ? '0x' + hex : dec);
  // 0 and surrogates (c >> 11 == 27) are invalid; a step that is not a token stays as it is.
  return escaped || NAMED_ENTITIES[name] || (hex || dec ? String.fromCodePoint(c && c < 0x110000 && c >> 11 != 27 ? c : 0xfffd) : all);
};

/** Decodes backslash escapes and character references, once. */
export const unescapeText = (s: string) => s.replace(TOKENS, decode);

// 2 for whitespace, 1 for punctuation, 0 for anything else: what flanking rules ask of a neighbour.
const kind = (c = ' ') => (/\s/.test(c) ? 2 : /[\p{P}\p{S}]/u.test(c) ? 1 : 0);

/** CommonMark's "process emphasis" over one bracket level of items (only runs take part), then the tree they make. */
function buildTree(items: any[]): Inline[] {
  const openers: Run[] = [];
  const bottom: Record<string, number> = {};
  for (const closer of items) {
    if (closer.k) {
      const key = closer.d + closer.o + (closer.n % 3);
      for (let j = openers.length; closer.l && j-- > (bottom[key] ?? 0); ) {
        const o = openers[j];
        if (o.d != closer.d || ((o.k || closer.o) && (o.n + closer.n) % 3 == 0 && (o.n % 3 || closer.n % 3))) continue;
        const use = o.l > 1 && closer.l > 1 ? 2 : 1;
        o.l -= use;
        closer.l -= use;
        o.u.push(use);
        closer.z++;
        openers.length = j = o.l ? j + 1 : j;
        for (const k in bottom) bottom[k] = Math.min(bottom[k], j);
      }
      if (closer.l) bottom[key] = openers.length;
    }
    if (closer.o && closer.l) openers.push(closer);
  }

  // The flat item list, with matched runs, into a tree.
  // A frame is the node being built, or for a marker nested too deep, its text and the enclosing content.
  const frames: any[] = [{c: []}];
  // Adds x to the open frame, joining adjacent text.
  const add = (x: Inline, c = frames.at(-1).c) =>
    typeof x == 'string' && typeof c.at(-1) == 'string' ? c.push(c.pop() + x) : x && c.push(x);
  for (const x of items) {
    if (!x.d) {
      add(x);
      continue;
    }
    for (let k = x.z; k--; ) {
      const f = frames.pop();
      add(f.t ? f : f.m);
    }
    add(x.d.repeat(x.l));
    for (let k = x.u.length; k--; ) {
      const m = x.d.repeat(x.u[k]), deep = frames.length > MAX_NESTING;
      if (deep) add(m);
      frames.push(deep ? {m, c: frames.at(-1).c} : {t: m[1] ? 'strong' : 'em', c: []});
    }
  }
  return frames[0].c;
}

/** Parses a paragraph's text (lines joined by `\n`, trimmed) into inline nodes, in about linear time. */
export function parseInline(s: string): Inline[] {
  // brackets: for each open `[`, the index in items just after it.
  const items: Item[] = [], brackets: number[] = [], ticks: Record<number, number> = {};
  // Where the last backtick run of each length starts, so a code span without a closer costs no scan.
  for (const t of s.matchAll(/`+/g)) ticks[t[0].length] = t.index;
  for (let p = 0, m, l, b, c, n; (m = at(STEP, s, p)); ) {
    (c = m[0][0]), (n = m[0].length);
    if (c == '`') {
      const end = ticks[n] > p && at(RegExp(`(?<!\`)\`{${n}}(?!\`)`, 'g'), s, p + n)!.index;
      const x = s.slice(p + n, end || p + n).replace(/\n/g, ' ');
      items.push(end ? {t: 'code', c: [/^ (?=.*[^ ]).* $/s.test(x) ? x.slice(1, -1) : x]} : s.slice(p, p + n));
      p = (end || p) + n;
    } else if (c == '*' || c == '_') {
      const b = kind(s[p - 1]), a = kind(s[p + n]);
      const left = a < 2 && (!a || b > 0), right = b < 2 && (!b || a > 0);
      items.push({d: c, n, l: n, u: [], z: 0, o: left && (c == '*' || !right || b == 1), k: right && (c == '*' || !left || a == 1)});
      p += n;
    } else if (c == '[') {
      brackets.push(items.push(c));
      p++;
    } else if (c == ']' && (b = brackets.pop()) && (l = at(LINK_TAIL, s, p + 1))) {
      const [tail, pointy, bare, title] = l;
      // Links cannot contain links: every earlier `[` is now plain text.
      brackets.length = 0;
      // The link takes the place of its `[`.
      items[b - 1] = {t: 'a', href: unescapeText(pointy ?? bare), title: title && unescapeText(title.slice(1, -1)), c: buildTree(items.splice(b))};
      p += tail.length + 1;
    } else if (c == '<' && (l = at(AUTOLINK, s, p))) {
      items.push({t: 'a', href: l[1] ?? 'mailto:' + l[2], c: [l[1] ?? l[2]]});
      p += l[0].length;
    } else {
      items.push(m[5] != null ? (m[6] || m[5][1] ? {t: 'br'} : '\n') : decode(...m));
      p += n;
    }
  }
  return buildTree(items);
}
