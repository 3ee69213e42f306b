import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import type {Comment} from '../../src/adapters/adapter.js';
import {aComment, engines, makeServer as makeServerOn, makeTempDir} from './setup.js';
import type {ServerConfig} from '../../src/server/config.js';
import type {TestServer} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

interface Page {
  comments: Comment[];
  next: string | null;
  total: number;
}

async function postAs(server: TestServer, fields: Record<string, unknown>): Promise<string> {
  server.tick();
  const res = await server.post(aComment({email: 'secret@example.com', ...fields}));
  assert.equal(res.status, 201);
  return ((await res.json()) as {comment: Comment}).comment.id;
}

async function list(server: TestServer, query: string): Promise<Page> {
  const res = await server.get(`/api/comments?${query}`);
  assert.equal(res.status, 200);
  return (await res.json()) as Page;
}

/** Follows `next` to the end and returns every page. */
async function allPages(server: TestServer, query: string): Promise<Page[]> {
  const pages = [await list(server, query)];
  while (pages.at(-1)!.next) pages.push(await list(server, `${query}&cursor=${pages.at(-1)!.next}`));
  return pages;
}

for (const engine of engines) {
  const makeServer = (dir: string, overrides: Partial<ServerConfig> = {}) => makeServerOn(dir, overrides, engine);

  describe(`GET /api/comments [${engine}]`, () => {
    let server: TestServer;
    // Five top-level comments r1..r5; replies arrive later: a → r1, b → a (a reply to a reply), c → r3.
    const ids: Record<string, string> = {};
    before(async () => {
      server = await makeServer(temp.dir);
      for (const name of ['r1', 'r2', 'r3', 'r4', 'r5']) ids[name] = await postAs(server, {body: name});
      ids.a = await postAs(server, {body: 'a', parent: ids.r1});
      ids.b = await postAs(server, {body: 'b', parent: ids.a});
      ids.c = await postAs(server, {body: 'c', parent: ids.r3});
      await postAs(server, {thread: '/elsewhere', body: 'other thread'});
      // A pending comment and a pending reply, as moderation would leave them.
      await server.store.insertComment(
        {thread: '/posts/hello', parent: null, author: 'Spam', email: null, website: null, body: 'pending root'},
        {idempotencyKey: 'p1', requestHash: 'h1', status: 'pending', createdAt: '2026-01-01T00:00:30.000Z', ip: null},
      );
      await server.store.insertComment(
        {thread: '/posts/hello', parent: ids.r2!, author: 'Spam', email: null, website: null, body: 'pending reply'},
        {idempotencyKey: 'p2', requestHash: 'h2', status: 'pending', createdAt: '2026-01-01T00:00:31.000Z', ip: null},
      );
    });

    describe('when the thread is read oldest first, two top-level comments a page', () => {
      let pages: Page[];
      before(async () => {
        pages = await allPages(server, 'thread=/posts/hello&order=oldest&limit=2');
      });

      it('pages through every top-level comment once, in order, each followed by its replies oldest first', () => {
        assert.deepEqual(
          pages.map((p) => p.comments.map((c) => c.body)),
          [['r1', 'a', 'b', 'r2'], ['r3', 'c', 'r4'], ['r5']],
        );
      });

      it('ends with next = null', () => {
        assert.equal(pages.length, 3);
        assert.equal(pages.at(-1)!.next, null);
      });

      it('gives the total of published comments in the thread on every page', () => {
        assert.deepEqual(pages.map((p) => p.total), [8, 8, 8]);
      });

      it('keeps each reply pointing at its parent', () => {
        const b = pages[0]!.comments.find((c) => c.body === 'b')!;
        assert.equal(b.parent, ids.a);
      });
    });

    describe('when the thread is read newest first', () => {
      it('puts newer top-level comments first, with replies still oldest first', async () => {
        const pages = await allPages(server, 'thread=/posts/hello&order=newest&limit=2');
        assert.deepEqual(
          pages.map((p) => p.comments.map((c) => c.body)),
          [['r5', 'r4'], ['r3', 'c', 'r2'], ['r1', 'a', 'b']],
        );
      });
    });

    describe('when no order or limit is given', () => {
      it('answers oldest first with up to 50 top-level comments', async () => {
        const page = await list(server, 'thread=/posts/hello');
        assert.deepEqual(page.comments.map((c) => c.body), ['r1', 'a', 'b', 'r2', 'r3', 'c', 'r4', 'r5']);
        assert.equal(page.next, null);
      });
    });

    describe('when comments share the same creation time', () => {
      it('still pages through each exactly once, ordered by id', async () => {
        const same = await makeServer(temp.dir);
        for (let i = 1; i <= 7; i++) await same.post(aComment({body: `s${i}`}));
        const oldest = await allPages(same, 'thread=/posts/hello&limit=3');
        assert.deepEqual(oldest.flatMap((p) => p.comments.map((c) => c.body)), ['s1', 's2', 's3', 's4', 's5', 's6', 's7']);
        const newest = await allPages(same, 'thread=/posts/hello&limit=3&order=newest');
        assert.deepEqual(newest.flatMap((p) => p.comments.map((c) => c.body)), ['s7', 's6', 's5', 's4', 's3', 's2', 's1']);
      });
    });

    describe('when some comments are pending', () => {
      it('lists only published ones', async () => {
        const text = await (await server.get('/api/comments?thread=/posts/hello')).text();
        assert.ok(!text.includes('pending'), text);
      });
    });

    describe('whatever is listed', () => {
      it('never contains an email address', async () => {
        const text = await (await server.get('/api/comments?thread=/posts/hello&limit=100')).text();
        assert.ok(!text.includes('secret@example.com'));
        assert.ok(!text.includes('"email"'));
      });

      it('holds only the asked-for thread', async () => {
        const page = await list(server, 'thread=/elsewhere');
        assert.deepEqual(page.comments.map((c) => c.body), ['other thread']);
        assert.equal(page.total, 1);
      });
    });

    describe('when the thread has no comments', () => {
      it('answers an empty page', async () => {
        // `events` is where the live log stands (the suite's earlier posts are in it), so a stream misses nothing.
        const events = String((await server.store.live.bounds()).last);
        assert.deepEqual(await list(server, 'thread=/nothing-yet'), {comments: [], next: null, total: 0, votes: 'up', editWindow: 900, events});
      });
    });

    const refusals: Array<[string, string, string]> = [
      ['the thread is missing', '', 'invalid_thread'],
      ['the thread is empty', 'thread=', 'invalid_thread'],
      ['two threads are given', 'thread=a&thread=b', 'invalid_thread'],
      ['the limit is 0', 'thread=a&limit=0', 'invalid_limit'],
      ['the limit is 101', 'thread=a&limit=101', 'invalid_limit'],
      ['the limit is not a number', 'thread=a&limit=ten', 'invalid_limit'],
      ['the limit is fractional', 'thread=a&limit=2.5', 'invalid_limit'],
      ['the order is unknown', 'thread=a&order=random', 'invalid_order'],
      ['the cursor is garbage', 'thread=a&cursor=%%%', 'invalid_cursor'],
      ['the cursor is base64 of something else', `thread=a&cursor=${Buffer.from('{"x":1}').toString('base64url')}`, 'invalid_cursor'],
      ['the cursor has a bad time', `thread=a&cursor=${Buffer.from('["yesterday",1]').toString('base64url')}`, 'invalid_cursor'],
    ];
    for (const [situation, query, code] of refusals) {
      describe(`when ${situation}`, () => {
        it(`answers 400 ${code}`, async () => {
          const res = await server.get(`/api/comments?${query}`);
          assert.equal(res.status, 400);
          assert.equal(((await res.json()) as {error: {code: string}}).error.code, code);
        });
      });
    }
  });
}
