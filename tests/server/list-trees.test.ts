// Bodies as trees (`format=tree`, what the REST adapter asks for): each comment's body parsed by the server, so the
// reader's browser needs no Markdown parser; a page's byte bound counts the trees, which can outweigh their source.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import type {Comment} from '../../src/adapters/adapter.js';
import {toTree} from '../../src/markdown/tree.js';
import {aComment, engines, makeServer, makeTempDir} from './setup.js';
import type {TestServer} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

const LIMIT = 256 * 1024;

interface Page {
  comments: Comment[];
  next: string | null;
}

async function read(server: TestServer, query: string): Promise<Page & {bytes: number}> {
  const res = await server.get(`/api/comments?${query}`);
  assert.equal(res.status, 200, await res.clone().text());
  const bytes = new Uint8Array(await res.clone().arrayBuffer()).length;
  return {...((await res.json()) as Page), bytes};
}

for (const engine of engines) {
  describe(`GET /api/comments?format=tree [${engine}]`, () => {
    let server: TestServer;
    const thread = '/posts/trees';
    let root = '';
    // Strong emphasis word after word: its tree is about three times its source.
    const heavy = (i: number) => `${'**ab** '.repeat(1400)}${i}`;
    const REPLIES = 60;
    before(async () => {
      server = await makeServer(temp.dir, {}, engine);
      server.tick();
      const res = await server.post(aComment({thread, body: 'Some *emphasis*, `code` and [a link](https://example.org).\n\nA second paragraph.'}));
      assert.equal(res.status, 201);
      root = ((await res.json()) as {comment: Comment}).comment.id;
      // Through the side door, as posting 60 would trip the rate limits.
      for (let i = 0; i < REPLIES; i++) {
        await server.database.query(
          "INSERT INTO comments (thread, parent, root, author, body, created_at, status) VALUES (?, ?, ?, 'Bob', ?, '2026-01-01T01:00:00.000Z', 'published')",
          [thread, Number(root), Number(root), heavy(i)],
        );
      }
    });

    it('sends each body as its tree without the source; the default format is still the source', async () => {
      const trees = await read(server, `thread=${thread}&format=tree&replies=0`);
      const [first] = trees.comments;
      assert.equal(first!.body, undefined);
      assert.deepEqual(first!.tree, [
        {t: 'p', c: ['Some ', {t: 'em', c: ['emphasis']}, ', ', {t: 'code', c: ['code']}, ' and ', {t: 'a', href: 'https://example.org', c: ['a link']}, '.']},
        'A second paragraph.',
      ]);
      const source = await read(server, `thread=${thread}&replies=0`);
      assert.equal(source.comments[0]!.body, 'Some *emphasis*, `code` and [a link](https://example.org).\n\nA second paragraph.');
      assert.equal(source.comments[0]!.tree, undefined, 'the cached page of one format is not the other’s');
      assert.equal((await read(server, `thread=${thread}&format=markdown&replies=0`)).comments[0]!.tree, undefined);
    });

    it('keeps each page with replies, and each branch page, under 256 KB counting the trees, and loses no reply', async () => {
      assert.ok(JSON.stringify(toTree(heavy(0))).length > 2.5 * heavy(0).length, 'the trees outweigh their source');
      const page = await read(server, `thread=${thread}&format=tree&replies=100`);
      assert.ok(page.bytes <= LIMIT, `${page.bytes} B`);
      const listed = page.comments.filter((c) => c.parent);
      assert.ok(listed.length > 0 && listed.length < REPLIES, `${listed.length} replies in the first page`);
      const top = page.comments[0]!;
      assert.equal(top.replyCount, REPLIES);
      const seen = listed.map((c) => c.tree![0]);
      let cursor = top.replyNext;
      while (cursor) {
        const more = await read(server, `thread=${thread}&format=tree&branch=${root}&cursor=${encodeURIComponent(cursor)}`);
        assert.ok(more.bytes <= LIMIT, `${more.bytes} B`);
        assert.ok(more.comments.every((c) => c.body === undefined && Array.isArray(c.tree)));
        seen.push(...more.comments.map((c) => c.tree![0]));
        cursor = more.next ?? undefined;
      }
      assert.deepEqual(seen, Array.from({length: REPLIES}, (_, i) => toTree(heavy(i))[0]));
    });

    it('answers a post with the source and the tree, and refuses an unknown format with a 400 that names it', async () => {
      server.tick();
      const res = await server.post(aComment({thread, body: 'A *new* one'}));
      const {comment} = (await res.json()) as {comment: Comment};
      assert.deepEqual([comment.body, comment.tree], ['A *new* one', [{t: 'p', c: ['A ', {t: 'em', c: ['new']}, ' one']}]]);
      const refused = await server.get(`/api/comments?thread=${thread}&format=html`);
      assert.equal(refused.status, 400);
      const {error} = (await refused.json()) as {error: {code: string; field: string; message: string}};
      assert.deepEqual([error.code, error.field], ['invalid_format', 'format']);
      assert.match(error.message, /markdown.*tree/);
    });
  });
}
