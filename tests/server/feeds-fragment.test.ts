import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {SaxesParser} from 'saxes';
import {loadConfig} from '../../src/server/config.js';
import {markdownToHtml} from '../../src/markdown/to-html.js';
import {createFormTokens} from '../../src/server/services/form-token.js';
import {aComment, engines, makeServer, makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());
const policy = (mode: 'off' | 'all') => ({...loadConfig([], {}).policy, mode, minSeconds: 0});

interface XmlElement {name: string; uri: string; attributes: Record<string, string>; text: string; children: XmlElement[]}

/** Parses with saxes in strict mode (with namespaces): any error throws. */
function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({xmlns: true});
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => {
    const el: XmlElement = {name: tag.local, uri: tag.uri, text: '', children: [],
      attributes: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.local, a.value]))};
    stack.at(-1)?.children.push(el);
    stack.push(el);
    root ??= el;
  });
  parser.on('text', (t) => {
    if (stack.length) stack.at(-1)!.text += t;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  return root!;
}
const child = (el: XmlElement, name: string) => el.children.find((c) => c.name === name);
const ATOM = 'http://www.w3.org/2005/Atom';

const hostile = '<script>alert(1)</script> ]]> &amp; <img src=x onerror=alert(2)> [x](javascript:alert(3)) **bold** \uFFFE';

for (const engine of engines) {
  describe(`Atom feeds [${engine}]`, () => {
    it('per thread and site-wide: strict XML in the Atom namespace, published only, content escaped as text', async () => {
      const s = await makeServer(temp.dir, {policy: policy('off'), pages: {publicUrl: 'https://comments.example'}}, engine);
      await s.post(aComment({author: 'Eve <"&\'>', website: 'https://eve.example/?a=1&b=2', body: hostile}));
      s.tick();
      await s.post(aComment({thread: '/other', author: 'Bob', body: 'On another post'}));
      await s.store.insertComment({thread: '/posts/hello', parent: null, author: 'Held', email: null, website: null, body: 'held back'},
        {idempotencyKey: 'held', requestHash: 'h', status: 'pending', createdAt: '2026-01-01T00:00:09.000Z', ip: null});

      const res = await s.get('/feed.atom?thread=/posts/hello', {'Accept-Encoding': 'identity'});
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
      assert.equal(res.headers.get('cache-control'), 'public, max-age=300');
      const feed = parseXml(await res.text());
      assert.equal(feed.name, 'feed');
      assert.equal(feed.uri, ATOM);
      assert.equal(child(feed, 'id')!.text, 'https://comments.example/feed.atom?thread=%2Fposts%2Fhello');
      assert.match(child(feed, 'updated')!.text, /^2026-01-01T00:00:00\.000Z$/);
      const entries = feed.children.filter((c) => c.name === 'entry');
      assert.equal(entries.length, 1, 'one published comment; the held one is left out');
      const entry = entries[0]!;
      assert.ok(entry.children.every((c) => c.uri === ATOM));
      assert.equal(child(entry, 'id')!.text, 'https://comments.example/t?thread=%2Fposts%2Fhello#c-1');
      assert.equal(child(child(entry, 'author')!, 'name')!.text, 'Eve <"&\'>');
      assert.equal(child(child(entry, 'author')!, 'uri')!.text, 'https://eve.example/?a=1&b=2');
      const content = child(entry, 'content')!;
      assert.equal(content.attributes.type, 'html');
      assert.equal(content.children.length, 0, 'no markup inside content: it is text');
      assert.equal(content.text, markdownToHtml(hostile).value.replace('\uFFFE', '\uFFFD'), 'the HTML round-trips as text');
      assert.ok(!content.text.includes('<script'), 'the HTML itself is safe');

      const site = parseXml(await (await s.get('/feed.atom')).text());
      assert.equal(site.uri, ATOM);
      const titles = site.children.filter((c) => c.name === 'entry').map((e) => child(e, 'title')!.text);
      assert.deepEqual(titles, ['Bob on /other', 'Eve <"&\'> on /posts/hello'], 'newest first, across threads');
      const gz = await s.get('/feed.atom', {'Accept-Encoding': 'gzip'});
      assert.equal(gz.headers.get('vary'), 'Accept-Encoding');
    });
  });

  describe(`the fragment endpoint [${engine}]`, () => {
    it('answers the first page as marked HTML with a noscript link, across origins; newer answers only what came after', async () => {
      const s = await makeServer(temp.dir, {policy: policy('off')}, engine);
      await s.post(aComment({author: 'Ada', body: 'Hello <b>there</b>'}));
      s.tick();
      const res = await s.get('/api/fragment?thread=/posts/hello', {Origin: 'https://blog.example'});
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      const markup = await res.text();
      assert.match(markup, /^<div class="natter-fragment" data-natter-fragment data-natter-thread="\/posts\/hello" data-natter-newest="2026-01-01T00:00:00.000Z" data-natter-count="1" data-natter-list="\/api\/comments\?thread=%2Fposts%2Fhello&amp;format=tree&amp;limit=50&amp;order=oldest&amp;replies=5" data-natter-newer="\/api\/fragment\/newer\?thread=%2Fposts%2Fhello&amp;since=2026-01-01T00%3A00%3A00.000Z" data-natter-page="/);
      assert.ok(markup.includes('<p>Hello &lt;b&gt;there&lt;/b&gt;</p>'));
      assert.ok(markup.includes('<noscript><p><a href="http://localhost/t?thread=%2Fposts%2Fhello#form">'));
      const page = JSON.parse(/data-natter-page="([^"]*)"/.exec(markup)![1]!.replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&#39;', "'").replaceAll('&amp;', '&'));
      // Its bodies parsed, as the list the REST adapter asks for sends them (no source: the widget renders the tree).
      assert.deepEqual([page.comments[0].tree, page.comments[0].body], [['Hello <b>there</b>'], undefined]);
      assert.equal(page.total, 1);

      await s.post(aComment({author: 'Bob', body: 'Later', parent: '1'}));
      const newer = await s.get('/api/fragment/newer?thread=/posts/hello&since=2026-01-01T00:00:00.000Z');
      const json = (await newer.json()) as {comments: {author: string; tree: unknown; replyCount?: number}[]; total: number; next: string | null};
      // What came after, parsed, and a fresh copy of the top-level comment whose branch it joined (with its new count).
      assert.deepEqual(json.comments.map((c) => [c.author, c.tree]), [['Ada', ['Hello <b>there</b>']], ['Bob', ['Later']]], 'only what came after, parsed');
      assert.equal(json.comments[0]!.replyCount, 1);
      assert.equal(json.total, 2);
      assert.equal(json.next, null);
      const token = newer.headers.get('natter-form');
      assert.equal(createFormTokens(s.secrets).check(token, '/posts/hello', Date.parse('2026-01-01T00:00:05Z')).ok, true, 'a form stamp for the first post');
      assert.equal((await s.get('/api/fragment/newer?thread=/posts/hello&since=yesterday')).status, 400);
    });
  });
}
