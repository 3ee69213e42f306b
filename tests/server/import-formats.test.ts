import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
// turndown's own HTML parser (a dependency of it), to read rendered HTML as a browser would.
import {createRequire} from 'node:module';
import Database from 'better-sqlite3';
import {markdownToHtml} from '../../src/markdown/to-html.js';
import {parseMapRule} from '../../src/server/io/thread-ids.js';
import {xssPayloads} from '../lib/shared.js';
import {engines, makeServer, makeTempDir} from './setup.js';
import {bySource, importFile, stored} from './import-helpers.js';

const domino = createRequire(import.meta.url)('@mixmark-io/domino') as {createDocument(html: string): Document};
const temp = makeTempDir();
after(() => temp.remove());
let n = 0;
const file = (name: string, text: string) => {
  const path = join(temp.dir, `${++n}-${name}`);
  writeFileSync(path, text);
  return path;
};
const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function disqus(posts: {id: string; thread?: string; parent?: string; message: string; name?: string; deleted?: boolean; spam?: boolean}[], threads = [{id: '1', link: 'https://blog.example/2012/hello/'}]) {
  return `<?xml version="1.0"?><disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
${threads.map((t) => `<thread dsq:id="${t.id}"><link>${t.link}</link><title>T${t.id}</title></thread>`).join('\n')}
${posts.map((p) => `<post dsq:id="${p.id}"><message>${xmlText(p.message)}</message><createdAt>2020-01-01T00:00:00Z</createdAt>
<isDeleted>${p.deleted === true}</isDeleted><isSpam>${p.spam === true}</isSpam><author><name>${xmlText(p.name ?? 'Ada')}</name><email>ada@example.org</email></author>
<thread dsq:id="${p.thread ?? '1'}"/>${p.parent ? `<parent dsq:id="${p.parent}"/>` : ''}</post>`).join('\n')}
</disqus>`;
}

const SAFE_TAGS = new Set(['P', 'BR', 'CODE', 'EM', 'STRONG', 'A', 'PRE', 'BLOCKQUOTE', 'UL', 'OL', 'LI']);
/** What is unsafe in rendered HTML, by the shared corpus's rules. */
function unsafe(html: string): string[] {
  const doc = domino.createDocument(`<body>${html}</body>`);
  const found: string[] = [];
  for (const el of doc.body.querySelectorAll('*')) {
    if (!SAFE_TAGS.has(el.tagName)) found.push(`<${el.tagName}>`);
    for (const attr of Array.from(el.attributes) as {name: string; value: string}[]) {
      if (/^on|^style$|^srcdoc$|^src$|^action$|^formaction$/i.test(attr.name)) found.push(`${el.tagName}@${attr.name}`);
      if (attr.name === 'href' && !/^(https?:\/\/|mailto:)/i.test(attr.value)) found.push(`href=${attr.value}`);
    }
  }
  return found;
}

