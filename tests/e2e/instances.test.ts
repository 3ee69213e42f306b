// Two real server processes on two ports sharing one Postgres database, as a blog behind a load balancer runs them.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {engines, makeDatabase} from '../lib/databases.js';
import type {TestDatabase} from '../lib/databases.js';
import {startTestServer} from './server-process.js';
import type {TestServer} from './server-process.js';

const post = (server: TestServer, body: Record<string, unknown>, key: string, ip: string) =>
  fetch(`${server.url}/api/comments`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'Idempotency-Key': key, 'X-Forwarded-For': ip},
    body: JSON.stringify({author: 'Ada', body: 'Hello', ...body}),
  });
const list = async (server: TestServer, thread: string) =>
  ((await (await fetch(`${server.url}/api/comments?thread=${encodeURIComponent(thread)}`)).json()) as {comments: {id: string; body: string}[]; total: number});

describe('two server processes on one Postgres', {skip: engines.includes('postgres') ? false : 'Postgres is not installed (see the warning above)'}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'natter-instances-'));
  let database: TestDatabase;
  let one: TestServer;
  let two: TestServer;

  before(async () => {
    database = await makeDatabase('postgres', dir);
    // Both trust one proxy hop, so each test can speak for its own client address.
    const env = {NATTER_DATABASE_URL: database.settings.databaseUrl!, NATTER_RATE_LIMIT: '3', NATTER_TRUST_PROXY: '1'};
    // The first one migrates; the second finds the schema current.
    one = await startTestServer({db: join(dir, 'unused.db'), env});
    two = await startTestServer({db: join(dir, 'unused.db'), env});
  });

  after(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
    rmSync(dir, {recursive: true, force: true});
  });

  it('lists a comment posted through one on the other at once, even when the other had the page cached', async () => {
    const thread = '/instances/listing';
    assert.equal((await post(one, {thread, body: 'first'}, 'list-1', '203.0.113.1')).status, 201);
    // Fill the second one's page cache, then post through the first.
    assert.deepEqual((await list(two, thread)).comments.map((c) => c.body), ['first']);
    assert.deepEqual((await list(two, thread)).comments.map((c) => c.body), ['first']);
    assert.equal((await post(one, {thread, body: 'second'}, 'list-2', '203.0.113.1')).status, 201);
    // NOTIFY arrives within milliseconds; allow it a moment, but no more than a reader would notice.
    let bodies: string[] = [];
    const started = Date.now();
    while (Date.now() - started < 1000) {
      bodies = (await list(two, thread)).comments.map((c) => c.body);
      if (bodies.length === 2) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual(bodies, ['first', 'second'], 'the second instance still served its stale page after 1 s');
  });

  it('counts the rate limit across both: three posts a minute in total, not three each', async () => {
    const thread = '/instances/rate';
    const ip = '198.51.100.77';
    const statuses = [];
    for (const [i, server] of [one, two, one, two].entries()) statuses.push((await post(server, {thread, body: `n${i}`}, `rate-${i}`, ip)).status);
    assert.deepEqual(statuses, [201, 201, 201, 429]);
  });

  it('answers an idempotency replay on the other instance with the same comment, writing nothing', async () => {
    const thread = '/instances/replay';
    const first = await post(one, {thread}, 'replay-key', '192.0.2.10');
    assert.equal(first.status, 201);
    const created = ((await first.json()) as {comment: {id: string}}).comment;
    const again = await post(two, {thread}, 'replay-key', '192.0.2.10');
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
    assert.deepEqual(((await again.json()) as {comment: unknown}).comment, created);
    assert.deepEqual(await database.query(`SELECT COUNT(*) AS n FROM comments WHERE thread = ?`, [thread]), [{n: 1}]);
  });

  it('writes one comment when the same key reaches both instances at the same moment', async () => {
    const thread = '/instances/race';
    const answers = await Promise.all([post(one, {thread}, 'race-key', '192.0.2.11'), post(two, {thread}, 'race-key', '192.0.2.12')]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 201]);
    const ids = await Promise.all(answers.map(async (a) => ((await a.json()) as {comment: {id: string}}).comment.id));
    assert.equal(ids[0], ids[1]);
    assert.deepEqual(await database.query(`SELECT COUNT(*) AS n FROM comments WHERE thread = ?`, [thread]), [{n: 1}]);
  });
});
