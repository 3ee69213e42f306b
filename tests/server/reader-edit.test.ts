import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {edit, listed, postOwned, readerServer, send} from './reader-helpers.js';
import {engines, makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

for (const engine of engines) {
  describe(`a reader edits their comment [${engine}]`, () => {
    it('a post answers an owner token, a replay the same one, and only its SHA-256 is stored', async () => {
      const server = await readerServer(temp.dir, engine);
      const first = await postOwned(server, {}, 'edit-key-1');
      assert.match(first.token, /^[A-Za-z0-9_-]{43}$/);
      const replay = await server.post({thread: '/posts/hello', author: 'Ada', body: 'Nice post!'}, {key: 'edit-key-1'});
      assert.equal(replay.status, 200);
      assert.equal(((await replay.json()) as {token: string}).token, first.token);
      const stored = await server.scalar('SELECT token_hash FROM comments WHERE id = ?', [Number(first.id)]);
      assert.match(String(stored), /^[0-9a-f]{64}$/);
      assert.notEqual(stored, first.token);
      const other = await postOwned(server, {body: 'Another'});
      assert.notEqual(other.token, first.token);
    });

    it('within the window: the text changes, editedAt is set, and the list shows the new text at once', async () => {
      const server = await readerServer(temp.dir, engine);
      const {id, token} = await postOwned(server, {body: 'Teh typo'});
      assert.equal((await listed(server)).comments[0]!.body, 'Teh typo'); // fills the page cache
      server.tick(14 * 60_000);
      const res = await edit(server, id, 'The typo, fixed', token);
      assert.equal(res.status, 200);
      assert.equal(res.body.comment.body, 'The typo, fixed');
      assert.equal(res.body.comment.editedAt, '2026-01-01T00:14:00.000Z');
      const [shown] = (await listed(server)).comments;
      assert.equal(shown!.body, 'The typo, fixed');
      assert.equal(shown!.editedAt, '2026-01-01T00:14:00.000Z');
      // The page without JavaScript says so too.
      const page = await (await server.get('/t?thread=/posts/hello')).text();
      assert.ok(page.includes('The typo, fixed'));
      assert.ok(page.includes('edited <time datetime="2026-01-01T00:14:00.000Z">'), 'the no-JS page shows when it was edited');
    });

    it('after the window: 403 edit_window_closed with the configured figure, and the text stays', async () => {
      const server = await readerServer(temp.dir, engine);
      const {id, token} = await postOwned(server, {body: 'Original'});
      server.tick(15 * 60_000);
      const res = await edit(server, id, 'Too late', token);
      assert.equal(res.status, 403);
      assert.equal(res.body.error!.code, 'edit_window_closed');
      assert.equal(res.body.error!.message, 'Comments can be edited for 15 minutes after posting.');
      assert.equal((await listed(server)).comments[0]!.body, 'Original');

      const short = await readerServer(temp.dir, engine, {readers: {...server.config.readers, editWindowMs: 60_000}});
      const mine = await postOwned(short);
      short.tick(61_000);
      assert.equal((await edit(short, mine.id, 'x', mine.token)).body.error!.message, 'Comments can be edited for 1 minute after posting.');
    });

    it('once the comment has a reply: 403 has_replies with a readable message', async () => {
      const server = await readerServer(temp.dir, engine);
      const {id, token} = await postOwned(server, {body: 'Asked something'});
      await postOwned(server, {parent: id, author: 'Bo', body: 'Answered it'});
      const res = await edit(server, id, 'Asked something else', token);
      assert.equal(res.status, 403);
      assert.equal(res.body.error!.code, 'has_replies');
      assert.match(res.body.error!.message, /replied to this comment, so it can no longer be edited/);
      assert.equal((await listed(server)).comments[0]!.body, 'Asked something');
    });

    it('refuses a wrong token (403), another comment’s token (403) and no token (401), changing nothing', async () => {
      const server = await readerServer(temp.dir, engine);
      const a = await postOwned(server, {body: 'A'});
      const b = await postOwned(server, {body: 'B'});
      const wrong = await edit(server, a.id, 'hacked', `${a.token.slice(0, -1)}${a.token.endsWith('A') ? 'B' : 'A'}`);
      assert.equal(wrong.status, 403);
      assert.equal(wrong.body.error!.code, 'token_invalid');
      assert.equal((await edit(server, a.id, 'hacked', b.token)).body.error!.code, 'token_invalid');
      const none = await edit(server, a.id, 'hacked', null);
      assert.equal(none.status, 401);
      assert.equal(none.body.error!.code, 'token_missing');
      assert.equal(none.headers.get('www-authenticate'), 'Bearer');
      const basic = await send(server, 'PATCH', `/api/comments/${a.id}`, {json: {body: 'hacked'}});
      assert.equal(basic.status, 401);
      assert.deepEqual((await listed(server)).comments.map((c) => [c.body, c.editedAt]), [['A', undefined], ['B', undefined]]);
    });

    it('goes through the post’s content policy: a blocked word holds it, and it leaves the list', async () => {
      const server = await readerServer(temp.dir, engine, {policy: {mode: 'off', minSeconds: 0, maxLinks: 2, blockedWords: ['casino'], firstApproved: 1}});
      const {id, token} = await postOwned(server, {body: 'Innocent'});
      const res = await edit(server, id, 'Visit my casino', token);
      assert.equal(res.status, 200);
      assert.equal(res.body.comment.status, 'pending');
      assert.deepEqual((await listed(server)).comments, []);
      assert.match(String(await server.scalar('SELECT reasons FROM comments WHERE id = ?', [Number(id)])), /blocked word "casino"/);
    });

    it('checks the new text like a post (400), knows no other field, and 404s a comment that is not there', async () => {
      const server = await readerServer(temp.dir, engine);
      const {id, token} = await postOwned(server);
      assert.equal((await edit(server, id, '   ', token)).body.error!.code, 'invalid_body');
      assert.equal((await edit(server, id, 'x'.repeat(10_001), token)).body.error!.code, 'invalid_body');
      const extra = await send(server, 'PATCH', `/api/comments/${id}`, {token, json: {body: 'ok', author: 'Mallory'}});
      assert.equal(extra.status, 400);
      assert.equal(extra.body.error!.code, 'unknown_field');
      assert.equal((await edit(server, '999', 'x', token)).status, 404);
      assert.equal((await edit(server, 'abc', 'x', token)).status, 404);
    });

    it('NATTER_EDIT_WINDOW=0 turns editing off: 403 editing_off, and list pages carry no editWindow', async () => {
      const server = await readerServer(temp.dir, engine, {readers: {...(await readerServer(temp.dir, engine)).config.readers, editWindowMs: 0}});
      const {id, token} = await postOwned(server);
      const res = await edit(server, id, 'x', token);
      assert.equal(res.status, 403);
      assert.equal(res.body.error!.code, 'editing_off');
      assert.equal((await listed(server)).editWindow, undefined);
    });

    it('CORS lets a blog on another origin send PATCH, DELETE and Authorization', async () => {
      const server = await readerServer(temp.dir, engine, {origins: ['https://blog.example']});
      const res = await server.app.request('/api/comments/1', {
        method: 'OPTIONS',
        headers: {Origin: 'https://blog.example', 'Access-Control-Request-Method': 'PATCH', 'Access-Control-Request-Headers': 'authorization, content-type'},
      });
      assert.equal(res.status, 204);
      assert.match(res.headers.get('access-control-allow-methods')!, /PATCH/);
      assert.match(res.headers.get('access-control-allow-methods')!, /DELETE/);
      assert.match(res.headers.get('access-control-allow-headers')!, /Authorization/);
    });
  });
}
