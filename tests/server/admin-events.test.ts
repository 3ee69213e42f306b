import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {createPageCache, invalidateOnEvents} from '../../src/server/cache/page-cache.js';
import {createEventBus} from '../../src/server/services/events.js';
import type {ServiceEvents} from '../../src/server/services/events.js';
import {createModerationActions} from '../../src/server/services/moderation-actions.js';
import {engines, makeServer, makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());
const at = '2026-01-01T00:00:00.000Z';
const fields = {thread: '/t', parent: null, author: 'Ada', email: 'ada@example.com', website: null, body: 'Hi'};
let serial = 0;
const options = (status: 'published' | 'pending' | 'spam') => ({idempotencyKey: `k${++serial}`, requestHash: 'h', status, createdAt: at, ip: null});

for (const engine of engines) {
  describe(`moderation actions and their events [${engine}]`, () => {
    it('emit comment.moderated with from, to and by after each change, and nothing for a no-op', async () => {
      const {store} = await makeServer(temp.dir, {}, engine);
      const bus = createEventBus();
      const seen: [string, unknown][] = [];
      for (const name of ['comment.moderated', 'comment.updated', 'comment.deleted', 'comment.created'] as const) {
        bus.on(name, (event: ServiceEvents[typeof name]) => seen.push([name, event]));
      }
      const actions = createModerationActions({store, bus, now: () => new Date('2026-01-02T00:00:00.000Z')});
      const held = await store.insertComment(fields, options('pending'));
      assert.equal(held.kind, 'created');
      const id = held.kind === 'created' ? held.comment.id : '';

      assert.deepEqual(await actions.setStatus([id], 'published', 'mail-link'), [{id, ok: true, status: 'published'}]);
      assert.deepEqual(seen.splice(0), [['comment.moderated', {comment: {...(await store.getComment(id))!}, from: 'pending', to: 'published', by: 'mail-link'}]]);
      await actions.setStatus([id], 'published', 'owner');
      assert.deepEqual(seen.splice(0), [], 'approving twice tells nobody twice');
      await actions.setStatus([id], 'spam', 'spam-check');
      const [[name, event]] = seen.splice(0) as [[string, ServiceEvents['comment.moderated']]];
      assert.equal(name, 'comment.moderated');
      assert.deepEqual([event.from, event.to, event.by, event.comment.status], ['published', 'spam', 'spam-check', 'pending']);

      const edited = await actions.edit(id, {body: 'Changed'});
      assert.equal(edited.body, 'Changed');
      assert.deepEqual(seen.splice(0), [['comment.updated', {comment: edited}]]);
      await assert.rejects(actions.edit(id, {author: ''}), {status: 400});
      await assert.rejects(actions.edit('12345', {body: 'x'}), {status: 404});

      assert.deepEqual(await actions.remove([id, '777'], 'owner'), [
        {id, ok: true, status: 'removed'},
        {id: '777', ok: false, code: 'not_found', message: 'There is no comment 777.'},
      ]);
      // `from` says readers never saw it, so the live log leaves even its id out.
      assert.deepEqual(seen.splice(0), [['comment.deleted', {id, thread: '/t', from: 'spam'}]]);
      assert.equal(await store.getComment(id), null);
    });

    it('a removed comment with replies goes out as its placeholder, so a live thread keeps the replies', async () => {
      const {store} = await makeServer(temp.dir, {}, engine);
      const bus = createEventBus();
      const seen: ServiceEvents['comment.deleted'][] = [];
      bus.on('comment.deleted', (event) => seen.push(event));
      const actions = createModerationActions({store, bus, now: () => new Date('2026-01-02T00:00:00.000Z')});
      const parent = await store.insertComment(fields, options('published'));
      const id = parent.kind === 'created' ? parent.comment.id : '';
      const reply = await store.insertComment({...fields, parent: id, body: 'A reply'}, options('published'));
      const replyId = reply.kind === 'created' ? reply.comment.id : '';

      assert.deepEqual(await actions.remove([id], 'owner'), [{id, ok: true, status: 'deleted'}]);
      const placeholder = await store.getComment(id);
      assert.equal(placeholder?.status, 'deleted');
      assert.deepEqual(seen.splice(0), [{id, thread: '/t', from: 'published', placeholder}]);
      await actions.remove([id], 'owner');
      assert.deepEqual(seen.splice(0), [], 'removing the placeholder again while it keeps a reply changes nothing readers see');
      // The last reply goes, and the placeholder with it.
      await actions.remove([replyId], 'owner');
      assert.deepEqual(seen.splice(0), [
        {id: replyId, thread: '/t', from: 'published'},
        {id, thread: '/t', from: 'deleted'},
      ]);
    });
  });
}

describe('the page cache', () => {
  it('drops a thread’s pages on comment.moderated and thread.changed', () => {
    const cache = createPageCache();
    const bus = createEventBus();
    invalidateOnEvents(cache, bus);
    const page = new Uint8Array([1]);
    const comment = {id: '1', thread: '/a', parent: null, author: 'A', website: null, body: 'b', createdAt: at, status: 'published' as const};
    cache.set('/a', 'p', page, cache.stamp());
    cache.set('/b', 'p', page, cache.stamp());
    bus.emit('comment.moderated', {comment, from: 'pending', to: 'published', by: 'owner'});
    assert.equal(cache.get('/a', 'p'), undefined);
    assert.equal(cache.get('/b', 'p'), page);
    bus.emit('thread.changed', {thread: '/b'});
    assert.equal(cache.get('/b', 'p'), undefined);
  });
});
