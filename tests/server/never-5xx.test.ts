import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import fc from 'fast-check';
import {engines, makeServer as makeServerOn, makeTempDir} from './setup.js';
import type {ServerConfig} from '../../src/server/config.js';

const temp = makeTempDir();
after(() => temp.remove());

// Strings with lone surrogates, control characters and astral characters, the edges validation must catch.
const nastyString = fc.oneof(
  fc.string(),
  fc.string({unit: 'binary'}),
  fc.array(fc.integer({min: 0, max: 0xffff}).map((n) => String.fromCharCode(n)), {maxLength: 20}).map((a) => a.join('')),
  fc.constantFrom('', ' ', '1', '0', '-1', '999999999999999999999', '__proto__', 'constructor', '😀', '\u0000', 'javascript:alert(1)', 'https://a.example'),
);
const anyValue = fc.oneof(fc.jsonValue(), nastyString);
const commentLike = fc.record(
  {thread: anyValue, parent: anyValue, author: anyValue, email: anyValue, website: anyValue, body: anyValue, extra: anyValue},
  {requiredKeys: []},
);

for (const engine of engines) {
  const makeServer = (dir: string, overrides: Partial<ServerConfig> = {}) => makeServerOn(dir, overrides, engine);

  describe(`the API under random input [${engine}]`, () => {
    it('never answers 5xx to a POSTed body', async () => {
      const server = await makeServer(temp.dir, {rateLimit: 0});
      await fc.assert(
        fc.asyncProperty(fc.oneof(commentLike, fc.jsonValue(), nastyString.map((s) => ({raw: s}))), nastyString, async (body, key) => {
          const text = typeof body === 'object' && body !== null && 'raw' in body && Object.keys(body).length === 1 ? String(body.raw) : JSON.stringify(body);
          let res: Response;
          try {
            res = await server.app.request('/api/comments', {
              method: 'POST',
              headers: {'Content-Type': 'application/json', 'Idempotency-Key': /^[\x20-\x7e]*$/.test(key) ? key : 'k'},
              body: text ?? 'null',
            });
          } catch {
            return; // The Request constructor itself refused the header; nothing reached the app.
          }
          assert.ok(res.status < 500, `${res.status} for ${text}`);
          assert.match(res.headers.get('Content-Type') ?? '', /application\/json/);
        }),
        {numRuns: 200},
      );
    });

    it('never answers 5xx to random query strings', async () => {
      const server = await makeServer(temp.dir);
      await fc.assert(
        fc.asyncProperty(nastyString, nastyString, nastyString, nastyString, async (thread, order, limit, cursor) => {
          const q = new URLSearchParams({thread, order, limit, cursor}).toString();
          for (const path of [`/api/comments?${q}`, `/api/counts?${q}`]) {
            const res = await server.app.request(path);
            assert.ok(res.status < 500, `${res.status} for ${path}`);
          }
        }),
        {numRuns: 200},
      );
    });
  });
}
