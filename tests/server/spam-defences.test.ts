import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import type {ServerConfig} from '../../src/server/config.js';
import {loadConfig} from '../../src/server/config.js';
import type {SpamConfig} from '../../src/server/config/spam.js';
import type {PolicySettings} from '../../src/server/services/policy-settings.js';
import {aComment, engines, makeServer, makeTempDir} from './setup.js';
import type {TestServer} from './setup.js';

// The spam defences a caller meets on POST /api/comments, each with its own policy and spam settings (the shared
// test server turns them off): the form token and minimum time, the honeypot, the per-thread and site-wide rate
// limits, the duplicate check, and closed threads.

const temp = makeTempDir();
after(() => temp.remove());

const defaults = loadConfig([], {});
const DAY = 24 * 3600 * 1000;

async function errorOf(res: Response): Promise<{code: string; message: string}> {
  return ((await res.json()) as {error: {code: string; message: string}}).error;
}

for (const engine of engines) {
  const serverWith = (policy: Partial<PolicySettings> = {}, spam: Partial<SpamConfig> = {}, overrides: Partial<ServerConfig> = {}) =>
    makeServer(temp.dir, {policy: {...defaults.policy, ...policy}, spam: {...defaults.spam, ...spam}, rateLimit: 0, ...overrides}, engine);
  const tokenFor = async (server: TestServer, thread = '/posts/hello') => (await server.get(`/api/comments?thread=${encodeURIComponent(thread)}`)).headers.get('natter-form')!;

  describe(`spam defences [${engine}]`, () => {
    describe('the form token, with the default minSeconds (3)', () => {
      it('publishes a post sent at least minSeconds after its list was served', async () => {
        const server = await serverWith();
        const form = await tokenFor(server);
        server.tick(3000);
        const res = await server.post(aComment({form}));
        assert.equal(res.status, 201);
        assert.equal(((await res.json()) as {comment: {status: string}}).comment.status, 'published');
      });

      it('answers 429 too_fast with Retry-After before minSeconds, and takes the same post once the time is up', async () => {
        const server = await serverWith();
        const form = await tokenFor(server);
        server.tick(1200);
        const early = await server.post(aComment({form}), {key: 'early-1'});
        assert.equal(early.status, 429);
        assert.equal(early.headers.get('retry-after'), '2');
        assert.equal((await errorOf(early)).code, 'too_fast');
        assert.equal(await server.rowCount(), 0);
        server.tick(1800);
        assert.equal((await server.post(aComment({form}), {key: 'early-1'})).status, 201);
      });

      it('answers 400 form_missing, form_invalid (forged, or another thread\'s) and form_expired (older than 30 days)', async () => {
        const server = await serverWith();
        const form = await tokenFor(server);
        const other = await tokenFor(server, '/posts/other');
        server.tick(5000);
        const codeOf = async (fields: Record<string, unknown>) => {
          const res = await server.post(aComment(fields));
          return `${res.status} ${(await errorOf(res)).code}`;
        };
        assert.equal(await codeOf({}), '400 form_missing');
        assert.equal(await codeOf({form: ''}), '400 form_missing');
        assert.equal(await codeOf({form: `${form.slice(0, -2)}xx`}), '400 form_invalid');
        assert.equal(await codeOf({form: other}), '400 form_invalid');
        assert.equal(await codeOf({form: 'not a token'}), '400 form_invalid');
        server.tick(30 * DAY);
        assert.equal(await codeOf({form}), '400 form_expired');
        assert.equal(await server.rowCount(), 0);
      });

      it('is not asked for when minSeconds is 0', async () => {
        const server = await serverWith({minSeconds: 0});
        assert.equal((await server.post(aComment())).status, 201);
      });
    });

    describe('the honeypot', () => {
      it('stores a post with "subject" filled as spam, answers 201 pending like a held comment, and never lists it', async () => {
        const server = await serverWith({minSeconds: 0});
        const res = await server.post(aComment({subject: 'Buy now', body: 'Great post'}));
        assert.equal(res.status, 201);
        const {comment} = (await res.json()) as {comment: {id: string; status: string}};
        assert.equal(comment.status, 'pending');
        assert.equal(await server.scalar('SELECT status FROM comments WHERE id = ?', [Number(comment.id)]), 'spam');
        assert.match(String(await server.scalar('SELECT reasons FROM comments')), /hidden "subject" field/);
        const list = (await (await server.get('/api/comments?thread=/posts/hello')).json()) as {comments: unknown[]; total: number};
        assert.deepEqual([list.comments.length, list.total], [0, 0]);
        // An empty subject is what the widget sends: no sign of a bot.
        const human = await server.post(aComment({subject: '', body: 'Another'}));
        assert.equal(((await human.json()) as {comment: {status: string}}).comment.status, 'published');
      });
    });

    describe('the rate limits', () => {
      it('answers 429 rate_limited with Retry-After once a thread has threadRateLimit comments in a minute, other threads still open', async () => {
        const server = await serverWith({minSeconds: 0}, {threadRateLimit: 2, globalRateLimit: 0});
        for (const body of ['one', 'two']) assert.equal((await server.post(aComment({body}))).status, 201);
        server.tick(10_000);
        const third = await server.post(aComment({body: 'three'}));
        assert.equal(third.status, 429);
        assert.equal(third.headers.get('retry-after'), '50');
        assert.equal((await errorOf(third)).code, 'rate_limited');
        assert.match((await errorOf(await server.post(aComment({body: 'three'})))).message, /This thread is getting many comments/);
        assert.equal((await server.post(aComment({thread: '/posts/other', body: 'elsewhere'}))).status, 201);
        server.tick(50_000);
        assert.equal((await server.post(aComment({body: 'three'}))).status, 201);
      });

      it('answers 429 once the site has globalRateLimit comments in a minute', async () => {
        const server = await serverWith({minSeconds: 0}, {threadRateLimit: 0, globalRateLimit: 3});
        for (const thread of ['/a', '/b', '/c']) assert.equal((await server.post(aComment({thread, body: `On ${thread}`}))).status, 201);
        const fourth = await server.post(aComment({thread: '/d', body: 'On /d'}));
        assert.equal(fourth.status, 429);
        assert.equal(fourth.headers.get('retry-after'), '60');
        assert.match((await errorOf(fourth)).message, /This site is getting many comments/);
      });

      it('counts neither refused posts nor spam against the limits readers share', async () => {
        const server = await serverWith({}, {threadRateLimit: 1, globalRateLimit: 1});
        // No token, then too fast: refused before any counting.
        for (let i = 0; i < 5; i++) assert.equal((await server.post(aComment({body: `bot ${i}`}))).status, 400);
        for (let i = 0; i < 5; i++) assert.equal((await server.post(aComment({body: `trap ${i}`, form: await tokenFor(server)}))).status, 429);
        server.tick(3000);
        const form = await tokenFor(server);
        server.tick(3000);
        for (let i = 0; i < 3; i++) assert.equal((await server.post(aComment({body: `honeypot ${i}`, subject: 'x', form}))).status, 201);
        assert.equal((await server.post(aComment({body: 'A reader', form}))).status, 201);
      });
    });

    describe('the duplicate check', () => {
      it('answers 409 duplicate for the same text again from the same email or IP, in any thread, within the window', async () => {
        const server = await serverWith({minSeconds: 0});
        assert.equal((await server.post(aComment({body: 'I really enjoyed this article!', email: 'a@example.com'}))).status, 201);
        server.tick(60_000);
        const again = await server.post(aComment({thread: '/elsewhere', body: '  i REALLY enjoyed   this artícle!!  ', email: 'a@example.com'}));
        assert.equal(again.status, 409);
        assert.deepEqual(await errorOf(again), {code: 'duplicate', message: 'You already posted this.', field: 'body'} as never);
        assert.equal(await server.rowCount(), 1);
        // After the window (a day by default), the same words are welcome again.
        server.tick(DAY);
        assert.equal((await server.post(aComment({thread: '/elsewhere', body: 'I really enjoyed this article!'}))).status, 201);
      });

      it('refuses the same longer text in the same thread from another address, but lets short replies repeat', async () => {
        const server = await serverWith({minSeconds: 0}, {}, {trustProxy: {hops: 1}});
        const from = (ip: string) => ({headers: {'X-Forwarded-For': ip}});
        assert.equal((await server.post(aComment({body: 'Check out my site for great deals'}), from('203.0.113.1'))).status, 201);
        assert.equal((await server.post(aComment({body: 'Check out my site for great deals'}), from('203.0.113.2'))).status, 409);
        assert.equal((await server.post(aComment({thread: '/other', body: 'Check out my site for great deals'}), from('203.0.113.3'))).status, 201);
        assert.equal((await server.post(aComment({body: 'Thanks!'}), from('203.0.113.4'))).status, 201);
        assert.equal((await server.post(aComment({body: 'Thanks!'}), from('203.0.113.5'))).status, 201);
      });

      it('still answers an idempotent replay with the original comment', async () => {
        const server = await serverWith({minSeconds: 0});
        const first = await server.post(aComment({body: 'Only once, please'}), {key: 'same-key'});
        assert.equal(first.status, 201);
        const replay = await server.post(aComment({body: 'Only once, please'}), {key: 'same-key'});
        assert.equal(replay.status, 200);
        assert.equal(replay.headers.get('idempotent-replayed'), 'true');
        assert.deepEqual(await replay.json(), await first.json());
        assert.equal((await server.post(aComment({body: 'Only once, please'}), {key: 'other-key'})).status, 409);
      });

      it('counts held and spam copies too', async () => {
        const server = await serverWith({minSeconds: 0, mode: 'all'});
        assert.equal((await server.post(aComment({body: 'Held text', subject: 'bot'}))).status, 201);
        assert.equal((await server.post(aComment({body: 'Held text'}))).status, 409);
      });
    });

    describe('a closed thread', () => {
      it('refuses posts with 403 thread_closed, says closed: true in the list, and opens again', async () => {
        const server = await serverWith({minSeconds: 0});
        const list = async () => (await (await server.get('/api/comments?thread=/posts/hello')).json()) as {closed?: boolean; comments: unknown[]};
        assert.equal((await server.post(aComment({body: 'Before closing'}))).status, 201);
        assert.equal((await list()).closed, undefined);
        await server.store.threads.setClosed('/posts/hello', true, '2026-01-01T00:00:00.000Z');
        server.bus.emit('thread.changed', {thread: '/posts/hello'});
        const listed = await list();
        assert.equal(listed.closed, true);
        assert.equal(listed.comments.length, 1);
        const refused = await server.post(aComment({body: 'After closing'}));
        assert.equal(refused.status, 403);
        assert.deepEqual(await errorOf(refused), {code: 'thread_closed', message: 'Comments are closed on this thread.'});
        assert.equal((await server.post(aComment({thread: '/posts/open', body: 'Elsewhere'}))).status, 201);
        await server.store.threads.setClosed('/posts/hello', false, '2026-01-01T00:00:00.000Z');
        server.bus.emit('thread.changed', {thread: '/posts/hello'});
        assert.equal((await list()).closed, undefined);
        assert.equal((await server.post(aComment({body: 'Open again'}))).status, 201);
      });
    });
  });
}
