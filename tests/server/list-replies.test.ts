import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import type {Comment} from '../../src/adapters/adapter.js';
import {encodeCursor} from '../../src/server/cursor.js';
import {aComment, engines, makeServer, makeTempDir} from './setup.js';
import type {TestServer} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

const HUGE = 100_000;
const LIMIT = 256 * 1024;

interface Page {
  comments: Comment[];
  next: string | null;
  total?: number;
}

async function postAs(server: TestServer, fields: Record<string, unknown>): Promise<string> {
  server.tick();
  const res = await server.post(aComment(fields));
  assert.equal(res.status, 201);
  return ((await res.json()) as {comment: Comment}).comment.id;
}

/** A list or branch response, with the byte length of its body. */
async function read(server: TestServer, query: string): Promise<Page & {bytes: number}> {
  const res = await server.get(`/api/comments?${query}`);
  assert.equal(res.status, 200, await res.clone().text());
  const bytes = new Uint8Array(await res.clone().arrayBuffer()).length;
  return {...((await res.json()) as Page), bytes};
}

async function refusal(server: TestServer, query: string): Promise<{status: number; code: string; field?: string}> {
  const res = await server.get(`/api/comments?${query}`);
  const {error} = (await res.json()) as {error: {code: string; field?: string; message: string}};
  assert.ok(error.message.length > 0);
  return {status: res.status, code: error.code, ...(error.field ? {field: error.field} : {})};
}

