import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {ParentGoneError} from '../../src/server/store/comment-store.js';
import {adminJson, makeAdminServer, signIn} from './admin-setup.js';
import {engines, makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

for (const engine of engines) {
  describe(`a comment a moderator removed [${engine}]`, () => {
    it('is not stored again when the widget resends it with its key: 410, and the same key with other text is 409', async () => {
      const server = await makeAdminServer(temp.dir, engine);
      const body = {thread: '/gone', author: 'Ada', body: 'Posted, and the answer was lost.'};
      const first = await server.post(body, {key: 'outbox-key-1'});
      assert.equal(first.status, 201);
      const {comment} = (await first.json()) as {comment: {id: string}};
      const session = await signIn(server);
      const {results} = await adminJson<{results: {ok: boolean; status: string}[]}>(server, 'POST', '/comments/actions', session, {action: 'delete', ids: [comment.id]});
      assert.deepEqual(results.map((r) => [r.ok, r.status]), [[true, 'removed']]);

      const resent = await server.post(body, {key: 'outbox-key-1'});
      assert.equal(resent.status, 410);
      assert.equal(((await resent.json()) as {error: {code: string}}).error.code, 'comment_removed');
      assert.equal((await server.post({...body, body: 'Other text'}, {key: 'outbox-key-1'})).status, 409);
      assert.equal(await server.rowCount(), 0);
      const list = (await (await server.get('/api/comments?thread=/gone')).json()) as {comments: unknown[]};
      assert.deepEqual(list.comments, []);
    });

    it('a reply whose parent is gone by the time it is written is refused as a missing parent, never a 500', async () => {
      const server = await makeAdminServer(temp.dir, engine);
      const input = {thread: '/gone', parent: '999', author: 'Bo', email: null, website: null, body: 'Too late.'};
      await assert.rejects(
        server.store.insertComment(input, {idempotencyKey: 'k', requestHash: 'h', status: 'published', createdAt: new Date().toISOString(), ip: null}),
        ParentGoneError,
      );
      const res = await server.post({thread: '/gone', parent: '999', author: 'Bo', body: 'Too late.'});
      assert.equal(res.status, 400);
      assert.equal(await server.rowCount(), 0);
    });
  });
}
