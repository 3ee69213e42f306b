import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import type {ServiceEvents} from '../../src/server/services/events.js';
import {aComment} from './setup.js';
import {listed, postOwned, readerServer, remove, vote, voterKey} from './reader-helpers.js';
import {engines, makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

for (const engine of engines) {
  describe(`a reader deletes their comment [${engine}]`, () => {
    it('with replies: a deleted placeholder keeps them in place, nothing of its author kept', async () => {
      const server = await readerServer(temp.dir, engine);
      const deleted: ServiceEvents['comment.deleted'][] = [];
      server.bus.on('comment.deleted', (e) => deleted.push(e));
      const {id, token} = await postOwned(server, {author: 'Ada', email: 'ada@example.com', website: 'https://ada.example', body: 'Regretted'});
      const reply = await postOwned(server, {parent: id, author: 'Bo', body: 'A reply'});
      assert.equal((await listed(server)).comments.length, 2); // fills the page cache
      const res = await remove(server, id, token);
      assert.equal(res.status, 200);
      const placeholder = res.body.comment!;
      assert.deepEqual([placeholder.id, placeholder.status, placeholder.author, placeholder.body, placeholder.website], [id, 'deleted', '', '', null]);
      assert.deepEqual((await listed(server)).comments.map((c) => [c.id, c.status, c.body]), [[id, 'deleted', ''], [reply.id, 'published', 'A reply']]);
      assert.equal(await server.scalar('SELECT email FROM comments WHERE id = ?', [Number(id)]), null);
      assert.deepEqual(deleted.map((e) => [e.id, e.thread, e.placeholder?.status]), [[id, '/posts/hello', 'deleted']]);
      // Sent twice (the answer was lost): the same placeholder, still 200.
      assert.equal((await remove(server, id, token)).body.comment!.status, 'deleted');
    });

    it('a placeholder keeps no votes and no edit time of the comment it replaced', async () => {
      const server = await readerServer(temp.dir, engine);
      const {id, token} = await postOwned(server, {body: 'Liked, then regretted'});
      await postOwned(server, {parent: id, author: 'Bo', body: 'A reply'});
      assert.equal((await vote(server, id, 1, voterKey(1))).status, 200);
      assert.deepEqual((await listed(server)).comments[0].votes, {up: 1, down: 0});
      await remove(server, id, token);
      const [placeholder] = (await listed(server)).comments;
      assert.equal(placeholder.status, 'deleted');
      assert.equal(placeholder.votes, undefined);
      assert.equal(placeholder.editedAt, undefined);
    });

    it('without replies: the comment goes, and a resend of its original post answers 410', async () => {
      const server = await readerServer(temp.dir, engine);
      const deleted: ServiceEvents['comment.deleted'][] = [];
      server.bus.on('comment.deleted', (e) => deleted.push(e));
      const {id, token} = await postOwned(server, {body: 'Gone soon'}, 'delete-key-1');
      const res = await remove(server, id, token);
      assert.equal(res.status, 200);
      assert.equal(res.body.comment, null);
      assert.deepEqual((await listed(server)).comments, []);
      assert.equal(await server.rowCount(), 0);
      assert.deepEqual(deleted, [{id, thread: '/posts/hello', from: 'published'}]);
      const resent = await server.post(aComment({body: 'Gone soon'}), {key: 'delete-key-1'});
      assert.equal(resent.status, 410);
      assert.equal(((await resent.json()) as {error: {code: string}}).error.code, 'comment_removed');
      assert.equal(await server.rowCount(), 0);
      assert.equal((await remove(server, id, token)).status, 404);
    });

    it('is allowed long after the edit window closed', async () => {
      const server = await readerServer(temp.dir, engine);
      const {id, token} = await postOwned(server);
      server.tick(365 * 24 * 60 * 60_000);
      assert.equal((await remove(server, id, token)).status, 200);
      assert.equal(await server.rowCount(), 0);
    });

    it('refuses a wrong token, a token of another comment and no token, deleting nothing', async () => {
      const server = await readerServer(temp.dir, engine);
      const a = await postOwned(server, {body: 'A'});
      const b = await postOwned(server, {body: 'B'});
      assert.equal((await remove(server, a.id, b.token)).body.error!.code, 'token_invalid');
      assert.equal((await remove(server, a.id, 'x'.repeat(43))).status, 403);
      assert.equal((await remove(server, a.id, '')).status, 401);
      assert.equal((await remove(server, a.id)).status, 401);
      assert.equal(await server.rowCount(), 2);
    });

    it('an owner-written comment has no token, so no reader token deletes it', async () => {
      const server = await readerServer(temp.dir, engine);
      const mine = await postOwned(server);
      const owner = await server.store.insertComment(
        {thread: '/posts/hello', parent: null, author: 'Owner', email: null, website: null, body: 'From admin'},
        {idempotencyKey: 'admin-1', requestHash: 'admin-1', status: 'published', createdAt: '2026-01-01T00:00:05.000Z', ip: null, owner: true},
      );
      assert.equal(owner.kind, 'created');
      const id = owner.kind === 'created' ? owner.comment.id : '';
      assert.equal((await remove(server, id, mine.token)).body.error!.code, 'token_invalid');
      assert.equal(await server.rowCount(), 2);
    });

    it('deleting a placeholder again answers 200 with it and announces nothing more', async () => {
      const server = await readerServer(temp.dir, engine);
      const deleted: ServiceEvents['comment.deleted'][] = [];
      server.bus.on('comment.deleted', (e) => deleted.push(e));
      const {id, token} = await postOwned(server, {body: 'Regretted'});
      await postOwned(server, {parent: id, author: 'Bo', body: 'A reply'});
      assert.equal((await remove(server, id, token)).status, 200);
      const again = await remove(server, id, token);
      assert.equal(again.status, 200);
      assert.deepEqual([again.body.comment!.id, again.body.comment!.status], [id, 'deleted']);
      assert.equal(deleted.length, 1);
    });

    it('counts against the client rate limit: then 429 with Retry-After, deleting nothing', async () => {
      const server = await readerServer(temp.dir, engine, {rateLimit: 2});
      const {id, token} = await postOwned(server);
      assert.equal((await remove(server, '999', token)).status, 404);
      const over = await remove(server, id, token);
      assert.equal(over.status, 429);
      assert.equal(over.body.error!.code, 'rate_limited');
      assert.match(over.headers.get('retry-after')!, /^\d+$/);
      assert.equal((await listed(server)).comments.length, 1);
    });
  });
}
