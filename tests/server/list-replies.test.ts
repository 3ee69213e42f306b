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

/** An attribute's value as the browser reads it (the fragment's `html` escapes these five). */
const unescapeAttribute = (value: string) => value.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

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

    // The fragment's page data is a list answer too (the widget adopts it). The HTML pages are not bounded as HTML:
    // they render comments read within the same bound.
    it('keeps a list without `replies`, the fragment\'s newer comments and its page data under 256 KB too', async () => {
      const page = await read(server, `thread=${encodeURIComponent(thread)}`);
      assert.ok(page.bytes <= LIMIT, `${page.bytes} bytes`);
      assert.equal(page.comments.filter((c) => c.parent !== null).length, 100);
      const newer = await server.get(`/api/fragment/newer?thread=${encodeURIComponent(thread)}&since=`);
      assert.equal(newer.status, 200);
      const newerBytes = (await newer.arrayBuffer()).byteLength;
      assert.ok(newerBytes <= LIMIT, `/newer: ${newerBytes} bytes`);
      const fragment = await (await server.get(`/api/fragment?thread=${encodeURIComponent(thread)}`)).text();
      const data = unescapeAttribute(/data-natter-page="([^"]*)"/.exec(fragment)![1]!);
      assert.ok(Buffer.byteLength(data) <= LIMIT, `the fragment's page data: ${Buffer.byteLength(data)} bytes`);
      assert.equal((JSON.parse(data) as Page).comments.filter((c) => c.parent !== null).length, 5);
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
      const data = JSON.parse(unescapeAttribute(/data-natter-page="([^"]*)"/.exec(html)![1]!)) as Page;
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
      // Right after the five shown.
      const rest = await (await server.get(url.pathname + url.search)).text();
      assert.deepEqual(answers(rest), range(6, 105));
    });

    it('shows 100 replies of a branch on /t, then the whole branch on its own pages, a reply there staying on it', async () => {
      const page = await (await server.get(`/t?thread=${encodeURIComponent(thread)}`)).text();
      assert.deepEqual(answers(page), range(1, 100));
      const [branch] = hrefs(page, /^Show 20 more replies$/);
      assert.ok(branch, 'a link to the branch');
      // The link opens the 20 not shown; the branch's own pages start from its first reply.
      const twenty = await (await server.get(branch!)).text();
      assert.match(twenty, /Asked about everything/);
      assert.deepEqual(answers(twenty), range(101, 120));
      const first = await server.get(`/t?thread=${encodeURIComponent(thread)}&branch=${root}`);
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
      // An empty one is none: the thread's page.
      const empty = await server.get(`/t?thread=${encodeURIComponent(thread)}&branch=`);
      assert.equal(empty.status, 200);
      assert.deepEqual(answers(await empty.text()).slice(0, 3), [1, 2, 3]);
    });

    // A branch's page whose top-level comment is gone (or never was) must not lose a post made from it.
    it('keeps what the reader typed, and says it was posted, when the branch a form came from is not there', async () => {
      const page = await (await server.get(`/t?thread=${encodeURIComponent(thread)}&branch=${root}`)).text();
      const fields = Object.fromEntries([...page.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
      const post = (extra: Record<string, string>) => server.app.request('/t', {
        method: 'POST', redirect: 'manual', headers: {'Content-Type': 'application/x-www-form-urlencoded'},
        body: new URLSearchParams({...fields, branch: '999999', ...extra}).toString(),
      }, loopbackPeer);
      const refused = await post({author: '', body: 'Kept though the branch is gone'});
      assert.equal(refused.status, 400);
      assert.match(await refused.text(), /Kept though the branch is gone/);
      server.tick(60_000);
      const done = await post({author: 'Dana', body: 'Posted though the branch is gone', key: 'gone-branch-key'});
      assert.equal(done.status, 303);
      const back = new URL(done.headers.get('location')!, 'http://x');
      const shown = await server.get(back.pathname + back.search);
      assert.equal(shown.status, 200);
      const text = await shown.text();
      assert.match(text, /Your comment is posted/);
      assert.match(text, /Posted though the branch is gone/);
    });

    it('marks a reply whose parent is on an earlier page of its branch, rather than pass it for a new comment', async () => {
      // A reply to the first answer, newer than all: the branch's last, on its second page.
      const first = String(Number(root) + 1);
      server.tick(3 * 3600_000);
      await postAs(server, {thread, parent: first, author: 'Eve', body: 'Late answer to the first'});
      const one = await (await server.get(`/t?thread=${encodeURIComponent(thread)}&branch=${root}`)).text();
      const [more] = hrefs(one, /^More replies$/);
      const two = await (await server.get(more!)).text();
      const article = /<article[^>]*>(?:(?!<\/article>).)*Late answer to the first(?:(?!<\/article>).)*<\/article>/s.exec(two)?.[0] ?? '';
      assert.match(article, /in reply to an earlier comment/);
    });

    it('gives the takeover a fresh copy of each top-level comment whose branch changed since the fragment', async () => {
      const other = '/posts/takeover-counts';
      server.tick(60_000);
      const top = await postAs(server, {thread: other, body: 'A quiet one'});
      await postAs(server, {thread: other, parent: top, body: 'The only answer, at build time'});
      const fragment = await (await server.get(`/api/fragment?thread=${encodeURIComponent(other)}`)).text();
      const since = /data-natter-newest="([^"]*)"/.exec(fragment)![1]!;
      const built = JSON.parse(unescapeAttribute(/data-natter-page="([^"]*)"/.exec(fragment)![1]!)) as Page;
      assert.equal(built.comments[0]!.replyCount, 1);
      for (let i = 0; i < 7; i++) await postAs(server, {thread: other, parent: top, body: `Later answer ${i}`});
      const newer = (await (await server.get(`/api/fragment/newer?thread=${encodeURIComponent(other)}&since=${encodeURIComponent(since)}`)).json()) as Page;
      const fresh = newer.comments.find((c) => c.id === top)!;
      assert.ok(fresh, 'the top-level comment, again');
      assert.equal(fresh.replyCount, 8);
      assert.equal(typeof fresh.replyNext, 'string', 'so the widget offers the replies past the five');
      assert.equal(newer.comments.filter((c) => c.parent !== null).length, 4, 'the four newer replies of the five a page shows');
    });
  });
}
