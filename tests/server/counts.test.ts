import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {aComment, engines, makeServer as makeServerOn, makeTempDir} from './setup.js';
import type {ServerConfig} from '../../src/server/config.js';
import type {TestServer} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

for (const engine of engines) {
  const makeServer = (dir: string, overrides: Partial<ServerConfig> = {}) => makeServerOn(dir, overrides, engine);

  describe(`GET /api/counts [${engine}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await makeServer(temp.dir);
      await server.post(aComment({thread: 'a'}));
      await server.post(aComment({thread: 'a', parent: '1'}));
      await server.post(aComment({thread: '__proto__'}));
      await server.store.insertComment(
        {thread: 'a', parent: null, author: 'X', email: null, website: null, body: 'held'},
        {idempotencyKey: 'p', requestHash: 'h', status: 'pending', createdAt: '2026-01-01T00:00:00.000Z', ip: null},
      );
    });

    describe('when asked for several threads', () => {
      it('answers the published count of each, 0 for a thread without comments', async () => {
        const res = await server.get('/api/counts?thread=a&thread=b');
        assert.equal(res.status, 200);
        assert.deepEqual(await res.json(), {counts: {a: 2, b: 0}});
      });

      it('handles a thread id that is also an Object.prototype name', async () => {
        const res = await server.get('/api/counts?thread=__proto__&thread=constructor');
        assert.deepEqual(JSON.parse(await res.text()), JSON.parse('{"counts":{"__proto__":1,"constructor":0}}'));
      });
    });

    describe('when no thread is given', () => {
      it('answers 400 invalid_thread', async () => {
        const res = await server.get('/api/counts');
        assert.equal(res.status, 400);
        assert.equal(((await res.json()) as {error: {code: string}}).error.code, 'invalid_thread');
      });
    });

    describe('when more than 100 threads are asked for', () => {
      it('answers 400 invalid_thread', async () => {
        const query = Array.from({length: 101}, (_, i) => `thread=t${i}`).join('&');
        assert.equal((await server.get(`/api/counts?${query}`)).status, 400);
        const hundred = Array.from({length: 100}, (_, i) => `thread=t${i}`).join('&');
        assert.equal((await server.get(`/api/counts?${hundred}`)).status, 200);
      });
    });

    describe('when a thread id is too long', () => {
      it('answers 400 invalid_thread', async () => {
        assert.equal((await server.get(`/api/counts?thread=${'x'.repeat(501)}`)).status, 400);
      });
    });
  });
}
