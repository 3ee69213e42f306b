import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import type {Comment, LiveEvent} from '../../src/adapters/adapter.js';
import {loadConfig} from '../../src/server/config.js';
import {aComment, makeServer, makeTempDir} from './setup.js';
import type {TestServer} from './setup.js';
import {listen, openStream} from './live-sse.js';
import {edit, postOwned, readerServer, remove} from './reader-helpers.js';

// What each service event becomes on a reader's stream. The reader routes (edit, delete, vote) live on another
// branch; their service events are emitted here as those routes do, after the commit.

const temp = makeTempDir();
after(() => temp.remove());

describe('live events from service events', () => {
  let server: TestServer;
  let http: Awaited<ReturnType<typeof listen>>;
  const thread = '/posts/map';
  const base = loadConfig([], {});

  before(async () => {
    server = await makeServer(temp.dir, {policy: {...base.policy, minSeconds: 0, blockedWords: ['casino']}});
    http = await listen(server.app.fetch);
  });
  after(() => http.close());

  const post = async (body: string) => {
    server.tick();
    const res = await server.post(aComment({thread, body, email: 'ada@example.com'}));
    return ((await res.json()) as {comment: Comment}).comment;
  };

  it('maps created, moderated, updated, deleted and voted, and never shows a pending or spam comment', async () => {
    const s = await openStream(`${http.url}/api/events?thread=${encodeURIComponent(thread)}`);
    await s.until((m) => m.length > 0);
    const shown = await post('hello');
    const held = await post('casino bonus');
    assert.equal(held.status, 'pending');
    const {bus} = server;
    // Approved by a moderator: now it is created for readers. Then held again: gone.
    bus.emit('comment.moderated', {comment: {...held, status: 'published'}, from: 'pending', to: 'published', by: 'owner'});
    bus.emit('comment.moderated', {comment: {...held, status: 'pending'}, from: 'published', to: 'spam', by: 'owner'});
    // A pending comment marked spam was never shown: nothing at all.
    bus.emit('comment.moderated', {comment: {...held, status: 'pending'}, from: 'pending', to: 'spam', by: 'owner'});
    // Edited; an edit the policy held; a delete that left a placeholder; a delete that left nothing; a vote.
    const edited = {...shown, body: 'hello, edited', tree: ['hello, edited'], editedAt: '2026-01-01T00:10:00.000Z'};
    bus.emit('comment.updated', {comment: {...edited, email: 'ada@example.com', token: 'secret'} as Comment});
    bus.emit('comment.updated', {comment: {...held, status: 'pending'}});
    const placeholder: Comment = {...shown, author: '', website: null, body: '', tree: [], status: 'deleted'};
    bus.emit('comment.deleted', {id: shown.id, thread, placeholder});
    bus.emit('comment.deleted', {id: held.id, thread});
    bus.emit('comment.voted', {id: shown.id, thread, votes: {up: 2, down: 1}});
    await s.until((m) => m.some((x) => x.event === 'voted'));
    const events = s.events().map((m) => JSON.parse(m.data!) as LiveEvent);
    // Each comment with its body parsed, as the widget renders it (the post's answer has it too).
    assert.deepEqual(shown.tree, ['hello']);
    assert.deepEqual(events, [
      {type: 'created', comment: shown},
      {type: 'created', comment: {...held, status: 'published'}},
      {type: 'deleted', id: held.id},
      {type: 'updated', comment: edited},
      {type: 'deleted', id: held.id},
      {type: 'updated', comment: placeholder},
      {type: 'deleted', id: held.id},
      {type: 'voted', id: shown.id, votes: {up: 2, down: 1}},
    ]);
    assert.deepEqual(s.events().map((m) => m.event), events.map((e) => e.type));
    const raw = s.messages.map((m) => m.data ?? '').join('\n');
    assert.ok(!raw.includes('ada@example.com') && !raw.includes('secret'), 'no email or token reaches a stream');
    s.close();
  });

  it('an author editing or deleting a comment readers never saw (held, or spam) puts nothing in the log, not even its id', async () => {
    const readers = await readerServer(temp.dir, 'sqlite', {policy: {...base.policy, minSeconds: 0, blockedWords: ['casino']}});
    const logged = async () => (await readers.database.query<{type: string; data: string}>('SELECT type, data FROM live_events ORDER BY seq')).map((r) => [r.type, (JSON.parse(r.data) as {id?: string; comment?: Comment}).comment?.id ?? (JSON.parse(r.data) as {id: string}).id]);
    const held = await postOwned(readers, {body: 'casino bonus'});
    assert.equal(held.comment.status, 'pending');
    assert.equal((await edit(readers, held.id, 'casino bonus, edited', held.token)).status, 200);
    assert.equal((await remove(readers, held.id, held.token)).status, 200);
    const spam = await postOwned(readers, {body: 'casino, then marked spam'});
    await readers.database.query("UPDATE comments SET status = 'spam' WHERE id = ?", [Number(spam.id)]);
    assert.equal((await remove(readers, spam.id, spam.token)).status, 200);
    // A comment readers do see, as the marker that the log has caught up.
    const shown = await postOwned(readers, {body: 'hello'});
    for (let i = 0; i < 250 && (await logged()).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(await logged(), [['created', shown.id]]);
  });
});
