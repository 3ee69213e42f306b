import assert from 'node:assert/strict';
import {copyFileSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import {after, describe, it} from 'node:test';
import {engines, makeServer, makeTempDir} from './setup.js';
import {SAMPLES, bySource, importFile, stored} from './import-helpers.js';

const temp = makeTempDir();
after(() => temp.remove());

for (const engine of engines) {
  describe(`importing the shared samples (${engine})`, () => {
    it('isso-disqus.xml: 5 comments, the deleted one a placeholder keeping its reply, replies nested, the orphan skipped', async () => {
      const server = await makeServer(temp.dir, {}, engine);
      const report = await importFile(server, 'disqus', `${SAMPLES}/disqus/isso-disqus.xml`);
      assert.deepEqual(report.added, {published: 4, pending: 0, spam: 0, deleted: 1});
      assert.deepEqual(report.skipped.toJSON(), {unknown_thread: 1});
      const rows = await stored(server);
      assert.equal(rows.length, 5);
      assert.equal(bySource(rows, 'disqus:5').parent, bySource(rows, 'disqus:4').id);
      const placeholder = bySource(rows, 'disqus:9');
      assert.deepEqual([placeholder.status, placeholder.author, placeholder.body], ['deleted', '', '']);
      assert.equal(bySource(rows, 'disqus:11').parent, placeholder.id);
      assert.equal(bySource(rows, 'disqus:5').body, 'Hello, World.');
      assert.equal(bySource(rows, 'disqus:8').thread, '/blog/2013/02/12/redacted/index.html');
      assert.equal(bySource(rows, 'disqus:4').thread, '/');
      assert.equal(bySource(rows, 'disqus:4').created_at, '2013-10-10T19:20:29.000Z');
      assert.equal((await server.store.threads.get('/')).title, 'Hello, World!');

      const again = await importFile(server, 'disqus', `${SAMPLES}/disqus/isso-disqus.xml`);
      assert.deepEqual(again.added, {published: 0, pending: 0, spam: 0, deleted: 0});
      assert.equal(again.existing, 5);
      assert.equal(await server.rowCount(), 5);
    });

    it('remark42-disqus-malformed.xml: refused with its line; --lenient gives 4 comments across 2 posts, spam kept as spam', async () => {
      const server = await makeServer(temp.dir, {}, engine);
      const file = `${SAMPLES}/disqus/remark42-disqus-malformed.xml`;
      await assert.rejects(importFile(server, 'disqus', file), /not well-formed XML: line 1: .*--lenient/);
      assert.equal(await server.rowCount(), 0);
      const report = await importFile(server, 'disqus', file, {lenient: true});
      assert.deepEqual(report.added, {published: 4, pending: 0, spam: 1, deleted: 0});
      assert.deepEqual(report.skipped.toJSON(), {malformed_xml: 1});
      assert.match(report.skipped.counts.get('malformed_xml')!.examples[0]!, /line 147: unquoted attribute value/);
      const rows = await stored(server);
      const published = rows.filter((r) => r.status === 'published');
      assert.equal(new Set(published.map((r) => r.thread)).size, 2);
      assert.equal(published.filter((r) => r.thread === '/p/2011/03/05/podcast-229/').length, 2);
      assert.equal(bySource(rows, 'disqus:299986073').status, 'spam');
      assert.equal(bySource(rows, 'disqus:299986072').author, 'No Username');
      // The link with a broken URL keeps its text; the page's own markup is gone.
      assert.match(bySource(rows, 'disqus:299619020').body, /^The quick brown fox jumps over the lazy dog\.\n\n\[some link\]\(https:\/\/https:\/\/radio-t\.com\)$/);
      assert.equal((await server.store.threads.get('/p/2011/03/05/podcast-229/')).closed, true);
      assert.equal((await importFile(server, 'disqus', file, {lenient: true})).existing, 5);
      assert.equal(await server.rowCount(), 5);
    });

    it('isso-wordpress.xml: 2 threads, 8 comments, 7 and its replies nested under 6, the multi-line body kept', async () => {
      const server = await makeServer(temp.dir, {}, engine);
      const report = await importFile(server, 'wordpress', `${SAMPLES}/wordpress/isso-wordpress.xml`);
      assert.deepEqual(report.added, {published: 8, pending: 0, spam: 0, deleted: 0});
      assert.equal(report.threads, 2);
      const rows = await stored(server);
      const source = (post: string, id: number) => `wordpress:example.tld:${post}:${id}`;
      const six = bySource(rows, source('18', 6));
      const seven = bySource(rows, source('18', 7));
      assert.equal(seven.parent, six.id);
      for (const id of [8, 9]) {
        assert.equal(bySource(rows, source('18', id)).parent, seven.id);
        assert.equal(bySource(rows, source('18', id)).root, six.id);
      }
      assert.equal(bySource(rows, source('18', 10)).body, 'When you have a comment with multiple lines:  \nWordPress exports it like this.');
      assert.equal(bySource(rows, source('18', 10)).created_at, '2022-06-06T02:13:14.000Z');
      assert.equal(bySource(rows, source('18', 2)).email, 'test@example.org');
      assert.equal(bySource(rows, source('18', 2)).website, 'http://example.tld/');
      assert.deepEqual([...new Set(rows.map((r) => r.thread))].sort(), ['/2014/test/', '/?p=4']);
      assert.equal(bySource(rows, source('link:http://example.tld/?p=4', 11)).author, 'Anonymous');
      assert.equal((await importFile(server, 'wordpress', `${SAMPLES}/wordpress/isso-wordpress.xml`)).existing, 8);
      assert.equal(await server.rowCount(), 8);
    });

    it('remark42-wxr-1.2.xml: 3 published (the pingback too, its reply nested), the unapproved one held, never published', async () => {
      const server = await makeServer(temp.dir, {}, engine);
      const report = await importFile(server, 'wordpress', `${SAMPLES}/wordpress/remark42-wxr-1.2.xml`);
      assert.deepEqual(report.added, {published: 3, pending: 1, spam: 0, deleted: 0});
      const rows = await stored(server);
      const s = (id: number) => bySource(rows, `wordpress:realmenweardress.es:100:${id}`);
      assert.equal(s(9).status, 'pending');
      assert.equal(s(14).parent, s(13).id);
      assert.equal(s(13).author, 'Wednesday Reading « Cynwise\'s Battlefield Manual');
      assert.match(s(13).body, /I’m a bit loony/);
      assert.deepEqual((await (await server.get('/api/comments?thread=/2010/07/do-you-rp/')).json()).comments.length, 3);
    });

    it('wp-importer-valid-wxr-1.1.xml and wp-importer-slashes.xml: 1 comment each, backslashes kept', async () => {
      const server = await makeServer(temp.dir, {}, engine);
      assert.equal((await importFile(server, 'wordpress', `${SAMPLES}/wordpress/wp-importer-valid-wxr-1.1.xml`)).added.published, 1);
      const rows = await stored(server);
      assert.match(rows[0]!.body, /^Hi, this is a comment\. {2}\nTo delete a comment, just log in and view the post's comments\./);
      const other = await makeServer(temp.dir, {}, engine);
      assert.equal((await importFile(other, 'wordpress', `${SAMPLES}/wordpress/wp-importer-slashes.xml`)).added.published, 1);
      const [slashes] = await stored(other);
      const html = (await (await other.get('/api/comments?thread=/?p=1')).json()).comments[0].body;
      assert.equal(html, slashes!.body);
      const {markdownToHtml} = await import('../../src/markdown/to-html.js');
      assert.equal(String(markdownToHtml(slashes!.body)), '<p>\\o/ ¯\\_(ツ)_/¯</p>\n');
    });

    it('reads a gzipped export, known by its bytes, whatever its name', async () => {
      const server = await makeServer(temp.dir, {}, engine);
      const gz = join(temp.dir, `disqus-${engine}.xml`);
      writeFileSync(gz, gzipSync(readFileSync(`${SAMPLES}/disqus/isso-disqus.xml`)));
      const report = await importFile(server, 'disqus', gz);
      assert.deepEqual(report.added, {published: 4, pending: 0, spam: 0, deleted: 1});
      copyFileSync(gz, `${gz}.gz`);
      assert.equal((await importFile(server, 'disqus', `${gz}.gz`)).existing, 5);
    });
  });
}
