// Restoring a Natter export (native rows, no `source`) into a server with mail or webhooks on: the catch-up sweep
// must not announce the restored comments as new, while a comment posted after the restore still is.
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, test} from 'node:test';
import {exportChunks} from '../../src/server/io/export.js';
import type {Queuer} from '../../src/server/notify/queue.js';
import {sweep} from '../../src/server/notify/sweep.js';
import {importFile} from './import-helpers.js';
import {engines, makeServer, makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

for (const engine of engines) {
  test(`a natter restore is not news to the notify sweep (${engine})`, async () => {
    const source = await makeServer(temp.dir, {}, engine);
    const target = await makeServer(temp.dir, {}, engine);
    for (let i = 0; i < 3; i++) {
      await source.store.insertComment({thread: '/t/', parent: null, author: 'A', email: null, website: null, body: `old ${i}`},
        {idempotencyKey: `k${i}`, requestHash: `k${i}`, status: 'published', createdAt: '2025-01-01T00:00:00.000Z', ip: null});
    }
    // The export carries a thread only once it has a row.
    await source.store.threads.setClosed('/t/', false, '2025-01-01T00:00:00.000Z');
    let text = '';
    for await (const chunk of exportChunks(source.store, {})) text += chunk;
    const path = join(temp.dir, `export-${engine}.json`);
    writeFileSync(path, text);

    const created: string[] = [];
    const queue = {created: async (id: string) => void created.push(id)} as unknown as Queuer;
    // The sweep's clock is a day on, so every comment counts as settled.
    const now = () => new Date(Date.now() + 24 * 60 * 60 * 1000);
    await sweep({store: target.store, queue, now}); // mail on for the first time: the cursor is set (no comments yet)
    const report = await importFile(target, 'natter', path);
    assert.equal(report.added.published, 3);
    await sweep({store: target.store, queue, now});
    assert.deepEqual(created, [], 'restored comments are history');

    const fresh = await target.store.insertComment({thread: '/t/', parent: null, author: 'B', email: null, website: null, body: 'new'},
      {idempotencyKey: 'new', requestHash: 'new', status: 'published', createdAt: new Date().toISOString(), ip: null});
    await sweep({store: target.store, queue, now});
    assert.equal(fresh.kind, 'created');
    assert.deepEqual(created, [fresh.kind === 'created' ? fresh.comment.id : ''], 'a comment after the restore is still caught up');
  });
}