for (const engine of engines) {
  describe(`import rules (${engine})`, () => {
    it('rewrites thread ids with the first matching --map-url rule, and records the new URL', async () => {
      const server = await makeServer(temp.dir, {}, engine);
      const path = file('map.xml', disqus([{id: '1', message: 'a'}, {id: '2', thread: '2', message: 'b'}, {id: '3', thread: '3', message: 'c'}], [
        {id: '1', link: 'https://blog.example/2012/hello/'}, {id: '2', link: 'http://old.example/about/'}, {id: '3', link: 'https://blog.example/2013/x/?p=3#top'},
      ]));
      const rules = ['/2012/=>/blog/2012/', 'http://old.example/=>https://blog.example/pages/', '/20=>/never/'].map(parseMapRule);
      await importFile(server, 'disqus', path, {rules});
      const rows = await stored(server);
      assert.equal(bySource(rows, 'disqus:1').thread, '/blog/2012/hello/');
      assert.equal(bySource(rows, 'disqus:2').thread, '/pages/about/');
      assert.equal(bySource(rows, 'disqus:3').thread, '/never/13/x/?p=3');
      assert.deepEqual(await server.store.threads.get('/blog/2012/hello/'), {id: '/blog/2012/hello/', title: 'T1', url: 'https://blog.example/blog/2012/hello/', closed: false});
      assert.equal((await server.store.threads.get('/pages/about/')).url, 'https://blog.example/pages/about/');
      assert.throws(() => parseMapRule('/no-arrow/'), /FROM=>TO/);
    });

    it('keeps a deleted chain only as far as it holds replies; a reply to a missing parent becomes top-level', async () => {
      const server = await makeServer(temp.dir, {}, engine);
      const report = await importFile(server, 'disqus', file('tree.xml', disqus([
        {id: '3', parent: '2', message: 'reply before its parents'},
        {id: '1', message: '', deleted: true},
        {id: '2', parent: '1', message: '', deleted: true},
        {id: '4', message: '', deleted: true},
        {id: '5', parent: '4', message: '', deleted: true},
        {id: '6', parent: '99', message: 'orphan'},
        {id: '7', message: 'spam', spam: true},
      ])));
      assert.deepEqual(report.added, {published: 2, pending: 0, spam: 1, deleted: 2});
      assert.deepEqual(report.skipped.toJSON(), {deleted_without_replies: 2});
      assert.deepEqual(report.notes.toJSON(), {parent_missing: 1});
      const rows = await stored(server);
      assert.equal(bySource(rows, 'disqus:3').parent, bySource(rows, 'disqus:2').id);
      assert.equal(bySource(rows, 'disqus:3').root, bySource(rows, 'disqus:1').id);
      assert.equal(bySource(rows, 'disqus:2').parent, bySource(rows, 'disqus:1').id);
      assert.equal(bySource(rows, 'disqus:6').parent, null);
      assert.equal(rows.some((r) => r.source === 'disqus:4' || r.source === 'disqus:5'), false);
    });

    it('drops websites that are not http(s) and malformed emails, names anonymous authors, keeps a long body whole', async () => {
      const server = await makeServer(temp.dir, {}, engine);
      const long = 'word '.repeat(2500).trim();
      const wxr = `<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>P</title><link>https://b.example/p/</link><wp:post_id>5</wp:post_id>
${[['1', 'javascript:alert(1)', 'not-an-email', '', 'Hi'], ['2', 'https://ada.example/', 'ada@example.org', 'Ada', long], ['3', '', '', 'Bob', '<script>alert(1)</script>'], ['4', '', '', 'Eve\u202E', 'x']]
  .map(([id, url, email, name, body]) => `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author>${name}</wp:comment_author><wp:comment_author_email>${email}</wp:comment_author_email><wp:comment_author_url>${xmlText(url!)}</wp:comment_author_url><wp:comment_date_gmt>2020-02-02 10:00:00</wp:comment_date_gmt><wp:comment_content>${xmlText(body!)}</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>`).join('')}
</item></channel></rss>`;
      const report = await importFile(server, 'wordpress', file('fields.xml', wxr));
      assert.equal(report.added.published, 2);
      assert.deepEqual(report.skipped.toJSON(), {empty_body: 1, invalid_author: 1});
      assert.deepEqual(report.notes.toJSON(), {author_missing: 1, website_dropped: 1, email_dropped: 1, long_body: 1});
      const rows = await stored(server);
      const first = bySource(rows, 'wordpress:b.example:5:1');
      assert.deepEqual([first.author, first.website, first.email], ['Anonymous', null, null]);
      assert.equal(bySource(rows, 'wordpress:b.example:5:2').body, long);
      assert.equal(bySource(rows, 'wordpress:b.example:5:2').website, 'https://ada.example/');
    });

    it('stores the shared XSS corpus (as HTML bodies and author names) as Markdown that renders with nothing unsafe', async () => {
      const server = await makeServer(temp.dir, {}, engine);
      const payloads = xssPayloads();
      // XML 1.0 can't carry every control character: those payloads go in through Remark42's JSON lines (HTML too).
      const xmlSafe = (p: string) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/.test(p);
      const report = await importFile(server, 'disqus', file('xss.xml', disqus(payloads.filter(xmlSafe).map((p, i) => ({id: String(i + 1), message: p, name: `n${i} ${p.slice(0, 60)}`})))));
      assert.equal(report.added.published + report.skipped.total(), payloads.filter(xmlSafe).length);
      assert.ok(report.added.published > payloads.length / 2, `${report.added.published} of ${payloads.length} kept`);
      const lines = [JSON.stringify({version: 1}), ...payloads.map((p, i) => JSON.stringify({id: `x${i}`, text: p, user: {name: p.slice(0, 80)}, locator: {site: 's', url: 'https://x.example/xss/'}, time: '2021-01-01T00:00:00Z'}))];
      const json = await importFile(server, 'remark42', file('xss.jsonl', lines.join('\n')));
      assert.equal(json.added.published + json.skipped.total(), payloads.length);
      const rows = await stored(server);
      const bad = rows.flatMap((r) => unsafe(String(markdownToHtml(r.body))).map((u) => `${r.source}: ${u}`));
      assert.deepEqual(bad, []);
    });

    it('reads a Remark42 backup (JSON lines, deleted kept as placeholders), a Commento export (anonymous kept) and an Isso database', async () => {
      const server = await makeServer(temp.dir, {}, engine);
      const remark = [
        JSON.stringify({version: 1, users: [], posts: [{url: 'https://r.example/post/1', read_only: true}]}),
        JSON.stringify({id: 'a', pid: '', text: '<p>First <b>one</b></p>', user: {name: 'Ann', id: 'github_1'}, locator: {site: 'r', url: 'https://r.example/post/1'}, time: '2021-01-01T10:00:00.123456Z', title: 'Post 1'}),
        JSON.stringify({id: 'b', pid: 'a', text: '', user: {name: 'deleted'}, locator: {site: 'r', url: 'https://r.example/post/1'}, time: '2021-01-02T10:00:00Z', delete: true}),
        JSON.stringify({id: 'c', pid: 'b', text: '<p>Reply to deleted</p>', user: {name: 'Cy'}, locator: {site: 'r', url: 'https://r.example/post/1'}, time: '2021-01-03T10:00:00Z'}),
      ].join('\n');
      const r = await importFile(server, 'remark42', file('remark.jsonl', remark));
      assert.deepEqual(r.added, {published: 2, pending: 0, spam: 0, deleted: 1});
      const commento = {version: 1, comments: [
        {commentHex: 'c1', domain: 'c.example', url: '/blog/post/1', commenterHex: 'anonymous', markdown: 'Anonymous comment', parentHex: 'root', state: 'approved', creationDate: '2021-03-12T11:21:56Z', deleted: false},
        {commentHex: 'c2', domain: 'c.example', url: '/blog/post/1', commenterHex: 'u1', markdown: 'Great *reply*!', parentHex: 'c1', state: 'unapproved', creationDate: '2021-05-11T15:43:01.852651Z', deleted: false},
        {commentHex: 'c3', domain: 'c.example', url: '/blog/post/1', commenterHex: 'u1', markdown: 'buy', parentHex: 'root', state: 'flagged', creationDate: '2021-05-11T15:43:01Z', deleted: false},
      ], commenters: [{commenterHex: 'u1', email: 'u1@example.org', name: 'User5276', link: 'https://example.com/profile/257'}]};
      const c = await importFile(server, 'commento', file('commento.json', JSON.stringify(commento)));
      assert.deepEqual(c.added, {published: 1, pending: 1, spam: 1, deleted: 0});
      const issoPath = join(temp.dir, `isso-${engine}.db`);
      const isso = new Database(issoPath);
      isso.exec(`CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE, title VARCHAR(256));
        CREATE TABLE comments (tid REFERENCES threads(id), id INTEGER PRIMARY KEY, parent INTEGER, created FLOAT NOT NULL, modified FLOAT, mode INTEGER, remote_addr VARCHAR, text VARCHAR, author VARCHAR, email VARCHAR, website VARCHAR, likes INTEGER DEFAULT 0, dislikes INTEGER DEFAULT 0, voters BLOB NOT NULL DEFAULT '');
        INSERT INTO threads VALUES (1, '/isso/post/', 'Isso post');
        INSERT INTO comments (tid, id, parent, created, mode, text, author, email, website) VALUES
          (1, 1, NULL, 1600000000.5, 1, 'Hello *isso*', 'Ida', 'ida@example.org', 'https://ida.example'),
          (1, 2, 1, 1600000100, 2, 'Held', NULL, NULL, NULL),
          (1, 3, NULL, 1600000200, 4, '', NULL, NULL, NULL);`);
      isso.close();
      const i = await importFile(server, 'isso', issoPath);
      assert.deepEqual(i.added, {published: 1, pending: 1, spam: 0, deleted: 0});
      assert.deepEqual(i.skipped.toJSON(), {deleted_without_replies: 1});
      const rows = await stored(server);
      assert.equal(bySource(rows, 'remark42:r:a').body, 'First **one**');
      assert.equal(bySource(rows, 'remark42:r:a').created_at, '2021-01-01T10:00:00.123Z');
      assert.equal(bySource(rows, 'remark42:r:c').parent, bySource(rows, 'remark42:r:b').id);
      assert.equal((await server.store.threads.get('/post/1')).closed, true);
      assert.equal(bySource(rows, 'commento:c1').author, 'Anonymous');
      assert.equal(bySource(rows, 'commento:c2').parent, bySource(rows, 'commento:c1').id);
      assert.equal(bySource(rows, 'commento:c3').status, 'spam');
      assert.equal(bySource(rows, 'commento:c2').website, 'https://example.com/profile/257');
      assert.equal(bySource(rows, 'isso:1').thread, '/isso/post/');
      assert.equal(bySource(rows, 'isso:1').created_at, '2020-09-13T12:26:40.500Z');
      assert.equal(bySource(rows, 'isso:2').author, 'Anonymous');
      assert.equal((await importFile(server, 'isso', issoPath)).existing, 2);
    });

    it('a dry run writes nothing and counts the same', async () => {
      const server = await makeServer(temp.dir, {}, engine);
      const path = file('dry.xml', disqus([{id: '1', message: 'a'}, {id: '2', parent: '1', message: 'b'}, {id: '3', message: 'c', spam: true}]));
      const dry = await importFile(server, 'disqus', path, {dryRun: true});
      assert.equal(await server.rowCount(), 0);
      assert.equal(Number(await server.scalar('SELECT COUNT(*) FROM threads')), 0);
      const real = await importFile(server, 'disqus', path);
      assert.deepEqual(dry.added, real.added);
      assert.equal((await importFile(server, 'disqus', path, {dryRun: true})).existing, 3);
    });
  });
}
