// The bodies the server sends parsed (src/markdown/tree.ts): the same content as the parser's own blocks, so the
// widget, which renders trees, shows what the server's pages show. Checked on the CommonMark spec's examples and the
// XSS corpus, through JSON as they travel.
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {describe, it} from 'node:test';
import type {Block} from '../../src/markdown/ast.js';
import {parseMarkdown} from '../../src/markdown/parse-blocks.js';
import {toTree, type Tree} from '../../src/markdown/tree.js';
import {xssPayloads} from '../lib/shared.js';
import {toHtml} from './to-html.js';

/** A tree read back as blocks: each top-level string is its paragraph again. */
const blocks = (tree: Tree): Block[] => tree.map((b) => (typeof b == 'string' ? {t: 'p', c: [b]} : b));
const viaJson = (src: string): Tree => JSON.parse(JSON.stringify(toTree(src)));

// Every key a node may carry in a tree: what render-tree.ts reads, nothing of the parser's bookkeeping.
const KEYS = new Set(['t', 'c', 'href', 'title', 'start', 'lang']);
function strayKeys(n: unknown, path = ''): string[] {
  if (typeof n == 'string') return [];
  if (Array.isArray(n)) return n.flatMap((x, i) => strayKeys(x, `${path}[${i}]`));
  const o = n as Record<string, unknown>;
  return [...Object.keys(o).filter((k) => !KEYS.has(k)).map((k) => `${path}.${k}`), ...(Array.isArray(o.c) ? strayKeys(o.c, `${path}.c`) : [])];
}

const examples = (createRequire(import.meta.url)('commonmark-spec').tests as {markdown: string}[]).map((e) => e.markdown.replace(/→/g, '\t'));

describe('toTree', () => {
  it('gives the parser’s content for every CommonMark spec example and every XSS payload, through JSON', () => {
    const sources = [...examples, ...xssPayloads()];
    assert.ok(sources.length > 1500, `${sources.length} sources`);
    const differ = sources.filter((src) => toHtml(blocks(viaJson(src)), {policy: true}) !== toHtml(parseMarkdown(src), {policy: true}));
    assert.deepEqual(differ.slice(0, 5), [], `${differ.length} of ${sources.length} differ`);
    const stray = sources.flatMap((src) => strayKeys(viaJson(src)).map((k) => `${JSON.stringify(src.slice(0, 30))}: ${k}`));
    assert.deepEqual(stray.slice(0, 5), [], `${stray.length} stray keys`);
  });

  it('sends a paragraph of plain text as its string, joins runs of text, and keeps what the renderer needs', () => {
    assert.deepEqual(toTree('Hello, world.\n\nA second paragraph\nover two lines.'), ['Hello, world.', 'A second paragraph\nover two lines.']);
    assert.deepEqual(toTree('Some *emphasis* and `code`'), [{t: 'p', c: ['Some ', {t: 'em', c: ['emphasis']}, ' and ', {t: 'code', c: ['code']}]}]);
    assert.deepEqual(toTree('[x](https://a.example "T")'), [{t: 'p', c: [{t: 'a', href: 'https://a.example', title: 'T', c: ['x']}]}]);
    assert.deepEqual(toTree('3. three\n4. four'), [{t: 'ol', start: 3, c: [{t: 'li', c: ['three']}, {t: 'li', c: ['four']}]}]);
    assert.deepEqual(toTree('- a\n- b'), [{t: 'ul', c: [{t: 'li', c: ['a']}, {t: 'li', c: ['b']}]}]);
    assert.deepEqual(toTree('```js\nlet a;\nlet b;\n```'), [{t: 'pre', lang: 'js', c: ['let a;\nlet b;\n']}]);
    assert.deepEqual(toTree('> quoted'), [{t: 'q', c: [{t: 'p', c: ['quoted']}]}]);
    assert.deepEqual(toTree(''), []);
  });

});
