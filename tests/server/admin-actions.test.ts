import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import type {Comment} from '../../src/adapters/adapter.js';
import {loadConfig} from '../../src/server/config.js';
import type {AdminComment} from '../../src/server/store/admin-store.js';
import {adminJson, adminRequest, makeAdminServer, signIn} from './admin-setup.js';
import type {Session} from './admin-setup.js';
import {engines, makeTempDir} from './setup.js';
import type {TestServer} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

const held = {...loadConfig([], {}).policy, mode: 'all' as const, minSeconds: 0};

async function postComment(server: TestServer, fields: Record<string, unknown>): Promise<Comment> {
  const res = await server.post({thread: '/posts/a', author: 'Ada', email: 'ada@example.com', body: 'Hello', ...fields});
  assert.equal(res.status, 201, await res.clone().text());
  // As a list in the default format shows it: the post's answer adds the body's tree for the widget.
  const {tree, ...comment} = ((await res.json()) as {comment: Comment}).comment;
  assert.ok(Array.isArray(tree), 'a post answers the body parsed too');
  return comment;
}

async function publicList(server: TestServer, thread = '/posts/a'): Promise<{comments: Comment[]; total: number}> {
  const res = await server.get(`/api/comments?thread=${encodeURIComponent(thread)}`);
  assert.equal(res.status, 200);
  return (await res.json()) as {comments: Comment[]; total: number};
}

const act = (server: TestServer, session: Session, action: string, ids: string[]) =>
  adminJson<{results: unknown[]}>(server, 'POST', '/comments/actions', session, {action, ids});

