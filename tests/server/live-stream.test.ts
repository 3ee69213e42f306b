import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import type {Comment, LiveEvent} from '../../src/adapters/adapter.js';
import {loadConfig} from '../../src/server/config.js';
import type {ServerConfig} from '../../src/server/config.js';
import {aComment, engines, makeServer, makeTempDir} from './setup.js';
import type {TestServer} from './setup.js';
import {listen, openStream} from './live-sse.js';
import type {SseMessage, SseStream} from './live-sse.js';

const temp = makeTempDir();
after(() => temp.remove());

const base = loadConfig([], {});
/** Server settings with live settings replaced as given. */
export function liveConfig(live: Partial<ServerConfig['readers']['live']>, rest: Partial<ServerConfig> = {}): Partial<ServerConfig> {
  return {...rest, readers: {...base.readers, live: {...base.readers.live, ...live}}};
}

/** Opens a stream, trying again for up to 2 s while the server still counts closed ones against the cap. */
async function whenFree(open: () => Promise<SseStream>): Promise<SseStream> {
  let s = await open();
  for (let i = 0; s.status === 429 && i < 100; i++) {
    await new Promise((r) => setTimeout(r, 20));
    s = await open();
  }
  return s;
}

const data = (m: SseMessage) => JSON.parse(m.data!) as LiveEvent;
const created = (messages: SseMessage[]) => messages.filter((m) => m.event === 'created').map((m) => (data(m) as {comment: Comment}).comment.body);

for (const engine of engines) {
  describe(`GET /api/events [${engine}]`, () => {
    let server: TestServer;
    let http: Awaited<ReturnType<typeof listen>>;
    const thread = '/posts/live';
    const stream = (query = '', headers: Record<string, string> = {}) => openStream(`${http.url}/api/events?thread=${encodeURIComponent(thread)}${query}`, headers);
    const post = async (body: string, fields: Record<string, unknown> = {}) => {
      server.tick();
      const res = await server.post(aComment({thread, body, email: 'ada@example.com', ...fields}));
      assert.ok(res.status === 201, `post answered ${res.status}`);
      return ((await res.json()) as {comment: Comment}).comment;
    };
    const listEvents = async () => {
      const res = await server.get(`/api/comments?thread=${encodeURIComponent(thread)}`);
      return ((await res.json()) as {events?: string}).events;
    };

    before(async () => {
      server = await makeServer(temp.dir, liveConfig({heartbeatMs: 150, perIp: 3}, {policy: {...base.policy, minSeconds: 0, blockedWords: ['casino']}}), engine);
      http = await listen(server.app.fetch);
    });
    after(() => http.close());

    it('answers an event stream: retry first, never compressed, not cached, open to other origins', async () => {
      const s = await stream('', {'Accept-Encoding': 'gzip, br', Origin: 'https://blog.example'});
      assert.equal(s.status, 200);
      assert.match(s.headers.get('content-type')!, /^text\/event-stream/);
      assert.equal(s.headers.get('content-encoding'), null);
      assert.equal(s.headers.get('cache-control'), 'no-store');
      assert.equal(s.headers.get('access-control-allow-origin'), '*');
      await s.until((m) => m.length > 0);
      assert.deepEqual(s.messages[0], {retry: '2000'});
      s.close();
    });

    it('lets a page on another origin resume a stream: the preflight allows Last-Event-ID', async () => {
      const res = await fetch(`${http.url}/api/events?thread=a`, {
        method: 'OPTIONS',
        headers: {Origin: 'https://blog.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'last-event-id'},
      });
      assert.equal(res.status, 204);
      assert.match(res.headers.get('access-control-allow-headers')!, /(^|,)Last-Event-ID(,|$)/i);
    });

    it('sends what is posted after it opened, with the public fields only, and a heartbeat when idle', async () => {
      const s = await stream();
      await s.until((m) => m.length > 0);
      const comment = await post('live one');
      await s.until((m) => created(m).includes('live one'));
      const event = s.events().find((m) => m.event === 'created')!;
      assert.match(event.id!, /^\d+$/);
      assert.deepEqual(data(event), {type: 'created', comment: {...comment}});
      assert.ok(!event.data!.includes('ada@example.com'), 'no email in the stream');
      await s.until((m) => m.some((x) => x.comment === 'ping'), 2000);
      s.close();
    });

    it('replays after Last-Event-ID (which wins over after=), then follows, nothing missed or doubled', async () => {
      const first = await stream();
      await first.until((m) => m.length > 0);
      for (const body of ['r1', 'r2', 'r3']) await post(body);
      await first.until((m) => created(m).length === 3);
      const ids = first.events().map((m) => m.id!);
      first.close();
      // Missed while away.
      await post('r4');
      await post('r5');
      const again = await stream(`&after=0`, {'Last-Event-ID': ids[1]!});
      await again.until((m) => created(m).length >= 3);
      await post('r6');
      await again.until((m) => created(m).includes('r6'));
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(created(again.messages), ['r3', 'r4', 'r5', 'r6']);
      const seqs = again.events().map((m) => Number(m.id));
      assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
      again.close();
    });

    it('resumes from a list page\'s events point: what came after the page arrives, nothing before the point', async () => {
      await post('before the page');
      const point = await listEvents();
      assert.match(point!, /^\d+$/);
      await post('after the page');
      const s = await stream(`&after=${point}`);
      await s.until((m) => created(m).includes('after the page'));
      // The point may be a little behind the page (the log is written just after the post answers): the page's own
      // newest comment can come again, which changes nothing when applied. Nothing at or before the point comes.
      assert.ok(s.events().every((m) => Number(m.id) > Number(point)), 'only events after the point');
      s.close();
    });

    it('never sends pending comments, nor comments of other threads', async () => {
      const s = await stream();
      await s.until((m) => m.length > 0);
      await post('visit my casino');
      await post('elsewhere', {thread: '/posts/other'});
      await post('marker');
      await s.until((m) => created(m).includes('marker'));
      assert.deepEqual(created(s.messages), ['marker']);
      assert.equal(s.events().length, 1);
      s.close();
    });

    it('resets a point ahead of the log, and one older than the log keeps', async () => {
      const ahead = await stream('&after=999999999');
      await ahead.until((m) => m.some((x) => x.event === 'reset'));
      assert.deepEqual(ahead.events(), [{event: 'reset', data: '{}'}]);
      await ahead.ended;

      // A quiet thread: its one event is older than the log keeps, and so is a reader's point from back then.
      const quiet = `${thread}/quiet`;
      await post('long ago', {thread: quiet});
      await post('in between');
      await post('more', {thread: quiet});
      // A reader's point from then (a cached page of the quiet thread carries one like it for as long as it stays quiet).
      let rows = await server.store.live.since(0, {thread: quiet, limit: 10});
      while (rows.length < 2) rows = await server.store.live.since(0, {thread: quiet, limit: 10});
      const quietPoint = rows.at(-1)!.seq;
      // Busy elsewhere since: those events get pruned too, past the quiet thread's point.
      await post('busy 1');
      await post('busy 2');
      await new Promise((r) => setTimeout(r, 100));
      // Everything older than the log keeps goes, but each thread's newest event.
      assert.ok((await server.store.live.prune('2100-01-01T00:00:00.000Z')) > 0, 'something was pruned');
      assert.ok((await server.store.live.bounds()).pruned > quietPoint, 'pruned past the quiet point');
      const old = await stream('&after=0');
      await old.until((m) => m.some((x) => x.event === 'reset'));
      await old.ended;
      // The quiet thread's point is as old, but nothing of its thread came after its newest event: no reset, and
      // whatever comes next arrives.
      const calm = await openStream(`${http.url}/api/events?thread=${encodeURIComponent(quiet)}&after=${quietPoint}`);
      await calm.until((m) => m.length > 0);
      await post('now', {thread: quiet});
      await calm.until((m) => created(m).includes('now'));
      assert.ok(!calm.events().some((m) => m.event === 'reset'), 'no reset for a quiet thread');
      calm.close();
      // From before its pruned event, that thread is reset too.
      const stale = await openStream(`${http.url}/api/events?thread=${encodeURIComponent(quiet)}&after=0`);
      await stale.until((m) => m.some((x) => x.event === 'reset'));
      await stale.ended;
      const latest = await listEvents();
      const fine = await stream(`&after=${latest}`);
      await post('after prune');
      await fine.until((m) => created(m).includes('after prune'));
      assert.ok(!fine.events().some((m) => m.event === 'reset'));
      fine.close();
    });

    it('refuses a bad thread or id with a 400 in JSON', async () => {
      const noThread = await openStream(`${http.url}/api/events`);
      assert.equal(noThread.status, 400);
      assert.equal((await noThread.json()).error.code, 'invalid_thread');
      const badId = await stream('', {'Last-Event-ID': 'abc'});
      assert.equal(badId.status, 400);
      assert.equal((await badId.json()).error.code, 'invalid_after');
    });

    it('caps streams per address with a 429 and Retry-After, and frees a place when a stream closes', async () => {
      // The earlier tests' streams are released once the server sees their sockets close, a moment after.
      const open = [await whenFree(stream), await whenFree(stream), await whenFree(stream)];
      await Promise.all(open.map((s) => s.until((m) => m.length > 0)));
      const refused = await stream();
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('retry-after'), '30');
      assert.equal((await refused.json()).error.code, 'too_many_streams');
      open[0]!.close();
      const next = await whenFree(stream);
      assert.equal(next.status, 200);
      next.close();
      open.slice(1).forEach((s) => s.close());
    });
  });
}

