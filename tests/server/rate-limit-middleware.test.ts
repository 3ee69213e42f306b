import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {Hono} from 'hono';
import {answerError} from '../../src/server/http/errors.js';
import {rateLimit} from '../../src/server/http/rate-limit.js';
import {createRateLimiter} from '../../src/server/services/rate-limiter.js';
import {openStore} from '../../src/server/store/open-store.js';
import {engines, makeDatabase} from '../lib/databases.js';
import {makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

for (const engine of engines) {
  describe(`the rateLimit() middleware [${engine}]`, () => {
    it('lets the limit through per key, then answers 429 JSON with Retry-After without running the handler', async () => {
      const store = await openStore((await makeDatabase(engine, temp.dir)).settings);
      let time = Date.parse('2026-01-01T00:00:00.000Z');
      let handled = 0;
      const limiter = createRateLimiter({store, limit: 2, now: () => time});
      const app = new Hono().onError(answerError).use(rateLimit({limiter, key: (c) => c.req.header('x-client') ?? 'none'})).post('/vote', (c) => {
        handled++;
        return c.json({ok: true});
      });
      const vote = (client: string) => app.request('/vote', {method: 'POST', headers: {'X-Client': client}});
      assert.deepEqual([(await vote('a')).status, (await vote('a')).status], [200, 200]);
      time += 15_000;
      const refused = await vote('a');
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('Retry-After'), '45');
      assert.equal(((await refused.json()) as {error: {code: string}}).error.code, 'rate_limited');
      assert.equal((await vote('b')).status, 200);
      assert.equal(handled, 3);
      await store.close();
    });
  });
}
