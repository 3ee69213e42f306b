import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import type {Comment} from '../../src/adapters/adapter.js';
import {encodeCursor} from '../../src/server/cursor.js';
import {aComment, engines, loopbackPeer, makeServer, makeTempDir} from './setup.js';
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

    // The HTML pages hold what a list holds (their comments within its bound as JSON), with markup around them.
    it('keeps a list without `replies`, the fragment, its newer comments and the no-JS pages under 256 KB too', async () => {
      const page = await read(server, `thread=${encodeURIComponent(thread)}`);
      assert.ok(page.bytes <= LIMIT, `${page.bytes} bytes`);
      assert.equal(page.comments.filter((c) => c.parent !== null).length, 100);
      for (const path of [`/api/fragment/newer?thread=${encodeURIComponent(thread)}&since=`, `/api/fragment?thread=${encodeURIComponent(thread)}`, `/t?thread=${encodeURIComponent(thread)}`, `/t?thread=${encodeURIComponent(thread)}&branch=${root}`]) {
        const res = await server.get(path);
        assert.equal(res.status, 200, path);
        const bytes = (await res.arrayBuffer()).byteLength;
        assert.ok(bytes <= LIMIT, `${path}: ${bytes} bytes`);
      }
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
  describe(`GET /api/comments without replies, /api/fragment and /t: long branches [${engine}]`, () => {
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

    const answers = (html: string) => [...html.matchAll(/Answer (\d+)\b/g)].map((m) => Number(m[1]));
    const range = (from: number, to: number) => Array.from({length: to - from + 1}, (_, i) => from + i);
    const hrefs = (html: string, text: RegExp) =>
      [...html.matchAll(/<a href="([^"]+)">([^<]*)/g)].filter((m) => text.test(m[2]!)).map((m) => m[1]!.replaceAll('&amp;', '&'));

    // A list without `replies` gets the most a list may ask for, and says where the rest go on.
    it('lists 100 replies of a branch when `replies` is not given, with `replyNext` for the other 20', async () => {
      const list = await read(server, `thread=${encodeURIComponent(thread)}`);
      assert.equal(list.comments.filter((c) => c.parent !== null).length, 100);
      assert.equal(list.comments[0]!.replyCount, 120);
      const rest = await read(server, `thread=${encodeURIComponent(thread)}&branch=${root}&cursor=${list.comments[0]!.replyNext}`);
      assert.deepEqual(answers(rest.comments.map((c) => c.body).join(' ')), range(101, 120));
    });

    // The widget adopts the fragment's page as its first list page: the fragment holds what the widget lists (five
    // replies a branch), and its no-JS HTML links to the rest of the branch on /t.
    it('holds the five replies the widget lists in the fragment, its data and its HTML, and links to the rest', async () => {
      const res = await server.get(`/api/fragment?thread=${encodeURIComponent(thread)}`);
      assert.equal(res.status, 200);
      const html = await res.text();
      const data = JSON.parse(/data-natter-page="([^"]*)"/.exec(html)![1]!.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&')) as Page;
      assert.equal(data.comments.length, 6);
      assert.equal(typeof data.comments[0]!.replyNext, 'string');
      assert.deepEqual(answers(html.slice(0, html.indexOf('data-natter-page'))), []);
      assert.deepEqual(answers(html.slice(html.indexOf('<h2>'))), range(1, 5));
      const [more] = hrefs(html, /^Show 115 more replies$/);
      assert.ok(more, 'a link to the rest of the branch');
      const url = new URL(more);
      assert.equal(url.pathname, '/t');
      assert.equal(url.searchParams.get('thread'), thread);
      assert.equal(url.searchParams.get('branch'), root);
    });

    it('shows 100 replies of a branch on /t, then the whole branch on its own pages, a reply there staying on it', async () => {
      const page = await (await server.get(`/t?thread=${encodeURIComponent(thread)}`)).text();
      assert.deepEqual(answers(page), range(1, 100));
      const [branch] = hrefs(page, /^Show 20 more replies$/);
      assert.ok(branch, 'a link to the branch');
      const first = await server.get(branch!);
      assert.equal(first.status, 200);
      const one = await first.text();
      assert.match(one, /Asked about everything/);
      assert.deepEqual(answers(one), range(1, 100));
      const [more] = hrefs(one, /^More replies$/);
      assert.ok(more, 'a link to the branch\'s next replies');
      const two = await (await server.get(more!)).text();
      assert.deepEqual(answers(two), range(101, 120));
      assert.deepEqual(hrefs(two, /^More replies$/), []);
      // Replying from the branch's page: the form says so, and the post comes back to the branch.
      const [reply] = hrefs(two, /^Reply/);
      assert.equal(new URL(reply!, 'http://x').searchParams.get('branch'), root);
      const form = await (await server.get(reply!)).text();
      assert.match(form, new RegExp(`<input type="hidden" name="branch" value="${root}">`));
      const fields = Object.fromEntries([...form.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
      // After every other reply: the branch's newest, on its last page.
      server.tick(2 * 3600_000);
      const posted = await server.app.request('/t', {
        method: 'POST', redirect: 'manual', headers: {'Content-Type': 'application/x-www-form-urlencoded'},
        body: new URLSearchParams({...fields, author: 'Carol', body: 'Answer 121, from the branch page'}).toString(),
      }, loopbackPeer);
      assert.equal(posted.status, 303, await posted.clone().text());
      const back = new URL(posted.headers.get('location')!, 'http://x');
      assert.equal(back.searchParams.get('branch'), root);
      // The branch's first page doesn't reach the new reply; the page shows it to its author all the same.
      const seen = await (await server.get(back.pathname + back.search)).text();
      assert.match(seen, /Your comment is posted/);
      assert.match(seen, /Answer 121, from the branch page/);
    });

    it('answers a branch that is no top-level comment of the thread with a 404 page', async () => {
      const reply = String(Number(root) + 1);
      for (const branch of [reply, '999999', 'x']) {
        const res = await server.get(`/t?thread=${encodeURIComponent(thread)}&branch=${branch}`);
        assert.equal(res.status, 404, branch);
        assert.match(await res.text(), /no such comment/);
      }
    });
  });
}
