import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {adminJson, makeAdminServer, signIn} from './admin-setup.js';
import {engines, makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

for (const engine of engines) {
  describe(`the admin queue [${engine}]`, () => {
    it('says why the policy held each comment, and nothing for one it did not hold', async () => {
      const server = await makeAdminServer(temp.dir, engine);
      const links = Array.from({length: 5}, (_, i) => `[l${i}](https://example.com/${i})`).join(' ');
      assert.equal((await server.post({thread: '/why', author: 'Bo', body: `Look: ${links}`})).status, 201);
      assert.equal((await server.post({thread: '/why', author: 'Cy', body: 'Just words.'})).status, 201);
      const session = await signIn(server);
      const queue = await adminJson<{comments: {author: string; reasons: string[]}[]}>(server, 'GET', '/comments?status=queue', session);
      assert.deepEqual(queue.comments.map((c) => c.author), ['Bo']);
      assert.match(queue.comments[0]!.reasons.join(' '), /5 links/);
      const all = await adminJson<{comments: {author: string; reasons: string[]}[]}>(server, 'GET', '/comments?status=published', session);
      assert.deepEqual(all.comments.map((c) => [c.author, c.reasons]), [['Cy', []]]);
    });
  });
}
