import type {Block, Inline, Item} from '../../../markdown/ast.js';
import {parseMarkdown} from '../../../markdown/parse-blocks.js';

// Counted on the Markdown as the widget parses it, so `[text](url)`, `<url>` and a bare URL each count once,
// and a link's own text (often the URL again) doesn't count twice.
const bare = /\b(?:https?:\/\/|www\.)[^\s<>()]+/gi;

/** Links in a comment: Markdown links, autolinks and bare URLs in the body, and the website when given. */
export function countLinks(body: string, website: string | null): number {
  let n = website === null ? 0 : 1;
  const inline = (nodes: readonly Inline[]) => {
    for (const node of nodes) {
      if (typeof node === 'string') n += node.match(bare)?.length ?? 0;
      else if (node.t === 'a') n++;
      else if (node.t === 'code') n += node.c[0].match(bare)?.length ?? 0;
      else if (node.t === 'em' || node.t === 'strong') inline(node.c);
    }
  };
  const blocks = (nodes: readonly (Block | Item | Inline)[]) => {
    for (const node of nodes) {
      if (typeof node === 'string' || node.t === 'em' || node.t === 'strong' || node.t === 'code' || node.t === 'a' || node.t === 'br') inline([node]);
      else if (node.t === 'p') inline(node.c);
      else if (node.t === 'pre') for (const line of node.c) n += line.match(bare)?.length ?? 0;
      else blocks(node.c);
    }
  };
  blocks(parseMarkdown(body));
  return n;
}
