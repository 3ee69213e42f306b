import assert from 'node:assert/strict';
import {createServer} from 'node:http';
import type {Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {after, before, describe, it} from 'node:test';
import {createApp} from '../../src/server/app.js';
import {loadConfig} from '../../src/server/config.js';
import type {AkismetConfig} from '../../src/server/config/spam.js';
import type {ServiceEvents} from '../../src/server/services/events.js';
import {createEventBus} from '../../src/server/services/events.js';
import type {PolicySettings} from '../../src/server/services/policy-settings.js';
import {aComment, engines, loopbackPeer, makeServer, makeTempDir} from './setup.js';
import type {TestServer} from './setup.js';

// Akismet, against a local HTTP server that speaks its documented API: form-encoded POSTs to /1.1/comment-check,
// /1.1/submit-spam and /1.1/submit-ham, answering "true"/"false" (with X-akismet-pro-tip: discard), "invalid" for a
// bad key, and "Thanks for making the web a better place." for a submission. It can also be down.

const temp = makeTempDir();
after(() => temp.remove());

type Answer = {status?: number; body: string; headers?: Record<string, string>} | 'hang up';

/** A fake Akismet: records every call, answers with `respond`. */
class FakeAkismet {
  calls: {method: string; params: Record<string, string>; contentType: string}[] = [];
  respond: (method: string, params: Record<string, string>) => Answer = () => ({body: 'false'});
  server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/1\.1\//, '');
      const params = Object.fromEntries(new URLSearchParams(raw));
      this.calls.push({method, params, contentType: req.headers['content-type'] ?? ''});
      const answer = req.method === 'POST' ? this.respond(method, params) : {status: 405, body: 'POST only'};
      if (answer === 'hang up') return void req.socket.destroy();
      res.writeHead(answer.status ?? 200, {'Content-Type': 'text/plain', ...answer.headers});
      res.end(answer.body);
    });
  });
  url = '';
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
  of(method: string) {
    return this.calls.filter((c) => c.method === method);
  }
}

const akismet = new FakeAkismet();
before(() => akismet.start());
after(() => akismet.stop());

