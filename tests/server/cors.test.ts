import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {aComment, makeServer, makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

describe('CORS on /api/*', () => {
  describe('when any origin is allowed (the default)', () => {
    it('answers a preflight for a POST with Idempotency-Key', async () => {
      const server = await makeServer(temp.dir);
      const res = await server.app.request('/api/comments', {
        method: 'OPTIONS',
        headers: {Origin: 'https://blog.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,idempotency-key'},
      });
      assert.equal(res.status, 204);
      assert.equal(res.headers.get('Access-Control-Allow-Origin'), '*');
      assert.match(res.headers.get('Access-Control-Allow-Methods') ?? '', /POST/);
      assert.match(res.headers.get('Access-Control-Allow-Headers') ?? '', /Idempotency-Key/);
      assert.match(res.headers.get('Access-Control-Allow-Headers') ?? '', /Content-Type/);
    });

    it('exposes Idempotent-Replayed and Retry-After to scripts', async () => {
      const server = await makeServer(temp.dir);
      const res = await server.post(aComment(), {headers: {Origin: 'https://blog.example'}});
      assert.equal(res.headers.get('Access-Control-Allow-Origin'), '*');
      assert.match(res.headers.get('Access-Control-Expose-Headers') ?? '', /Idempotent-Replayed/);
      assert.match(res.headers.get('Access-Control-Expose-Headers') ?? '', /Retry-After/);
    });
  });

  describe('when origins are listed', () => {
    it('allows a listed origin and not another', async () => {
      const server = await makeServer(temp.dir, {origins: ['https://blog.example']});
      const allowed = await server.get('/api/counts?thread=a', {Origin: 'https://blog.example'});
      assert.equal(allowed.headers.get('Access-Control-Allow-Origin'), 'https://blog.example');
      const other = await server.get('/api/counts?thread=a', {Origin: 'https://evil.example'});
      assert.notEqual(other.headers.get('Access-Control-Allow-Origin'), 'https://evil.example');
      assert.notEqual(other.headers.get('Access-Control-Allow-Origin'), '*');
    });
  });
});
