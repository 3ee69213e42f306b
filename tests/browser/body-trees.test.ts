import {expect} from '@open-wc/testing';
import type {Adapter, Comment} from '../../src/adapters/adapter.js';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import {renderMarkdown} from '../../src/markdown/render.js';
import {renderParsed} from '../../src/markdown/render-tree.js';
import {toTree, type Tree} from '../../src/markdown/tree.js';
import {cleanup, clearStorage, mountThread, next, part, parts, seedComment, submit, type, until} from './helpers.js';

// The widget renders each body from its tree (src/markdown/render-tree.ts), which the server sends parsed. A tree is
// data from whatever server the adapter talks to: only the allowlisted kinds and attributes become DOM.

const html = (tree: unknown[]) => renderParsed(tree as Tree, document.createElement('div')).innerHTML;

describe('bodies from their trees', () => {
  afterEach(cleanup);
  beforeEach(clearStorage);

  it('render as the parser’s own output does, for every payload of the XSS corpus, through JSON', async () => {
    const text = await (await fetch('/__shared/xss/payloads.jsonl')).text();
    const payloads = text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).payload as string);
    expect(payloads.length).to.be.greaterThan(800);
    const differ = payloads.filter((p) => html(JSON.parse(JSON.stringify(toTree(p)))) !== renderMarkdown(p, document.createElement('div')).innerHTML);
    expect(differ.slice(0, 5), `${differ.length} differ`).to.deep.equal([]);
  });

  it('build only allowlisted elements and attributes from a hostile tree', () => {
    const hostile = [
      {t: 'script', c: ['alert(1)']},
      {t: 'img', src: 'x', onerror: 'alert(1)'},
      {t: 'style', c: ['* {display: none}']},
      {t: 'P', c: ['upper case is no kind']},
      null,
      42,
      {t: 'p', c: 'not a list', onclick: 'alert(1)'},
      {t: 'p', c: [{t: 'iframe', c: ['framed']}, 'text ', {t: 'a', href: 'javascript:alert(1)', c: ['refused']}, ' ', {t: 'a', href: 'https://ok.example', onclick: 'alert(1)', title: 'T', c: ['ok']}]},
      {t: 'pre', lang: 'x" onmouseover="alert(1)', c: ['code\n']},
      {t: 'ol', start: 3, c: [{t: 'li', c: ['three']}]},
      'A paragraph of <b>text</b>',
    ];
    expect(html(hostile)).to.equal(
      '<p></p><p>text refused <a href="https://ok.example" title="T" rel="nofollow ugc noopener">ok</a></p>'
      + '<pre tabindex="0"><code>code\n</code></pre><ol start="3"><li>three</li></ol><p>A paragraph of &lt;b&gt;text&lt;/b&gt;</p>',
    );
  });

  it('parses a body that came without its tree (a custom adapter), loading the parser only then', async () => {
    const comment: Comment = seedComment('c1', {body: 'Some *emphasis* here'});
    const adapter: Adapter = {
      id: 'no-trees',
      list: async () => ({comments: [structuredClone(comment)], next: null, total: 1}),
      post: () => Promise.reject(new Error('not posted here')),
    };
    const el = await mountThread((e) => {
      e.adapter = adapter;
      e.thread = '/t';
    });
    await until(() => part(el, 'body').querySelector('em'), 4000, 'the body parsed');
    expect(part(el, 'body').innerHTML).to.equal('<p>Some <em>emphasis</em> here</p>');
  });

  it('shows a comment still sending as the reader typed it, then as the server parsed it', async () => {
    const inner = createMemoryAdapter();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const adapter: Adapter = {...inner, id: 'gated', post: async (...args) => (await gate, inner.post(...args))};
    const el = await mountThread((e) => {
      e.adapter = adapter;
      e.thread = '/t';
    });
    const form = part(el, 'composer');
    await type(form, {body: 'Line *one*\n\nLine two', author: 'Ada'});
    submit(form);
    await until(() => parts(el, 'note').some((n) => n.textContent === 'Sending…'), 2000, 'sending');
    expect(part(el, 'body').innerHTML).to.equal('<p>Line *one*</p><p>Line two</p>');
    const posted = next(el, 'natter-posted');
    release();
    await posted;
    await el.updateComplete;
    expect(part(el, 'body').innerHTML).to.equal('<p>Line <em>one</em></p><p>Line two</p>');
  });
});