for (const engine of engines) {
  describe(`GET /api/comments, replies in pages [${engine}]`, () => {
    let server: TestServer;
    const thread = '/posts/huge';
    let root = '';
    let quiet = '';
    let first = 0;
    let nested = '';
    before(async () => {
      server = await makeServer(temp.dir, {}, engine);
      root = await postAs(server, {thread, body: 'The popular one'});
      quiet = await postAs(server, {thread, body: 'The quiet one'});
      // 100,000 replies in one statement (through the side door: posting them would take minutes), all at one time, so
      // their order is the id's. Each is about 1 KB: the branch is 100 MB, which no response may carry.
      const body = `${'A reply that goes on for a while. '.repeat(30)}#`;
      await server.database.query(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${HUGE})
         INSERT INTO comments (thread, parent, root, author, body, created_at, status)
         SELECT ?, ?, ?, 'Bob', ? || CAST(i AS TEXT), '2026-01-01T01:00:00.000Z', 'published' FROM n`,
        [thread, Number(root), Number(root), body],
      );
      first = Number(await server.scalar('SELECT MIN(id) FROM comments WHERE parent IS NOT NULL'));
      // A reply to a reply, newer than all of them: the last of the branch.
      server.tick(2 * 3600_000);
      nested = await postAs(server, {thread, body: 'deep', parent: String(first)});
    });

    it('lists the branch\'s five oldest replies when asked for five, with its count, under 256 KB', async () => {
      const page = await read(server, `thread=${encodeURIComponent(thread)}&replies=5`);
      assert.ok(page.bytes <= LIMIT, `${page.bytes} bytes`);
      assert.equal(page.total, HUGE + 3);
      const top = page.comments.find((c) => c.id === root)!;
      assert.equal(top.replyCount, HUGE + 1);
      assert.equal(typeof top.replyNext, 'string');
      const replies = page.comments.filter((c) => c.parent !== null);
      assert.deepEqual(replies.map((c) => Number(c.id)), [0, 1, 2, 3, 4].map((i) => first + i));
      assert.equal(page.comments.find((c) => c.id === quiet)!.replyCount, 0);
      assert.equal(page.next, null);
    });

    it('lists up to 100 replies when asked, under 256 KB, and none but the count with 0', async () => {
      const page = await read(server, `thread=${encodeURIComponent(thread)}&replies=100`);
      assert.ok(page.bytes <= LIMIT, `${page.bytes} bytes`);
      assert.equal(page.comments.filter((c) => c.parent !== null).length, 100);
      const many = await read(server, `thread=${encodeURIComponent(thread)}&replies=0`);
      assert.equal(many.comments.length, 2);
      assert.equal(many.comments[0]!.replyCount, HUGE + 1);
    });

    it('pages through the branch from `replyNext`, in order, nothing missed or doubled, each page under 256 KB', async () => {
      const page = await read(server, `thread=${encodeURIComponent(thread)}&replies=3`);
      let cursor = page.comments.find((c) => c.id === root)!.replyNext!;
      const seen = page.comments.filter((c) => c.parent !== null).map((c) => Number(c.id));
      for (let i = 0; i < 5; i++) {
        const next = await read(server, `thread=${encodeURIComponent(thread)}&branch=${root}&limit=100&cursor=${cursor}`);
        assert.ok(next.bytes <= LIMIT, `${next.bytes} bytes`);
        assert.equal(next.comments.length, 100);
        seen.push(...next.comments.map((c) => Number(c.id)));
        cursor = next.next!;
      }
      assert.deepEqual(seen, Array.from({length: 503}, (_, i) => first + i));
    });

    it('reads the branch\'s end from a cursor there, the newest nested reply last, then stops', async () => {
      // A cursor for the branch's second-to-last side-door reply, as the server would have handed it out.
      const cursor = encodeCursor({createdAt: '2026-01-01T01:00:00.000Z', id: first + HUGE - 2});
      const page = await read(server, `thread=${encodeURIComponent(thread)}&branch=${root}&cursor=${cursor}`);
      assert.deepEqual(page.comments.map((c) => c.id), [String(first + HUGE - 1), nested]);
      assert.equal(page.next, null);
      assert.equal(page.comments[1]!.parent, String(first));
    });

    it('keeps `replies` and `branch` in the page cache\'s key, and drops a branch\'s pages when it gets a reply', async () => {
      const q = `thread=${encodeURIComponent(thread)}`;
      assert.equal((await read(server, `${q}&replies=1`)).comments.length, 3);
      assert.equal((await read(server, `${q}&replies=2`)).comments.length, 4);
      assert.equal((await read(server, `${q}&replies=1`)).comments.length, 3);
      const end = encodeCursor({createdAt: '2026-01-01T01:00:00.000Z', id: first + HUGE - 1});
      const before = await read(server, `${q}&branch=${root}&cursor=${end}`);
      assert.deepEqual(before.comments.map((c) => c.id), [nested]);
      const newer = await postAs(server, {thread, body: 'newest', parent: root});
      const afterPost = await read(server, `${q}&branch=${root}&cursor=${end}`);
      assert.deepEqual(afterPost.comments.map((c) => c.id), [nested, newer]);
      assert.equal((await read(server, `${q}&replies=0`)).comments[0]!.replyCount, HUGE + 2);
    });

    it('refuses a bad `replies` or `branch` with a 400 that names it, and a branch that is not a top-level comment with a 404', async () => {
      const q = `thread=${encodeURIComponent(thread)}`;
      for (const bad of ['101', '-1', 'x', '1.5', '1000']) {
        assert.deepEqual(await refusal(server, `${q}&replies=${bad}`), {status: 400, code: 'invalid_replies', field: 'replies'}, bad);
      }
      for (const bad of ['x', '0', '-3', '']) {
        assert.deepEqual(await refusal(server, `${q}&branch=${bad}`), {status: 400, code: 'invalid_branch', field: 'branch'}, bad);
      }
      assert.deepEqual(await refusal(server, `${q}&branch=${first}`), {status: 404, code: 'not_found'});
      assert.deepEqual(await refusal(server, `thread=/elsewhere&branch=${root}`), {status: 404, code: 'not_found'});
      assert.deepEqual(await refusal(server, `${q}&branch=${root}&cursor=nonsense!`), {status: 400, code: 'invalid_cursor', field: 'cursor'});
    });

  });
}

for (const engine of engines) {
  describe(`GET /api/fragment and /t, every reply [${engine}]`, () => {
    let server: TestServer;
    const thread = '/posts/branchy';
    let root = '';
    before(async () => {
      server = await makeServer(temp.dir, {}, engine);
      root = await postAs(server, {thread, body: 'Asked about everything'});
      await server.database.query(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)
         INSERT INTO comments (thread, parent, root, author, body, created_at, status)
         SELECT ?, ?, ?, 'Bob', 'Answer ' || CAST(i AS TEXT), '2026-01-01T01:00:00.000Z', 'published' FROM n`,
        [thread, Number(root), Number(root)],
      );
    });

    // The widget adopts the fragment's page as its first list page and asks for every reply: the fragment must hold
    // them all too (past the 100 a list may ask for), or the widget would show fewer than it lists.
    it('holds every reply of its top-level comments, as the widget lists them', async () => {
      // The no-JS page has no way yet to fetch more of a branch, so it holds every reply too.
      for (const path of [`/api/fragment?thread=${encodeURIComponent(thread)}`, `/t?thread=${encodeURIComponent(thread)}`]) {
        const res = await server.get(path);
        assert.equal(res.status, 200, path);
        const html = await res.text();
        for (const i of [1, 100, 101, 120]) assert.ok(new RegExp(`Answer ${i}\\b`).test(html), `${path}: reply ${i}`);
      }
      const list = await read(server, `thread=${encodeURIComponent(thread)}`);
      assert.equal(list.comments.filter((c) => c.parent !== null).length, 120, 'the widget\'s list, without `replies`, holds all 120');
      assert.equal(list.comments[0]!.replyNext, undefined);
    });
  });
}
