import {parseMarkdown} from './parse-blocks.js';
import {renderParsed} from './render-tree.js';

export type {Block, Inline, Item} from './ast.js';
export type {Tree} from './tree.js';
export {parseMarkdown} from './parse-blocks.js';
export {renderParsed} from './render-tree.js';
export {safeUrl} from './safe-url.js';

/** Renders comment Markdown as DOM nodes, into `into` (by default a new fragment): text nodes and allowlisted attributes only. */
export function renderMarkdown<T extends Node = DocumentFragment>(src: string, into: T = document.createDocumentFragment() as any): T {
  return renderParsed(parseMarkdown(src), into);
}