const defaults = loadConfig([], {});
const akismetConfig = (changes: Partial<AkismetConfig> = {}): AkismetConfig => ({
  key: 'abc123key', url: akismet.url, blog: 'https://comments.blog.example', retryDelaysMs: [20, 20], ...changes,
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const engine of engines) {
  describe(`Akismet [${engine}]`, () => {
    const serverWith = (policy: Partial<PolicySettings> = {}, changes: Partial<AkismetConfig> = {}) =>
      makeServer(temp.dir, {policy: {...defaults.policy, minSeconds: 0, ...policy}, spam: {...defaults.spam, threadRateLimit: 0, globalRateLimit: 0, akismet: akismetConfig(changes)}}, engine);
    const rowOf = async (server: TestServer, id: string) =>
      (await server.database.query<{status: string; spam_check: string | null; reasons: string | null}>('SELECT status, spam_check, reasons FROM comments WHERE id = ?', [Number(id)]))[0]!;
    const postOne = async (server: TestServer, fields: Record<string, unknown>) => {
      const res = await server.post(aComment(fields), {headers: {'User-Agent': 'Mozilla/5.0 test', Referer: 'https://blog.example/posts/hello'}});
      assert.equal(res.status, 201);
      return ((await res.json()) as {comment: {id: string; status: string}}).comment;
    };
    const moderated = (server: TestServer) => {
      const seen: ServiceEvents['comment.moderated'][] = [];
      server.bus.on('comment.moderated', (e) => seen.push(e));
      return seen;
    };

    it('stores the comment as pending first, then publishes it when Akismet says "false", as the spam check', async () => {
      akismet.calls = [];
      akismet.respond = () => ({body: 'false'});
      const server = await serverWith();
      const seen = moderated(server);
      await server.store.threads.describe('/posts/hello', {title: 'Hello', url: 'https://blog.example/posts/hello'}, '2026-01-01T00:00:00.000Z');
      const comment = await postOne(server, {email: 'ada@example.com', website: 'https://ada.example', body: 'Lovely post'});
      // The answer comes before the check: the comment waits, not yet shown.
      assert.equal(comment.status, 'pending');
      const row = await until(() => rowOf(server, comment.id), (r) => r.spam_check === null, 'the check');
      assert.equal(row.status, 'published');
      assert.equal(row.reasons, 'Akismet: not spam.');
      const list = (await (await server.get('/api/comments?thread=/posts/hello')).json()) as {comments: {id: string}[]};
      assert.deepEqual(list.comments.map((c) => c.id), [comment.id]);
      // The event follows the row's update (it reads the comment back first), so it may come a moment later.
      await until(async () => seen.length, (n) => n >= 1, 'the moderated event');
      assert.equal(seen.length, 1);
      assert.deepEqual([seen[0]!.from, seen[0]!.to, seen[0]!.by, seen[0]!.comment.status], ['pending', 'published', 'spam-check', 'published']);
      const [call] = akismet.of('comment-check');
      assert.match(call!.contentType, /^application\/x-www-form-urlencoded/);
      assert.deepEqual({...call!.params, comment_date_gmt: undefined}, {
        api_key: 'abc123key', blog: 'https://comments.blog.example', user_ip: '127.0.0.1', user_agent: 'Mozilla/5.0 test',
        referrer: 'https://blog.example/posts/hello', permalink: 'https://blog.example/posts/hello', comment_type: 'comment',
        comment_author: 'Ada', comment_author_email: 'ada@example.com', comment_author_url: 'https://ada.example',
        comment_content: 'Lovely post', comment_date_gmt: undefined,
      });
    });

    it('moves it to spam on "true" (and on "true" with discard), never shown, its author still told it awaits moderation', async () => {
      akismet.respond = (_m, p) => (p.comment_content === 'Blatant' ? {body: 'true', headers: {'X-akismet-pro-tip': 'discard'}} : {body: 'true'});
      const server = await serverWith();
      const seen = moderated(server);
      const spam = await postOne(server, {body: 'Cheap watches'});
      const blatant = await postOne(server, {body: 'Blatant'});
      const a = await until(() => rowOf(server, spam.id), (r) => r.spam_check === null, 'the check');
      const b = await until(() => rowOf(server, blatant.id), (r) => r.spam_check === null, 'the check');
      assert.deepEqual([a.status, a.reasons], ['spam', 'Akismet: spam.']);
      assert.deepEqual([b.status, b.reasons], ['spam', 'Akismet: blatant spam (it advises discarding it).']);
      await until(async () => seen.length, (n) => n >= 2, 'the moderated events');
      assert.deepEqual(seen.map((e) => `${e.from}>${e.to} ${e.by}`), ['pending>spam spam-check', 'pending>spam spam-check']);
      const list = (await (await server.get('/api/comments?thread=/posts/hello')).json()) as {comments: unknown[]};
      assert.equal(list.comments.length, 0);
    });

    it('keeps a comment the rules held as pending on "false", and checks it all the same', async () => {
      akismet.respond = () => ({body: 'false'});
      const server = await serverWith({mode: 'all'});
      const seen = moderated(server);
      const comment = await postOne(server, {body: 'Held by the policy'});
      const row = await until(() => rowOf(server, comment.id), (r) => r.spam_check === null, 'the check');
      assert.equal(row.status, 'pending');
      assert.equal(row.reasons, 'Every comment is held for approval (moderation: all).\nAkismet: not spam.');
      assert.equal(seen.length, 0);
    });

    it('leaves the comment held for the owner when Akismet is down through every retry, or refuses the key', async () => {
      akismet.calls = [];
      akismet.respond = () => 'hang up';
      const server = await serverWith();
      const down = await postOne(server, {body: 'Posted while Akismet is down'});
      const row = await until(() => rowOf(server, down.id), (r) => r.spam_check === null, 'giving up');
      assert.equal(row.status, 'pending');
      assert.equal(row.reasons, 'Akismet could not be reached (3 tries); held for you to decide.');
      assert.equal(akismet.of('comment-check').length, 3);
      // A 500 and then a bad key are no verdict either.
      let n = 0;
      akismet.respond = () => (n++ === 0 ? {status: 500, body: 'oops'} : {body: 'invalid', headers: {'X-akismet-debug-help': 'We were unable to verify your API key.'}});
      const invalid = await postOne(server, {body: 'Posted with a bad key'});
      assert.equal((await until(() => rowOf(server, invalid.id), (r) => r.spam_check === null, 'giving up')).status, 'pending');
      assert.equal(await server.rowCount(), 2);
    });

    it('recovers when Akismet comes back before the retries run out', async () => {
      let n = 0;
      akismet.respond = () => (n++ < 2 ? 'hang up' : {body: 'false'});
      const server = await serverWith();
      const comment = await postOne(server, {body: 'Worth the wait'});
      const row = await until(() => rowOf(server, comment.id), (r) => r.spam_check === null, 'the check');
      assert.equal(row.status, 'published');
    });

    it('resumes a check left unfinished by a crash when the server starts again', async () => {
      akismet.respond = () => ({body: 'false'});
      const server = await serverWith();
      // As if the process died between the insert and the check: pending, with the marker set.
      const inserted = await server.store.insertComment(
        {thread: '/posts/hello', parent: null, author: 'Bo', email: null, website: null, body: 'Before the crash'},
        {idempotencyKey: 'crash-1', requestHash: 'h', status: 'pending', createdAt: '2026-01-01T00:00:00.000Z', ip: '198.51.100.7', spamCheck: 'publish'},
      );
      assert.equal(inserted.kind, 'created');
      const id = inserted.kind === 'created' ? inserted.comment.id : '';
      const bus = createEventBus();
      const seen: string[] = [];
      bus.on('comment.moderated', (e) => seen.push(`${e.comment.id} ${e.to}`));
      createApp({store: server.store, config: server.config, secrets: server.secrets, bus});
      const row = await until(() => rowOf(server, id), (r) => r.spam_check === null, 'the resumed check');
      assert.equal(row.status, 'published');
      await until(async () => seen.length, (n) => n >= 1, 'the moderated event');
      assert.deepEqual(seen, [`${id} published`]);
      assert.ok(akismet.of('comment-check').some((c) => c.params.user_ip === '198.51.100.7' && c.params.comment_content === 'Before the crash'));
    });

    it('never publishes what a moderator decided meanwhile', async () => {
      // Akismet is down for the first try; the owner marks the comment spam before the retry (200 ms later).
      let down = true;
      akismet.respond = () => (down ? 'hang up' : {body: 'false'});
      const server = await serverWith({}, {retryDelaysMs: [200, 200]});
      const comment = await postOne(server, {body: 'Decided first'});
      await server.database.query("UPDATE comments SET status = 'spam' WHERE id = ?", [Number(comment.id)]);
      down = false;
      const row = await until(() => rowOf(server, comment.id), (r) => r.spam_check === null, 'the check');
      assert.equal(row.status, 'spam');
      assert.equal(row.reasons, 'Akismet: not spam.');
    });

    it('reports a moderator\'s spam as submit-spam and spam taken back to published as submit-ham, not its own moves', async () => {
      akismet.respond = (method) => (method === 'comment-check' ? {body: 'false'} : {body: 'Thanks for making the web a better place.'});
      const server = await serverWith();
      const comment = await postOne(server, {email: 'bo@example.com', body: 'Actually spam'});
      await until(() => rowOf(server, comment.id), (r) => r.status === 'published', 'the check');
      akismet.calls = [];
      await server.database.query("UPDATE comments SET status = 'spam' WHERE id = ?", [Number(comment.id)]);
      const as = (status: 'published' | 'spam') => ({...comment, status: status === 'spam' ? 'pending' as const : status, thread: '/posts/hello', parent: null, author: 'Ada', website: null, body: 'Actually spam', createdAt: ''});
      server.bus.emit('comment.moderated', {comment: as('spam'), from: 'published', to: 'spam', by: 'owner'});
      const [spam] = await until(async () => akismet.of('submit-spam'), (c) => c.length === 1, 'submit-spam');
      assert.equal(spam!.params.comment_content, 'Actually spam');
      assert.equal(spam!.params.comment_author_email, 'bo@example.com');
      assert.equal(spam!.params.user_ip, '127.0.0.1');
      server.bus.emit('comment.moderated', {comment: as('published'), from: 'spam', to: 'published', by: 'mail-link'});
      await until(async () => akismet.of('submit-ham'), (c) => c.length === 1, 'submit-ham');
      // The checker's own verdicts and moves that aren't about spam teach nothing.
      server.bus.emit('comment.moderated', {comment: as('spam'), from: 'pending', to: 'spam', by: 'spam-check'});
      server.bus.emit('comment.moderated', {comment: as('published'), from: 'pending', to: 'published', by: 'owner'});
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(akismet.calls.map((c) => c.method), ['submit-spam', 'submit-ham']);
    });

    it('sends nothing to Akismet when no key is set', async () => {
      akismet.calls = [];
      const server = await makeServer(temp.dir, {policy: {...defaults.policy, minSeconds: 0}}, engine);
      const res = await server.app.request('/api/comments', {method: 'POST', headers: {'Content-Type': 'application/json', 'Idempotency-Key': 'no-akismet'}, body: JSON.stringify(aComment())}, loopbackPeer);
      assert.equal(((await res.json()) as {comment: {status: string}}).comment.status, 'published');
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(akismet.calls.length, 0);
    });
  });
}
