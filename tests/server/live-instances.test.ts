import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import type {Comment, LiveEvent} from '../../src/adapters/adapter.js';
import {createApp} from '../../src/server/app.js';
import type {LiveParts} from '../../src/server/app.js';
import type {ServerConfig} from '../../src/server/config.js';
import {loadSecrets} from '../../src/server/services/secrets.js';
import {openStore} from '../../src/server/store/open-store.js';
import {aComment, engines, loopbackPeer, makeServer, makeTempDir} from './setup.js';
import {listen, openStream} from './live-sse.js';
import type {SseMessage} from './live-sse.js';

const temp = makeTempDir();
after(() => temp.remove());

const bodies = (messages: SseMessage[]) =>
  messages.filter((m) => m.event === 'created').map((m) => ((JSON.parse(m.data!) as LiveEvent & {comment: Comment}).comment.body));

/** Another app on the database `config` names, as a second instance (or a restarted one) would be. */
async function instance(config: ServerConfig) {
  const store = await openStore(config);
  const secrets = await loadSecrets(store, config.secret, new Date().toISOString());
  let live!: LiveParts;
  const app = createApp({store, config, secrets, onStart: (parts) => (live = parts.live)});
  const http = await listen(app.fetch);
  let serial = 0;
  return {
    http,
    post: (body: Record<string, unknown>) =>
      app.request('/api/comments', {method: 'POST', headers: {'Content-Type': 'application/json', 'Idempotency-Key': `other-${Date.now()}-${++serial}`}, body: JSON.stringify(body)}, loopbackPeer),
    async stop() {
      live.streams.close();
      live.log.close();
      await http.close();
      await store.close();
    },
  };
}

describe('live events across instances', {skip: engines.includes('postgres') ? false : 'needs Postgres'}, () => {
  it('an event posted on one instance arrives on a stream of the other, within a second', async () => {
    const a = await makeServer(temp.dir, {}, 'postgres');
    const httpA = await listen(a.app.fetch);
    const b = await instance(a.config);
    try {
      const thread = '/posts/two';
      const url = (base: string) => `${base}/api/events?thread=${encodeURIComponent(thread)}`;
      const onB = await openStream(url(b.http.url));
      const onA = await openStream(url(httpA.url));
      await Promise.all([onA.until((m) => m.length > 0), onB.until((m) => m.length > 0)]);
      const started = Date.now();
      assert.equal((await a.post(aComment({thread, body: 'from a'}))).status, 201);
      await onB.until((m) => bodies(m).includes('from a'), 1000);
      const took = Date.now() - started;
      assert.equal((await b.post(aComment({thread, body: 'from b'}))).status, 201);
      await onA.until((m) => bodies(m).includes('from b'), 1000);
      // Both see both, in one order with one set of ids.
      await onB.until((m) => bodies(m).includes('from b'));
      await onA.until((m) => bodies(m).includes('from a'));
      assert.deepEqual(onA.events().map((m) => [m.id, m.event]), onB.events().map((m) => [m.id, m.event]));
      assert.deepEqual(bodies(onA.messages), ['from a', 'from b']);
      assert.ok(took < 1000, `took ${took} ms`);
      onA.close();
      onB.close();
    } finally {
      await b.stop();
      await httpA.close();
    }
  });

  it('concurrent posts on two instances: seq order is commit order, so a follower misses none', async () => {
    const a = await makeServer(temp.dir, {}, 'postgres');
    const httpA = await listen(a.app.fetch);
    const b = await instance(a.config);
    try {
      const thread = '/posts/race';
      const follower = await openStream(`${httpA.url}/api/events?thread=${encodeURIComponent(thread)}`);
      await follower.until((m) => m.length > 0);
      const n = 20;
      const posts = Array.from({length: n}, (_, i) => (i % 2 ? b.post(aComment({thread, body: `b${i}`})) : a.post(aComment({thread, body: `a${i}`}))));
      for (const res of await Promise.all(posts)) assert.equal(res.status, 201);
      await follower.until((m) => bodies(m).length === n, 5000);
      // Every one once; a stream resuming from the start gets the same list in the same order.
      assert.equal(new Set(bodies(follower.messages)).size, n);
      const replay = await openStream(`${httpA.url}/api/events?thread=${encodeURIComponent(thread)}&after=0`);
      await replay.until((m) => bodies(m).length === n);
      assert.deepEqual(replay.events().map((m) => m.id), follower.events().map((m) => m.id));
      follower.close();
      replay.close();
    } finally {
      await b.stop();
      await httpA.close();
    }
  });
});

describe('live events across a restart', () => {
  for (const engine of engines) {
    it(`a restarted server on the same database resumes from Last-Event-ID, nothing missed or doubled [${engine}]`, async () => {
      const first = await makeServer(temp.dir, {}, engine);
      const config = first.config;
      const thread = '/posts/restart';
      let server = await instance(config);
      const url = () => `${server.http.url}/api/events?thread=${encodeURIComponent(thread)}`;
      const s1 = await openStream(url());
      await s1.until((m) => m.length > 0);
      for (const body of ['one', 'two']) assert.equal((await server.post(aComment({thread, body}))).status, 201);
      await s1.until((m) => bodies(m).length === 2);
      const lastId = s1.events().at(-1)!.id!;
      // Shut down: the stream is ended by the server, not cut.
      const stopping = server.stop();
      await s1.ended;
      await stopping;
      // Written while no server ran a stream, by another process on the same database (the admin CLI, say).
      await first.post(aComment({thread, body: 'three'}));
      server = await instance(config);
      const s2 = await openStream(url(), {'Last-Event-ID': lastId});
      assert.equal(s2.status, 200);
      await s2.until((m) => bodies(m).includes('three'));
      await server.post(aComment({thread, body: 'four'}));
      await s2.until((m) => bodies(m).includes('four'));
      assert.deepEqual([...bodies(s1.messages), ...bodies(s2.messages)], ['one', 'two', 'three', 'four']);
      s2.close();
      await server.stop();
    });
  }
});