describe('GET /api/events: caps and settings', () => {
  it('answers 503 live_full once the process holds NATTER_LIVE_MAX streams', async () => {
    const server = await makeServer(temp.dir, liveConfig({max: 2}));
    const http = await listen(server.app.fetch);
    try {
      const url = `${http.url}/api/events?thread=a`;
      const open = [await openStream(url), await openStream(`${http.url}/api/events?thread=b`)];
      const refused = await openStream(url);
      assert.equal(refused.status, 503);
      assert.equal((await refused.json()).error.code, 'live_full');
      assert.ok(refused.headers.get('retry-after'));
      open.forEach((s) => s.close());
    } finally {
      await http.close();
    }
  });

  it('with NATTER_LIVE_MAX=0 answers 404 live_off, and list pages carry no events', async () => {
    const server = await makeServer(temp.dir, {readers: loadConfig([], {NATTER_LIVE_MAX: '0'}).readers});
    const http = await listen(server.app.fetch);
    try {
      const refused = await openStream(`${http.url}/api/events?thread=a`);
      assert.equal(refused.status, 404);
      const body = await refused.json();
      assert.equal(body.error.code, 'live_off');
      assert.match(body.error.message, /NATTER_LIVE_MAX=0/);
      await server.post(aComment({thread: 'a'}));
      const page = await (await server.get('/api/comments?thread=a')).json();
      assert.equal('events' in page, false);
      assert.equal(page.comments.length, 1);
    } finally {
      await http.close();
    }
  });
});
