// Comments as the widget reads them: each body parsed into its tree (src/markdown/tree.ts) on the server, so the
// reader's browser needs no Markdown parser. A list asked for as trees (`format=tree`) leaves the source out.
import type {Comment} from '../../adapters/adapter.js';
import {toTree, type Tree} from '../../markdown/tree.js';

// Parsed once per comment object: a page's bytes are measured in the form it is sent in, then it is sent.
const trees = new WeakMap<Comment, Tree>();

/** The comment's body parsed, made once per comment object. */
export function treeOf(c: Comment): Tree {
  let tree = trees.get(c);
  if (!tree) trees.set(c, (tree = toTree(c.body ?? '')));
  return tree;
}

/** One comment in an answer of its own (a post, an edit, a live event): its source, for the author, and its tree. */
export const withTree = (c: Comment): Comment => ({...c, tree: treeOf(c)});

/** A comment in a list asked for as trees: the tree without the source. */
export function treeOnly(c: Comment): Comment {
  const {body: _, ...rest} = c;
  return {...rest, tree: treeOf(c)};
}

/** The bytes of a list's comment as `treeOnly` sends it, its comma included: what a page's byte bound counts. */
export const treeBytes = (c: Comment): number => Buffer.byteLength(JSON.stringify(treeOnly(c))) + 1;
