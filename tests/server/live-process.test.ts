// The live stream against the real server process (src/server/main.ts): not cut by its request or idle timeouts,
// and ended cleanly by SIGTERM without holding the shutdown.
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {startTestServer} from '../e2e/server-process.js';
import {makeTempDir} from './setup.js';
import {openStream} from './live-sse.js';

const temp = makeTempDir();
after(() => temp.remove());

describe('live streams in the server process', () => {
  it('outlive the request and idle timeouts, and end at SIGTERM with the process exiting at once', async () => {
    const server = await startTestServer({
      db: join(temp.dir, 'process.db'),
      env: {NATTER_HEADERS_TIMEOUT_MS: '300', NATTER_REQUEST_TIMEOUT_MS: '400', NATTER_IDLE_TIMEOUT_MS: '400', NATTER_KEEP_ALIVE_TIMEOUT_MS: '300'},
    });
    try {
      const s = await openStream(`${server.url}/api/events?thread=t`);
      assert.equal(s.status, 200);
      // Three times the idle timeout with nothing sent (the heartbeat is 25 s away): the socket stays open.
      await new Promise((r) => setTimeout(r, 1300));
      const res = await fetch(`${server.url}/api/comments`, {
        method: 'POST', headers: {'Content-Type': 'application/json', 'Idempotency-Key': 'process-1'},
        body: JSON.stringify({thread: 't', author: 'Ada', body: 'still there?'}),
      });
      assert.equal(res.status, 201);
      await s.until((m) => m.some((x) => x.event === 'created'), 2000);

      let ended = false;
      void s.ended.then(() => (ended = true));
      const started = Date.now();
      await server.stop();
      const took = Date.now() - started;
      // The fallback exit is 2 s after SIGTERM: well under it means the stream did not hold the close.
      assert.ok(took < 1500, `exited after ${took} ms`);
      await s.ended;
      assert.ok(ended, 'the stream ended');
    } finally {
      await server.kill().catch(() => {});
    }
  });
});
