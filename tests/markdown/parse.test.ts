import assert from 'node:assert/strict';
import {xssPayloads} from '../lib/shared.js';
import {describe, it} from 'node:test';
import type {Block, Inline, Item} from '../../src/markdown/ast.js';
import {parseMarkdown} from '../../src/markdown/parse-blocks.js';
import {toHtml} from './to-html.js';

const html = (src: string) => toHtml(parseMarkdown(src), {policy: true});
// The inline content of the first block, which is all these cases need (nodes also carry parser bookkeeping).
const first = (src: string) => (parseMarkdown(src)[0] as {c: unknown}).c;

// How deep the tree goes, walked without recursion so that a deep tree fails the assertion, not the walk.
function depth(blocks: Block[]): number {
  let max = 0;
  const todo: [Block | Inline | Item, number][] = blocks.map((b) => [b, 1]);
  for (let next; (next = todo.pop()); ) {
    const [n, d] = next;
    max = Math.max(max, d);
    if (typeof n != 'string' && 'c' in n) for (const c of n.c.flat()) todo.push([c, d + 1]);
  }
  return max;
}

// Each input below takes well under a second when parsed in linear time, and minutes if anything is quadratic;
// the budget leaves room for a loaded CI machine.
const BUDGET_MS = 5000;

function timed(src: string) {
  const start = performance.now();
  const blocks = parseMarkdown(src);
  return {blocks, ms: performance.now() - start};
}

