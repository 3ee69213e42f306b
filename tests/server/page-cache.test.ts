import {after, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {createPageCache} from '../../src/server/cache/page-cache.js';
import {aComment, engines, makeServer, makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

const bodies = async (res: Response) => ((await res.json()) as {comments: {body: string}[]}).comments.map((c) => c.body);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const engine of engines) {
  describe(`GET /api/comments with its page cache [${engine}]`, () => {
    it('shows a new comment on the next read of a page that was served before', async () => {
      const server = await makeServer(temp.dir, {}, engine);
      await server.post(aComment({body: 'one'}));
      assert.deepEqual(await bodies(await server.get('/api/comments?thread=/posts/hello')), ['one']);
      await server.post(aComment({body: 'two'}));
      assert.deepEqual(await bodies(await server.get('/api/comments?thread=/posts/hello')), ['one', 'two']);
    });

    it('keeps other threads\' pages apart', async () => {
      const server = await makeServer(temp.dir, {}, engine);
      await server.post(aComment({thread: '/a', body: 'in a'}));
      await server.post(aComment({thread: '/b', body: 'in b'}));
      assert.deepEqual(await bodies(await server.get('/api/comments?thread=/a')), ['in a']);
      assert.deepEqual(await bodies(await server.get('/api/comments?thread=/b')), ['in b']);
    });

    it('does not keep a page read while a comment was being written', async () => {
      const server = await makeServer(temp.dir, {}, engine);
      await server.post(aComment({body: 'one'}));
      // Start a read and a write together: whichever finishes first, the next read must show both comments.
      const [, posted] = await Promise.all([server.get('/api/comments?thread=/posts/hello'), server.post(aComment({body: 'two'}))]);
      assert.equal(posted.status, 201);
      assert.deepEqual(await bodies(await server.get('/api/comments?thread=/posts/hello')), ['one', 'two']);
    });
  });

  if (engine === 'sqlite') {
    describe('the SQLite page cache and other connections', () => {
      it('drops its pages within a second after another connection to the file changes it, such as a moderation tool', async () => {
        const server = await makeServer(temp.dir, {}, engine);
        await server.post(aComment({body: 'soon hidden'}));
        assert.deepEqual(await bodies(await server.get('/api/comments?thread=/posts/hello')), ['soon hidden']);
        await server.database.query(`UPDATE comments SET status = 'pending'`);
        let listed = ['soon hidden'];
        for (let waited = 0; waited < 1000 && listed.length > 0; waited += 50) {
          await sleep(50);
          listed = await bodies(await server.get('/api/comments?thread=/posts/hello'));
        }
        assert.deepEqual(listed, []);
      });
    });
  }
}

describe('createPageCache', () => {
  it('evicts the least recently used thread when over its byte budget', () => {
    // Room for two five-byte pages with their 1 KiB bookkeeping each, not three.
    const cache = createPageCache({maxBytes: 2 * (5 + 1024) + 1});
    const five = () => new TextEncoder().encode('12345');
    const [a, b, c] = [five(), five(), five()];
    cache.set('/a', 'p', a, cache.stamp());
    cache.set('/b', 'p', b, cache.stamp());
    assert.equal(cache.get('/a', 'p'), a);
    cache.set('/c', 'p', c, cache.stamp());
    assert.equal(cache.get('/b', 'p'), undefined);
    assert.equal(cache.get('/a', 'p'), a);
    assert.equal(cache.get('/c', 'p'), c);
  });

  it('refuses a page read before a drop, which may predate the write that caused it', () => {
    const cache = createPageCache();
    const stamp = cache.stamp();
    cache.forget('/a');
    cache.set('/a', 'p', new TextEncoder().encode('old'), stamp);
    assert.equal(cache.get('/a', 'p'), undefined);
  });
});
