import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {loadConfig} from '../../src/server/config.js';
import type {TestServer} from './setup.js';
import {startGatedAkismet, until} from './gated-akismet.js';
import {edit, listed, postOwned, readerServer, remove, send} from './reader-helpers.js';
import {engines, makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());
const defaults = loadConfig([], {});
const rowOf = async (server: TestServer, id: string) =>
  (await server.database.query<{status: string; body: string; spam_check: string | null}>('SELECT status, body, spam_check FROM comments WHERE id = ?', [Number(id)]))[0]!;

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

    describe('with Akismet configured', () => {
      const withAkismet = (url: string) => readerServer(temp.dir, engine, {
        policy: {...defaults.policy, minSeconds: 0, blockedWords: ['casino']},
        spam: {...defaults.spam, threadRateLimit: 0, globalRateLimit: 0, duplicateWindowMs: 0, akismet: {key: 'k', url, blog: 'https://blog.example', retryDelaysMs: [20]}},
      });

      it('an edit made while the first text is being checked is checked itself, and text the rules hold is never published', async () => {
        const akismet = await startGatedAkismet();
        try {
          const server = await withAkismet(akismet.url);
          const {id, token} = await postOwned(server, {body: 'Nice post!'});
          await until(async () => akismet.checked.length, (n) => n > 0, 'the first check');
          const res = await edit(server, id, 'Best casino bonus', token);
          assert.equal(res.status, 200);
          assert.equal(res.body.comment.status, 'pending');
          // Akismet answers "not spam" for the old text, then for the new: the rules hold the new text, so it stays held.
          akismet.open();
          await until(async () => akismet.checked, (c) => c.length === 2, 'a check of the edited text');
          assert.deepEqual(akismet.checked, ['Nice post!', 'Best casino bonus']);
          const row = await until(() => rowOf(server, id), (r) => r.spam_check === null, 'the second check to settle');
          assert.deepEqual(row, {status: 'pending', body: 'Best casino bonus', spam_check: null});
          assert.deepEqual((await listed(server)).comments, []);
        } finally {
          akismet.stop();
        }
      });

      it('an edit of a published comment goes to Akismet again and waits, pending, until it answers', async () => {
        const akismet = await startGatedAkismet();
        akismet.open();
        try {
          const server = await withAkismet(akismet.url);
          const {id, token} = await postOwned(server, {body: 'Nice post!'});
          await until(() => rowOf(server, id), (r) => r.status === 'published', 'the first check');
          const res = await edit(server, id, 'Nice post, edited', token);
          assert.equal(res.status, 200);
          assert.equal(res.body.comment.status, 'pending');
          await until(() => rowOf(server, id), (r) => r.status === 'published', 'the edit to be published after its check');
          assert.deepEqual(akismet.checked, ['Nice post!', 'Nice post, edited']);
          assert.equal((await listed(server)).comments[0]!.body, 'Nice post, edited');
        } finally {
          akismet.stop();
        }
      });
    });

    it('without a checker, an edit the rules hold leaves no marker that a later check would publish', async () => {
      const server = await readerServer(temp.dir, engine, {policy: {...defaults.policy, minSeconds: 0, blockedWords: ['casino']}});
      const {id, token} = await postOwned(server, {body: 'Innocent'});
      // As a checker configured before this start would have left it: waiting to be published once checked.
      await server.database.query("UPDATE comments SET status = 'pending', spam_check = 'publish' WHERE id = ?", [Number(id)]);
      assert.equal((await edit(server, id, 'Visit my casino', token)).status, 200);
      assert.deepEqual(await rowOf(server, id), {status: 'pending', body: 'Visit my casino', spam_check: 'hold'});
    });

    it('is refused with 403 thread_closed once the thread is closed; deleting still works', async () => {
      const server = await readerServer(temp.dir, engine);
      const {id, token} = await postOwned(server, {body: 'Before closing'});
      await server.store.threads.setClosed('/posts/hello', true, '2026-01-01T00:00:00.000Z');
      server.bus.emit('thread.changed', {thread: '/posts/hello'});
      const res = await edit(server, id, 'After closing', token);
      assert.equal(res.status, 403);
      assert.equal(res.body.error!.code, 'thread_closed');
      assert.equal((await rowOf(server, id)).body, 'Before closing');
      assert.equal((await remove(server, id, token)).status, 200);
    });

    it('counts against the client rate limit, and one comment takes at most 10 edits: then 429 with Retry-After', async () => {
      const limited = await readerServer(temp.dir, engine, {rateLimit: 3});
      const first = await postOwned(limited);
      assert.equal((await edit(limited, first.id, 'one', first.token)).status, 200);
      assert.equal((await edit(limited, first.id, 'two', first.token)).status, 200);
      const over = await edit(limited, first.id, 'three', first.token);
      assert.equal(over.status, 429);
      assert.equal(over.body.error!.code, 'rate_limited');
      assert.match(over.headers.get('retry-after')!, /^\d+$/);
      assert.equal((await rowOf(limited, first.id)).body, 'two');

      const server = await readerServer(temp.dir, engine, {rateLimit: 0});
      const {id, token} = await postOwned(server);
      for (let i = 1; i <= 10; i++) assert.equal((await edit(server, id, `edit ${i}`, token)).status, 200);
      const eleventh = await edit(server, id, 'edit 11', token);
      assert.equal(eleventh.status, 429);
      assert.match(eleventh.body.error!.message, /10 times/);
      assert.match(eleventh.headers.get('retry-after')!, /^\d+$/);
      assert.equal((await rowOf(server, id)).body, 'edit 10');
    });
  });
}