describe('parseMarkdown', () => {
  describe('with raw HTML', () => {
    it('keeps tags as text', () => {
      assert.deepEqual(first('<b>hi</b>'), ['<b>hi</b>']);
      assert.equal(html('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>'),
        '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>&lt;img src=x onerror=alert(1)&gt;</p>\n');
    });

    it('keeps tags inside lists, quotes and emphasis as text', () => {
      assert.equal(html('> - *<iframe src=x>*'), '<blockquote>\n<ul>\n<li><em>&lt;iframe src=x&gt;</em></li>\n</ul>\n</blockquote>\n');
    });
  });

  describe('with character references', () => {
    it('decodes once', () => {
      assert.deepEqual(first('&lt;img src=x onerror=alert(1)&gt;'), ['<img src=x onerror=alert(1)>']);
      assert.deepEqual(first('&amp;lt;b&amp;gt;'), ['&lt;b&gt;']);
      assert.deepEqual(first('[x](https://a.example/?q=&amp;lt;)'), [{t: 'a', href: 'https://a.example/?q=&lt;', title: undefined, c: ['x']}]);
    });

    it('decodes the small named table and leaves other names, including object keys, as typed', () => {
      assert.deepEqual(first('&amp;&lt;&gt;&quot;&apos;&nbsp; &copy; &ouml; &constructor; &hasOwnProperty; &toString;'),
        ['&<>"\'\u00a0 &copy; &ouml; &constructor; &hasOwnProperty; &toString;']);
    });

    it('replaces invalid code points and NUL with U+FFFD', () => {
      assert.deepEqual(first('&#0;&#x110000;&#xD800;a\0b'), ['\ufffd\ufffd\ufffda\ufffdb']);
    });

    it('cannot build markup from entities', () => {
      assert.equal(html('&#42;no&#42; &#91;x&#93;(https://a.example) &#60;b&#62;'), '<p>*no* [x](https://a.example) &lt;b&gt;</p>\n');
    });
  });

  describe('with unsupported constructs', () => {
    it('shows headings, thematic breaks and tables as paragraph text', () => {
      assert.equal(html('# Title\n\n***\n\n| a |\n|---|'), '<p># Title</p>\n<p>***</p>\n<p>| a |\n|---|</p>\n');
    });

    it('shows an image as a "!" and a link to its source, never an image', () => {
      assert.equal(html('![alt](https://a.example/i.png "t")'), '<p>!<a href="https://a.example/i.png" title="t">alt</a></p>\n');
      assert.equal(html('![x](javascript:alert(1))'), '<p>!x</p>\n');
    });

    it('shows reference definitions and references as text', () => {
      assert.equal(html('[a]\n\n[a]: https://a.example'), '<p>[a]</p>\n<p>[a]: https://a.example</p>\n');
    });
  });

  describe('with links', () => {
    it('keeps only http, https and mailto destinations', () => {
      assert.equal(html('[a](https://a.example) <https://b.example> <c@d.example> [e](mailto:e@f.example)'),
        '<p><a href="https://a.example">a</a> <a href="https://b.example">https://b.example</a> ' +
          '<a href="mailto:c@d.example">c@d.example</a> <a href="mailto:e@f.example">e</a></p>\n');
    });

    for (const src of [
      '[x](javascript:alert(1))',
      '[x](JAVASCRIPT:alert(1))',
      '[x]( javascript:alert(1))',
      '[x](<javascript:alert(1)>)',
      '[x](jav&#x09;ascript:alert(1))',
      '[x](&#106;avascript:alert(1))',
      '[x](&#x6A;avascript&#x3A;alert(1))',
      '[x](java\\script:alert(1))',
      '[x](<java\u0000script:alert(1)>)',
      '[x](data:text/html;base64,PHNjcmlwdD4=)',
      '[x](vbscript:msgbox(1))',
      '[x](/relative)',
      '[x](//evil.example)',
      '<javascript:alert(1)>',
      '<vbscript:msgbox(1)>',
      '<data:text/html,x>',
    ]) {
      it(`refuses ${JSON.stringify(src)}, showing the text`, () => {
        assert.doesNotMatch(html(src), /<a /);
      });
    }

    it('keeps a title, and leaves a quote in it inert', () => {
      assert.equal(html('[a](https://a.example "x\\" onclick=\\"y")'), '<p><a href="https://a.example" title="x&quot; onclick=&quot;y">a</a></p>\n');
    });
  });

  describe('with code', () => {
    it('keeps a safe language and drops any other', () => {
      const [pre] = parseMarkdown('```js\nx\n```') as {t: string; c: string[]; lang: string}[];
      assert.deepEqual([pre.t, pre.c, pre.lang], ['pre', ['x\n'], 'js']);
      assert.equal(html('```js"onload=x\n<b>\n```'), '<pre><code>&lt;b&gt;\n</code></pre>\n');
    });
  });

  describe('with lists', () => {
    it('keeps an ordered list\'s start as a safe integer', () => {
      assert.equal(html('999999999. a'), '<ol start="999999999">\n<li>a</li>\n</ol>\n');
      assert.equal(html('1234567890. a'), '<p>1234567890. a</p>\n');
    });
  });

  describe('with hostile nesting', () => {
    it('caps block nesting; deeper markers are text', () => {
      const {blocks, ms} = timed('>'.repeat(10000) + ' a');
      assert.ok(depth(blocks) <= 33, `depth ${depth(blocks)}`);
      assert.ok(ms < BUDGET_MS, `${ms} ms`);
      const inner = JSON.stringify(blocks);
      assert.match(inner, /"(>){9960,}/);
      const lists = timed('- '.repeat(30000) + 'x' + '\n'.repeat(30000));
      assert.ok(depth(lists.blocks) <= 33 && lists.ms < BUDGET_MS, `${lists.ms} ms`);
      const indented = timed(Array.from({length: 1000}, (_, k) => '  '.repeat(k) + '* a\n').join(''));
      assert.ok(depth(indented.blocks) <= 33 && indented.ms < BUDGET_MS, `${indented.ms} ms`);
    });

    it('caps emphasis nesting', () => {
      const {blocks} = timed('*'.repeat(50000) + 'a' + '*'.repeat(50000));
      assert.ok(depth(blocks) <= 40, `depth ${depth(blocks)}`);
      assert.ok(depth(parseMarkdown('*a **a '.repeat(65000) + 'b' + ' a** a*'.repeat(65000))) <= 40);
    });

    // From commonmark's pathological_tests.py: each finishes in roughly linear time.
    const cases: [string, string][] = [
      ['nested strong emph', '*a **a '.repeat(65000) + 'b' + ' a** a*'.repeat(65000)],
      ['many emph closers with no openers', 'a_ '.repeat(65000)],
      ['many emph openers with no closers', '_a '.repeat(65000)],
      ['many 3-emph openers with no closers', 'a***'.repeat(65000)],
      ['many link closers with no openers', 'a]'.repeat(65000)],
      ['many link openers with no closers', '[a'.repeat(65000)],
      ['mismatched openers and closers', '*a_ '.repeat(50000)],
      ['openers and closers multiple of 3', 'a**b' + 'c* '.repeat(50000)],
      ['link openers and emph closers', '[ a_'.repeat(50000)],
      ['pattern [ (]( repeated', '[ (]('.repeat(80000)],
      ['pattern ![[]() repeated', '![[]()'.repeat(160000)],
      ['nested brackets', '['.repeat(50000) + 'a' + ']'.repeat(50000)],
      ['nested block quotes', '> '.repeat(50000) + 'a'],
      ['backticks', Array.from({length: 4999}, (_, k) => 'e' + '`'.repeat(k + 1)).join('')],
      ['unclosed links A', '[a](<b'.repeat(30000)],
      ['unclosed links B', '[a](b'.repeat(30000)],
      ['unclosed autolinks', '<a:'.repeat(100000) + '<a@b.c'.repeat(30000)],
      ['many entities', '&amp;&#1;&x;'.repeat(50000)],
      ['many backslashes', '\\'.repeat(100000) + '\\*'.repeat(50000)],
      ['many lines', 'a  \nb\\\n'.repeat(50000)],
      ['empty lines in nested lists in a quote', '> ' + '- '.repeat(30000) + 'x\n' + '>\n'.repeat(30000)],
      ['many titles', '[a](b "c'.repeat(30000)],
    ];
    for (const [name, src] of cases) {
      it(`parses "${name}" quickly`, () => {
        const {ms} = timed(src);
        assert.ok(ms < BUDGET_MS, `${ms.toFixed(0)} ms for ${src.length} characters`);
      });
    }
  });

  // The shared corpus (../shared or NATTER_SHARED); the case fails when it is missing.
  it('yields only allowlisted tags, attributes and URLs for every payload in the XSS corpus', () => {
    const payloads = xssPayloads();
    assert.ok(payloads.length > 0, 'the corpus has payloads');
    for (const payload of payloads) {
      const out = html(payload);
      for (const [tag, name, attrs] of out.matchAll(/<\/?([a-z]+)([^>]*)>/g)) {
        assert.match(name, /^(p|br|em|strong|code|pre|a|blockquote|ul|ol|li)$/, tag);
        for (const [, attr, value] of attrs.matchAll(/ ([a-z]+)="([^"]*)"/g)) {
          assert.match(attr, /^(href|title|class|start)$/, tag);
          if (attr == 'href') assert.match(value, /^(https?:\/\/|mailto:)/i, tag);
        }
      }
    }
  });
});
