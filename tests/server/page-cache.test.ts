import {after, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import {createPageCache} from '../../src/server/page-cache.js';
import {aComment, makeServer, makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

const bodies = async (res: Response) => ((await res.json()) as {comments: {body: string}[]}).comments.map((c) => c.body);

describe('GET /api/comments with its page cache', () => {
  it('shows a new comment on the next read of a page that was served before', async () => {
    const server = makeServer(temp.dir);
    await server.post(aComment({body: 'one'}));
    assert.deepEqual(await bodies(await server.get('/api/comments?thread=/posts/hello')), ['one']);
    await server.post(aComment({body: 'two'}));
    assert.deepEqual(await bodies(await server.get('/api/comments?thread=/posts/hello')), ['one', 'two']);
  });

  it('keeps other threads\' pages apart', async () => {
    const server = makeServer(temp.dir);
    await server.post(aComment({thread: '/a', body: 'in a'}));
    await server.post(aComment({thread: '/b', body: 'in b'}));
    assert.deepEqual(await bodies(await server.get('/api/comments?thread=/a')), ['in a']);
    assert.deepEqual(await bodies(await server.get('/api/comments?thread=/b')), ['in b']);
  });

  it('sees a change made by another connection to the same file, such as a moderation tool', async () => {
    const server = makeServer(temp.dir);
    await server.post(aComment({body: 'soon hidden'}));
    assert.deepEqual(await bodies(await server.get('/api/comments?thread=/posts/hello')), ['soon hidden']);
    const other = new Database(server.config.dbPath);
    other.prepare(`UPDATE comments SET status = 'pending'`).run();
    other.close();
    assert.deepEqual(await bodies(await server.get('/api/comments?thread=/posts/hello')), []);
  });
});

describe('createPageCache', () => {
  it('evicts the least recently used thread when over its byte budget', () => {
    // Room for two five-byte pages with their 1 KiB bookkeeping each, not three.
    const cache = createPageCache({maxBytes: 2 * (5 + 1024) + 1, dataVersion: () => 1});
    const five = () => new TextEncoder().encode('12345');
    const [a, b, c] = [five(), five(), five()];
    cache.set('/a', 'p', a);
    cache.set('/b', 'p', b);
    assert.equal(cache.get('/a', 'p'), a);
    cache.set('/c', 'p', c);
    assert.equal(cache.get('/b', 'p'), undefined);
    assert.equal(cache.get('/a', 'p'), a);
    assert.equal(cache.get('/c', 'p'), c);
  });
});
