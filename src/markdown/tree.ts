import type {Block, Inline, Item} from './ast.js';
import {parseMarkdown} from './parse-blocks.js';

/**
 * A comment's body parsed, as the server sends it to the widget (`tree`) so that the reader's browser never needs the
 * parser: the blocks of ast.ts with only their typed fields, runs of text joined, and each top-level paragraph that is
 * only text as its string. render.ts builds the DOM from it with the same allowlist as from the parser's own output.
 */
export type Tree = (string | Block)[];

type Node = Block | Inline | Item;

// The fields each node kind may carry past `t` and `c`, so the parser's bookkeeping (source lines, fences) stays home.
const FIELDS: Record<string, string[]> = {a: ['href', 'title'], ol: ['start'], pre: ['lang']};

function clean(n: Node): Node {
  if (typeof n == 'string') return n;
  const out: Record<string, unknown> = {t: n.t};
  for (const k of FIELDS[n.t] ?? []) if ((n as Record<string, unknown>)[k] != null) out[k] = (n as Record<string, unknown>)[k];
  if ('c' in n) out.c = join((n.c as Node[]).map(clean));
  return out as Node;
}

/** Adjacent strings as one (the same text in the DOM, one text node). */
function join(c: Node[]): Node[] {
  const out: Node[] = [];
  for (const x of c) typeof x == 'string' && typeof out.at(-1) == 'string' ? (out[out.length - 1] += x) : out.push(x);
  return out;
}

/** The body as the widget renders it, from the parser that the server's pages use (see Tree). */
export function toTree(src: string): Tree {
  return parseMarkdown(src).map((b) => {
    const n = clean(b) as Block;
    return n.t == 'p' && n.c.length == 1 && typeof n.c[0] == 'string' ? n.c[0] : n;
  });
}