for (const engine of engines) {
  describe(`admin actions [${engine}]`, () => {
    it('approve publishes a held comment in the next list (the cached page is dropped); hold and spam take it back', async () => {
      const server = await makeAdminServer(temp.dir, engine, {policy: held});
      const session = await signIn(server);
      const comment = await postComment(server, {});
      assert.deepEqual((await publicList(server)).comments, [], 'held, and the empty page is now cached');

      const queue = await adminJson<{comments: AdminComment[]; next: string | null}>(server, 'GET', '/comments', session);
      assert.equal(queue.comments.length, 1);
      assert.deepEqual({...queue.comments[0]!}, {
        ...comment, status: 'pending', email: 'ada@example.com', ip: '127.0.0.1', editedAt: null, owner: false, replies: 0,
        reasons: ['Every comment is held for approval (moderation: all).'],
      });

      assert.deepEqual((await act(server, session, 'approve', [comment.id])).results, [{id: comment.id, ok: true, status: 'published'}]);
      const list = await publicList(server);
      assert.deepEqual(list.comments.map((c) => [c.id, c.status]), [[comment.id, 'published']]);
      assert.equal(list.total, 1);
      assert.deepEqual((await adminJson<{comments: unknown[]}>(server, 'GET', '/comments', session)).comments, [], 'the queue is empty');

      await act(server, session, 'spam', [comment.id]);
      assert.deepEqual((await publicList(server)).comments, []);
      const spam = await adminJson<{comments: AdminComment[]}>(server, 'GET', '/comments?status=spam', session);
      assert.deepEqual(spam.comments.map((c) => c.status), ['spam']);
      await act(server, session, 'ham', [comment.id]);
      assert.equal((await publicList(server)).comments.length, 1);
      await act(server, session, 'hold', [comment.id]);
      assert.deepEqual((await publicList(server)).comments, []);
    });

    it('acts on many at once and reports each id', async () => {
      const server = await makeAdminServer(temp.dir, engine, {policy: held});
      const session = await signIn(server);
      const a = await postComment(server, {body: 'one'});
      const b = await postComment(server, {body: 'two'});
      const {results} = await act(server, session, 'approve', [a.id, b.id, '999']);
      assert.deepEqual(results, [
        {id: a.id, ok: true, status: 'published'},
        {id: b.id, ok: true, status: 'published'},
        {id: '999', ok: false, code: 'not_found', message: 'There is no comment 999.'},
      ]);
      assert.equal((await publicList(server)).total, 2);
      for (const body of [{action: 'approve', ids: []}, {action: 'approve', ids: Array.from({length: 101}, (_, i) => String(i + 1))},
        {action: 'approve', ids: ['x']}, {action: 'burn', ids: [a.id]}, {action: 'approve', ids: [a.id], more: 1}]) {
        const res = await adminRequest(server, 'POST', '/comments/actions', {session, body});
        assert.equal(res.status, 400, JSON.stringify(body));
      }
    });

    it('delete: a comment with replies becomes a placeholder that keeps them; one without goes with its key', async () => {
      const server = await makeAdminServer(temp.dir, engine);
      const session = await signIn(server);
      const parent = await postComment(server, {body: 'parent', website: 'https://ada.example'});
      const reply = await postComment(server, {parent: parent.id, body: 'reply', author: 'Bob'});
      const lone = await postComment(server, {body: 'lone'});
      assert.equal((await publicList(server)).total, 3);

      const {results} = await act(server, session, 'delete', [parent.id, lone.id]);
      assert.deepEqual(results, [{id: parent.id, ok: true, status: 'deleted'}, {id: lone.id, ok: true, status: 'removed'}]);
      const list = await publicList(server);
      assert.deepEqual(list.comments, [
        // The placeholder still counts its reply, which stays listed under it.
        {...parent, author: '', website: null, body: '', status: 'deleted', replyCount: 1},
        reply,
      ]);
      const row = (await server.database.query('SELECT email, ip FROM comments WHERE id = ?', [Number(parent.id)]))[0];
      assert.deepEqual({...row}, {email: null, ip: null}, 'nothing of what its author wrote is kept');
      assert.equal(Number(await server.scalar('SELECT COUNT(*) FROM comments WHERE id = ?', [Number(lone.id)])), 0);
      assert.equal(Number(await server.scalar('SELECT COUNT(*) FROM idempotency_keys WHERE comment_id = ?', [Number(lone.id)])), 0);
      assert.equal((await adminRequest(server, 'PATCH', `/comments/${parent.id}`, {session, body: {body: 'back'}})).status, 409);
      assert.deepEqual((await act(server, session, 'approve', [parent.id])).results[0], {
        id: parent.id, ok: false, code: 'invalid_transition', message: 'A deleted comment can’t be approved, held or marked; it stays a placeholder.',
      });

      // The last reply gone, the placeholder has nothing left to hold and goes too.
      assert.deepEqual((await act(server, session, 'delete', [reply.id])).results, [{id: reply.id, ok: true, status: 'removed'}]);
      assert.deepEqual((await publicList(server)).comments, []);
      assert.equal(await server.rowCount(), 0);
    });

    it('edits text, name and website by the rules of a post, and stamps editedAt', async () => {
      const server = await makeAdminServer(temp.dir, engine);
      const session = await signIn(server);
      const comment = await postComment(server, {website: 'https://ada.example'});
      server.tick(60_000);
      const {comment: edited} = await adminJson<{comment: AdminComment}>(server, 'PATCH', `/comments/${comment.id}`, session, {body: 'Edited **text**', website: null});
      assert.equal(edited.body, 'Edited **text**');
      assert.equal(edited.website, null);
      assert.equal(edited.author, 'Ada');
      assert.equal(edited.editedAt, '2026-01-01T00:01:00.000Z');
      assert.equal((await publicList(server)).comments[0]!.body, 'Edited **text**');
      for (const body of [{}, {body: ''}, {author: 'a\u202Eb'}, {website: 'javascript:alert(1)'}, {body: 'x'.repeat(10_001)}, {owner: true}, {body: 3}]) {
        const res = await adminRequest(server, 'PATCH', `/comments/${comment.id}`, {session, body});
        assert.equal(res.status, 400, JSON.stringify(body));
      }
      assert.equal((await adminRequest(server, 'PATCH', '/comments/999', {session, body: {body: 'x'}})).status, 404);
      assert.equal((await adminRequest(server, 'PATCH', '/comments/abc', {session, body: {body: 'x'}})).status, 404);
    });

    it('replies as the owner, published at once with the owner flag and the name from settings', async () => {
      const server = await makeAdminServer(temp.dir, engine);
      const session = await signIn(server);
      const comment = await postComment(server, {});
      const {comment: first} = await adminJson<{comment: AdminComment}>(server, 'POST', `/comments/${comment.id}/reply`, session, {body: 'Thanks!'});
      assert.equal(first.author, 'Owner');
      assert.equal(first.owner, true);
      assert.equal(first.parent, comment.id);
      await adminJson(server, 'PUT', '/settings', session, {ownerName: 'Grace'});
      await adminJson(server, 'POST', `/comments/${comment.id}/reply`, session, {body: 'Again'});
      const list = await publicList(server);
      assert.deepEqual(list.comments.map((c) => [c.author, c.body, c.owner]), [['Ada', 'Hello', undefined], ['Owner', 'Thanks!', true], ['Grace', 'Again', true]]);
      assert.equal((await adminRequest(server, 'POST', `/comments/${comment.id}/reply`, {session, body: {body: ' '}})).status, 400);

      const pending = await makeAdminServer(temp.dir, engine, {policy: held});
      const s2 = await signIn(pending);
      const heldOne = await postComment(pending, {});
      assert.equal((await adminRequest(pending, 'POST', `/comments/${heldOne.id}/reply`, {session: s2, body: {body: 'Hi'}})).status, 409);
    });

    it('bans a comment’s author by email or IP; the ban list adds and lifts bans', async () => {
      const server = await makeAdminServer(temp.dir, engine);
      const session = await signIn(server);
      const comment = await postComment(server, {});
      const {ban} = await adminJson<{ban: {kind: string; value: string}}>(server, 'POST', `/comments/${comment.id}/ban`, session, {kind: 'email'});
      assert.deepEqual([ban.kind, ban.value], ['email', 'ada@example.com']);
      assert.equal((await server.store.bans.match({email: 'ADA@example.com', ip: null}))?.kind, 'email');
      await adminJson(server, 'POST', `/comments/${comment.id}/ban`, session, {kind: 'ip'});
      assert.equal((await server.store.bans.match({email: null, ip: '127.0.0.1'}))?.kind, 'ip');
      const noEmail = await postComment(server, {email: undefined});
      assert.equal((await adminRequest(server, 'POST', `/comments/${noEmail.id}/ban`, {session, body: {kind: 'email'}})).status, 409);

      await adminJson(server, 'POST', '/bans', session, {kind: 'ip', value: '2001:db8:1:2:3:4:5:6', reason: 'spam run'});
      assert.equal((await server.store.bans.match({email: null, ip: '2001:db8:1:2:ffff::1'}))?.value, '2001:db8:1:2::/64');
      const {bans} = await adminJson<{bans: {kind: string; value: string}[]}>(server, 'GET', '/bans', session);
      assert.deepEqual(bans.map((b) => `${b.kind} ${b.value}`).sort(), ['email ada@example.com', 'ip 127.0.0.1', 'ip 2001:db8:1:2::/64']);
      assert.deepEqual(await adminJson(server, 'POST', '/bans/delete', session, {kind: 'email', value: 'Ada@Example.com'}), {removed: true});
      assert.equal(await server.store.bans.match({email: 'ada@example.com', ip: null}), null);
      for (const body of [{kind: 'email', value: 'nope'}, {kind: 'ip', value: '300.1.1.1'}, {kind: 'name', value: 'x'}, {kind: 'ip'}]) {
        assert.equal((await adminRequest(server, 'POST', '/bans', {session, body})).status, 400, JSON.stringify(body));
      }
    });

    it('closes a thread and opens it again; lists threads with their counts', async () => {
      const server = await makeAdminServer(temp.dir, engine);
      const session = await signIn(server);
      await postComment(server, {});
      await postComment(server, {thread: '/posts/b'});
      const {thread} = await adminJson<{thread: {closed: boolean}}>(server, 'POST', '/threads/close', session, {thread: '/posts/a', closed: true});
      assert.equal(thread.closed, true);
      assert.equal((await server.store.threads.get('/posts/a')).closed, true);
      await adminJson(server, 'POST', '/threads/close', session, {thread: '/posts/empty', closed: true});
      await adminJson(server, 'POST', '/comments/actions', session, {action: 'spam', ids: ['2']});
      const page = await adminJson<{threads: unknown[]; next: string | null}>(server, 'GET', '/threads?limit=2', session);
      assert.deepEqual(page.threads, [
        {id: '/posts/a', title: null, url: null, closed: true, published: 1, pending: 0, spam: 0},
        {id: '/posts/b', title: null, url: null, closed: false, published: 0, pending: 0, spam: 1},
      ]);
      const rest = await adminJson<{threads: {id: string}[]; next: string | null}>(server, 'GET', `/threads?limit=2&cursor=${page.next}`, session);
      assert.deepEqual(rest, {threads: [{id: '/posts/empty', title: null, url: null, closed: true, published: 0, pending: 0, spam: 0}], next: null});
      assert.deepEqual((await adminJson<{threads: {id: string}[]}>(server, 'GET', '/threads?q=EMP', session)).threads.map((t) => t.id), ['/posts/empty']);
      await adminJson(server, 'POST', '/threads/close', session, {thread: '/posts/a', closed: false});
      assert.equal((await server.store.threads.get('/posts/a')).closed, false);
      assert.equal((await adminRequest(server, 'POST', '/threads/close', {session, body: {thread: '/posts/a', closed: 'yes'}})).status, 400);
      assert.equal((await adminRequest(server, 'GET', '/threads?cursor=%%%', {session})).status, 400);
    });

    it('searches by status, thread, author and text, newest first, a page at a time', async () => {
      const server = await makeAdminServer(temp.dir, engine);
      const session = await signIn(server);
      const made: Comment[] = [];
      for (let i = 0; i < 5; i++) {
        server.tick(1000);
        made.push(await postComment(server, {thread: i % 2 ? '/posts/odd' : '/posts/even', author: i === 3 ? 'Zoë 100%' : 'Ada', body: `number ${i} of five`}));
      }
      const ids = (path: string) => adminJson<{comments: AdminComment[]; next: string | null}>(server, 'GET', path, session);
      assert.deepEqual((await ids('/comments?status=all')).comments.map((c) => c.id), made.map((c) => c.id).reverse());
      assert.deepEqual((await ids('/comments?status=all&thread=/posts/odd')).comments.map((c) => c.body), ['number 3 of five', 'number 1 of five']);
      assert.deepEqual((await ids('/comments?status=all&author=ZO%C3%8B%20100')).comments.map((c) => c.id), [made[3]!.id], 'without case');
      assert.deepEqual((await ids('/comments?status=all&author=100%25')).comments.map((c) => c.id), [made[3]!.id]);
      assert.deepEqual((await ids('/comments?status=all&author=_')).comments, [], 'LIKE wildcards are literal');
      assert.deepEqual((await ids('/comments?status=all&author=ADA@EXAMPLE')).comments.length, 5, 'the email matches too');
      assert.deepEqual((await ids('/comments?status=all&q=NUMBER%202')).comments.map((c) => c.id), [made[2]!.id]);
      const first = await ids('/comments?status=published&limit=2');
      assert.deepEqual(first.comments.map((c) => c.id), [made[4]!.id, made[3]!.id]);
      const second = await ids(`/comments?status=published&limit=2&cursor=${first.next}`);
      assert.deepEqual(second.comments.map((c) => c.id), [made[2]!.id, made[1]!.id]);
      const third = await ids(`/comments?status=published&limit=2&cursor=${second.next}`);
      assert.deepEqual([third.comments.map((c) => c.id), third.next], [[made[0]!.id], null]);
      assert.deepEqual((await ids(`/comments/${made[0]!.id}`) as unknown as {comment: AdminComment}).comment.email, 'ada@example.com');
      for (const q of ['status=nope', 'limit=0', 'limit=101', 'cursor=zzz', 'thread=%00']) {
        assert.equal((await adminRequest(server, 'GET', `/comments?${q}`, {session})).status, 400, q);
      }
    });

    it('reads and changes the moderation settings over the environment defaults', async () => {
      const server = await makeAdminServer(temp.dir, engine);
      const session = await signIn(server);
      assert.deepEqual(await adminJson(server, 'GET', '/settings', session), {policy: server.config.policy, ownerName: 'Owner'});
      const changed = await adminJson(server, 'PUT', '/settings', session, {policy: {mode: 'first', blockedWords: [' casino ']}, ownerName: 'Grace'});
      assert.deepEqual(changed, {policy: {...server.config.policy, mode: 'first', blockedWords: ['casino']}, ownerName: 'Grace'});
      assert.deepEqual(await adminJson(server, 'GET', '/settings', session), changed);
      for (const body of [{policy: {mode: 'some'}}, {policy: {maxLinks: -1}}, {policy: {nope: 1}}, {ownerName: ''}, {ownerName: 'a\nb'}, {other: 1}, {policy: {mode: 'all'}, ownerName: 5}]) {
        assert.equal((await adminRequest(server, 'PUT', '/settings', {session, body})).status, 400, JSON.stringify(body));
      }
      assert.deepEqual(await adminJson(server, 'GET', '/settings', session), changed, 'a refused change saved nothing');
    });
  });
}
