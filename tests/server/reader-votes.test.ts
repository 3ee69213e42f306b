import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import type {ServiceEvents} from '../../src/server/services/events.js';
import {listed, postOwned, readerServer, remove, send, vote, voterKey} from './reader-helpers.js';
import {engines, makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

for (const engine of engines) {
  describe(`votes [${engine}]`, () => {
    it('a vote twice from one browser counts once; retracting with 0 takes it back; the list shows the totals', async () => {
      const server = await readerServer(temp.dir, engine);
      const voted: ServiceEvents['comment.voted'][] = [];
      server.bus.on('comment.voted', (e) => voted.push(e));
      const {id} = await postOwned(server);
      assert.equal((await listed(server)).votes, 'up');
      assert.equal((await listed(server)).comments[0]!.votes, undefined); // cached page, no votes yet
      const first = await vote(server, id, 1, voterKey(1));
      assert.equal(first.status, 200);
      assert.deepEqual(first.body, {votes: {up: 1, down: 0}, value: 1});
      assert.deepEqual((await vote(server, id, 1, voterKey(1))).body.votes, {up: 1, down: 0});
      assert.deepEqual((await listed(server)).comments[0]!.votes, {up: 1, down: 0});
      assert.equal(Number(await server.scalar('SELECT COUNT(*) FROM votes')), 1);
      assert.deepEqual((await vote(server, id, 1, voterKey(2), '198.51.100.1')).body.votes, {up: 2, down: 0});
      assert.deepEqual((await vote(server, id, 0, voterKey(1))).body, {votes: {up: 1, down: 0}, value: 0});
      assert.deepEqual((await vote(server, id, 0, voterKey(1))).body.votes, {up: 1, down: 0});
      assert.deepEqual((await listed(server)).comments[0]!.votes, {up: 1, down: 0});
      // Only what changed is news: the repeated vote and the repeated retraction emitted nothing.
      assert.deepEqual(voted.map((e) => [e.id, e.thread, e.votes.up]), [[id, '/posts/hello', 1], [id, '/posts/hello', 2], [id, '/posts/hello', 1]]);
      // The browser's key and the address are kept only as HMACs.
      const rows = await server.database.query<{voter: string; ip_hash: string}>('SELECT voter, ip_hash FROM votes');
      assert.ok(rows.every((r) => /^[0-9a-f]{64}$/.test(r.voter) && /^[0-9a-f]{64}$/.test(r.ip_hash)));
    });

    it('up mode refuses -1 (400 invalid_vote); updown counts both and a change of mind moves the vote', async () => {
      const up = await readerServer(temp.dir, engine);
      const a = await postOwned(up);
      const refused = await vote(up, a.id, -1, voterKey(1));
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error!.code, 'invalid_vote');

      const server = await readerServer(temp.dir, engine, {readers: {...up.config.readers, votes: 'updown'}});
      const {id} = await postOwned(server);
      assert.equal((await listed(server)).votes, 'updown');
      assert.deepEqual((await vote(server, id, -1, voterKey(1))).body.votes, {up: 0, down: 1});
      assert.deepEqual((await vote(server, id, 1, voterKey(2), '198.51.100.2')).body.votes, {up: 1, down: 1});
      assert.deepEqual((await vote(server, id, 1, voterKey(1))).body.votes, {up: 2, down: 0});
      assert.deepEqual(await server.database.query('SELECT votes_up, votes_down FROM comments'), [{votes_up: 2, votes_down: 0}]);
    });

    it('votes off: 403 votes_off, and list pages carry no votes', async () => {
      const base = await readerServer(temp.dir, engine);
      const server = await readerServer(temp.dir, engine, {readers: {...base.config.readers, votes: 'off'}});
      const {id} = await postOwned(server);
      const res = await vote(server, id, 1, voterKey(1));
      assert.equal(res.status, 403);
      assert.equal(res.body.error!.code, 'votes_off');
      assert.equal((await listed(server)).votes, undefined);
      assert.equal(Number(await server.scalar('SELECT COUNT(*) FROM votes')), 0);
      // Totals kept from when votes were on aren't shown while they are off.
      await server.database.query('UPDATE comments SET votes_up = 4, votes_down = 1');
      const other = await postOwned(server, {body: 'drops the cached page'});
      assert.ok(other.id);
      assert.deepEqual((await listed(server)).comments.map((c) => c.votes), [undefined, undefined]);
    });

    it('at most 3 voters per comment from one address (IPv6 by /64): a fourth key is 403 vote_limit', async () => {
      const server = await readerServer(temp.dir, engine);
      const {id} = await postOwned(server);
      for (let i = 1; i <= 3; i++) assert.equal((await vote(server, id, 1, voterKey(i), `2001:db8:1:2::${i}`)).status, 200);
      const fourth = await vote(server, id, 1, voterKey(4), '2001:db8:1:2:ffff::9');
      assert.equal(fourth.status, 403);
      assert.equal(fourth.body.error!.code, 'vote_limit');
      // Another network is someone else; a voter already counted may still take theirs back.
      assert.equal((await vote(server, id, 1, voterKey(4), '2001:db8:9::1')).status, 200);
      assert.deepEqual((await vote(server, id, 0, voterKey(1), '2001:db8:1:2::1')).body.votes, {up: 3, down: 0});
    });

    it('one client votes at most 60 times a minute, apart from its posts: then 429 with Retry-After', async () => {
      const server = await readerServer(temp.dir, engine);
      const {id} = await postOwned(server);
      for (let i = 0; i < 60; i++) assert.equal((await vote(server, id, i % 2 === 0 ? 1 : 0, voterKey(1))).status, 200);
      const over = await vote(server, id, 1, voterKey(1));
      assert.equal(over.status, 429);
      assert.equal(over.body.error!.code, 'rate_limited');
      assert.match(over.headers.get('retry-after')!, /^\d+$/);
      assert.equal((await listed(server)).comments[0]!.votes, undefined);
      // Another client still votes.
      assert.equal((await vote(server, id, 1, voterKey(2), '198.51.100.2')).status, 200);
    });

    it('checks the vote (400) and answers 404 for a comment that is not published', async () => {
      const server = await readerServer(temp.dir, engine);
      const {id} = await postOwned(server);
      const path = `/api/comments/${id}/vote`;
      assert.equal((await send(server, 'POST', path, {json: {value: 2, voter: voterKey(1)}})).body.error!.code, 'invalid_vote');
      assert.equal((await send(server, 'POST', path, {json: {value: '1', voter: voterKey(1)}})).body.error!.code, 'invalid_vote');
      assert.equal((await send(server, 'POST', path, {json: {value: 1, voter: 'short'}})).body.error!.code, 'invalid_voter');
      assert.equal((await send(server, 'POST', path, {json: {value: 1, voter: `${'a'.repeat(30)}!`}})).body.error!.code, 'invalid_voter');
      assert.equal((await send(server, 'POST', path, {json: {value: 1, voter: voterKey(1), extra: 1}})).body.error!.code, 'unknown_field');
      assert.equal((await vote(server, '999', 1, voterKey(1))).status, 404);
      const held = await server.store.insertComment(
        {thread: '/posts/hello', parent: null, author: 'H', email: null, website: null, body: 'held'},
        {idempotencyKey: 'held', requestHash: 'held', status: 'pending', createdAt: '2026-01-01T00:00:09.000Z', ip: null},
      );
      assert.equal((await vote(server, held.kind === 'created' ? held.comment.id : '', 1, voterKey(1))).status, 404);
      assert.equal(Number(await server.scalar('SELECT COUNT(*) FROM votes')), 0);
    });
  });

  describe(`order=top [${engine}]`, () => {
    it('sorts by score, then oldest first, and pages with cursors that meet every comment once', async () => {
      const server = await readerServer(temp.dir, engine, {readers: {...(await readerServer(temp.dir, engine)).config.readers, votes: 'updown'}});
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        server.tick();
        ids.push((await postOwned(server, {body: `c${i}`})).id);
      }
      await postOwned(server, {parent: ids[0], body: 'a reply, under its root'});
      // Scores: c0 0, c1 2, c2 -1, c3 2, c4 1, c5 0, c6 3.
      const scores = [0, 2, -1, 2, 1, 0, 3];
      let n = 0;
      for (const [i, score] of scores.entries()) {
        for (let k = 0; k < Math.abs(score); k++) {
          assert.equal((await vote(server, ids[i]!, Math.sign(score), voterKey(++n), `192.0.2.${n}`)).status, 200);
        }
      }
      const expected = ['c6', 'c1', 'c3', 'c4', 'c0', 'c5', 'c2'];
      const whole = await listed(server, 'thread=/posts/hello&order=top');
      assert.deepEqual(whole.comments.filter((c) => c.parent === null).map((c) => c.body), expected);
      assert.equal(whole.comments[whole.comments.findIndex((c) => c.body === 'c0') + 1]!.body, 'a reply, under its root');

      const seen: string[] = [];
      let page = await listed(server, 'thread=/posts/hello&order=top&limit=2');
      for (;;) {
        seen.push(...page.comments.filter((c) => c.parent === null).map((c) => c.body!));
        if (!page.next) break;
        page = await listed(server, `thread=/posts/hello&order=top&limit=2&cursor=${page.next}`);
      }
      assert.deepEqual(seen, expected);
    });

    it('a cursor of another order is refused with 400 invalid_cursor, both ways', async () => {
      const server = await readerServer(temp.dir, engine);
      for (let i = 0; i < 3; i++) await postOwned(server, {body: `c${i}`});
      const top = await listed(server, 'thread=/posts/hello&order=top&limit=1');
      const oldest = await listed(server, 'thread=/posts/hello&limit=1');
      for (const query of [`order=oldest&cursor=${top.next}`, `order=top&cursor=${oldest.next}`]) {
        const res = await server.get(`/api/comments?thread=/posts/hello&${query}`);
        assert.equal(res.status, 400);
        assert.equal(((await res.json()) as {error: {code: string}}).error.code, 'invalid_cursor');
      }
    });

    it('a cursor whose score lies beyond ±2^31 is refused with 400 invalid_cursor', async () => {
      const server = await readerServer(temp.dir, engine);
      await postOwned(server);
      const cursor = (fields: unknown) => Buffer.from(JSON.stringify(fields)).toString('base64url');
      for (const score of [2 ** 31 + 1, -(2 ** 31) - 1, 2 ** 40, Number.MAX_SAFE_INTEGER]) {
        const res = await server.get(`/api/comments?thread=/posts/hello&order=top&cursor=${cursor([score, '2026-01-01T00:00:00.000Z', 1])}`);
        assert.equal(res.status, 400, `score ${score}`);
        assert.equal(((await res.json()) as {error: {code: string}}).error.code, 'invalid_cursor');
      }
      const edge = await server.get(`/api/comments?thread=/posts/hello&order=top&cursor=${cursor([2 ** 31, '2026-01-01T00:00:00.000Z', 1])}`);
      assert.equal(edge.status, 200);
    });

    it('a deleted placeholder scores 0: it sorts by no hidden score, and its cursor tells none', async () => {
      const server = await readerServer(temp.dir, engine);
      const a = await postOwned(server, {body: 'A'});
      server.tick();
      const b = await postOwned(server, {body: 'B'});
      server.tick();
      const third = await postOwned(server, {body: 'C'});
      for (let i = 0; i < 3; i++) await vote(server, a.id, 1, voterKey(i), `198.51.100.${i}`);
      await vote(server, b.id, 1, voterKey(9), '198.51.100.9');
      await postOwned(server, {parent: a.id, author: 'Bo', body: 'A reply'});
      assert.equal((await remove(server, a.id, a.token)).status, 200);
      const page = await listed(server, 'thread=/posts/hello&order=top&limit=1');
      assert.deepEqual(page.comments.map((c) => c.id), [b.id]);
      const second = await listed(server, `thread=/posts/hello&order=top&limit=1&cursor=${page.next}`);
      assert.deepEqual(second.comments.map((c) => [c.id, c.status]), [[a.id, 'deleted'], [second.comments[1]!.id, 'published']]);
      assert.equal((JSON.parse(Buffer.from(second.next!, 'base64url').toString()) as unknown[])[0], 0);
      const last = await listed(server, `thread=/posts/hello&order=top&limit=1&cursor=${second.next}`);
      assert.deepEqual(last.comments.map((c) => c.id), [third.id]);
      assert.equal(Number(await server.scalar('SELECT COUNT(*) FROM votes WHERE comment_id = ?', [Number(a.id)])), 0);
    });
  });
}
