import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import type {ServerConfig} from '../../src/server/config.js';
import {loadConfig} from '../../src/server/config.js';
import type {PolicySettings} from '../../src/server/services/policy-settings.js';
import {writePolicy} from '../../src/server/services/policy-settings.js';
import {aComment, engines, makeServer, makeTempDir} from './setup.js';
import type {TestServer} from './setup.js';

// The owner's moderation policy on a post: modes off / all / first, and the rules that hold (links, blocked words)
// or send to spam (bans). Every test sets its own policy; the form-token check is off (minSeconds 0) and tested in
// spam-defences.test.ts.

const temp = makeTempDir();
after(() => temp.remove());

const policy = (changes: Partial<PolicySettings> = {}): PolicySettings => ({...loadConfig([], {}).policy, minSeconds: 0, ...changes});

interface Posted {
  status: number;
  comment: {id: string; status: string};
}

for (const engine of engines) {
  const serverWith = (changes: Partial<PolicySettings>, overrides: Partial<ServerConfig> = {}) => makeServer(temp.dir, {policy: policy(changes), ...overrides}, engine);
  const send = async (server: TestServer, fields: Record<string, unknown>): Promise<Posted> => {
    const res = await server.post(aComment(fields));
    const json = (await res.json()) as {comment: Posted['comment']};
    server.tick(1000);
    return {status: res.status, comment: json.comment};
  };
  const listed = async (server: TestServer, thread = '/posts/hello') => {
    const res = await server.get(`/api/comments?thread=${encodeURIComponent(thread)}`);
    return ((await res.json()) as {comments: {id: string}[]}).comments.map((c) => c.id);
  };
  const stored = async (server: TestServer, id: string) => {
    const [row] = await server.database.query<{status: string; reasons: string | null}>('SELECT status, reasons FROM comments WHERE id = ?', [Number(id)]);
    return row;
  };

  describe(`moderation policy [${engine}]`, () => {
    it('mode off publishes a comment that breaks no rule, with no reasons stored', async () => {
      const server = await serverWith({mode: 'off'});
      const posted = await send(server, {body: 'A plain comment with one link https://a.example'});
      assert.equal(posted.status, 201);
      assert.equal(posted.comment.status, 'published');
      assert.deepEqual(await listed(server), [posted.comment.id]);
      assert.deepEqual(await stored(server, posted.comment.id), {status: 'published', reasons: null});
    });

    it('mode all holds every comment: 201 pending, not listed, and the reason is stored', async () => {
      const server = await serverWith({mode: 'all'});
      const posted = await send(server, {body: 'Held for the owner'});
      assert.equal(posted.status, 201);
      assert.equal(posted.comment.status, 'pending');
      assert.deepEqual(await listed(server), []);
      const row = await stored(server, posted.comment.id);
      assert.equal(row?.status, 'pending');
      assert.match(row?.reasons ?? '', /moderation: all/);
    });

    it('mode first holds an email until it has firstApproved approved comments, and holds a comment without email', async () => {
      const server = await serverWith({mode: 'first', firstApproved: 2});
      const first = await send(server, {email: 'Reader@Example.com', body: 'My first comment'});
      assert.equal(first.comment.status, 'pending');
      assert.match((await stored(server, first.comment.id))?.reasons ?? '', /0 approved comments of the 2 needed/);
      // The owner approves it (as admin would); one approved of two is not yet enough.
      await server.database.query("UPDATE comments SET status = 'published' WHERE id = ?", [Number(first.comment.id)]);
      const second = await send(server, {email: 'reader@example.com', body: 'My second comment'});
      assert.equal(second.comment.status, 'pending');
      await server.database.query("UPDATE comments SET status = 'published' WHERE id = ?", [Number(second.comment.id)]);
      // Two approved (the email compared without case): published at once from now on.
      const third = await send(server, {email: 'READER@example.com', body: 'My third comment'});
      assert.equal(third.comment.status, 'published');
      // A pending or spam comment doesn't count as approved.
      const other = await send(server, {email: 'other@example.com', body: 'Someone new'});
      assert.equal(other.comment.status, 'pending');
      const anonymous = await send(server, {body: 'No email given'});
      assert.equal(anonymous.comment.status, 'pending');
      assert.match((await stored(server, anonymous.comment.id))?.reasons ?? '', /No email address/);
    });

    it('mode first with firstApproved 0 publishes everyone', async () => {
      const server = await serverWith({mode: 'first', firstApproved: 0});
      assert.equal((await send(server, {body: 'Hello'})).comment.status, 'published');
    });

    it('holds more than maxLinks links, counting Markdown links, autolinks, bare URLs and the website', async () => {
      const server = await serverWith({maxLinks: 3});
      const three = await send(server, {body: 'See [docs](https://a.example/docs) and <https://b.example> and www.c.example'});
      assert.equal(three.comment.status, 'published');
      const four = await send(server, {body: 'See [docs](https://a.example/docs) and <https://b.example> and www.c.example', website: 'https://d.example', email: 'x@example.com'});
      assert.equal(four.comment.status, 'pending');
      assert.match((await stored(server, four.comment.id))?.reasons ?? '', /^4 links \(more than 3\)\.$/);
      // A link whose text is its URL counts once.
      const same = await send(server, {body: '[https://e.example](https://e.example) https://f.example http://g.example/x?y=1'});
      assert.equal(same.comment.status, 'published');
      const zero = await serverWith({maxLinks: 0});
      assert.equal((await send(zero, {body: 'just text'})).comment.status, 'published');
      assert.equal((await send(zero, {body: 'one https://a.example'})).comment.status, 'pending');
    });

    it('holds a blocked word or phrase as a whole word, ignoring case and accents, in the body, name or website', async () => {
      const server = await serverWith({blockedWords: ['casino', 'cheap pills', 'crème']});
      const cases: [Record<string, unknown>, string][] = [
        [{body: 'Visit our CASINO today'}, 'pending'],
        [{body: 'Visit our Çasino today'}, 'pending'],
        [{body: 'Buy cheap   Pills now'}, 'pending'],
        [{body: 'I like creme brulee'}, 'pending'],
        [{author: 'Casino King', body: 'hello there'}, 'pending'],
        [{website: 'https://casino.example/', body: 'hello again'}, 'pending'],
        [{body: 'On occasion I visit casinos'}, 'published'],
        [{body: 'cheap, and pills'}, 'published'],
      ];
      for (const [fields, expected] of cases) {
        const posted = await send(server, fields);
        assert.equal(posted.comment.status, expected, JSON.stringify(fields));
        if (expected === 'pending') assert.match((await stored(server, posted.comment.id))?.reasons ?? '', /blocked word/);
      }
    });

    it('sends a banned email or IP to spam, answered 201 pending like a held comment, and never listed', async () => {
      const server = await serverWith({mode: 'off'});
      await server.store.bans.add('email', 'Troll@Example.com', {reason: 'abuse', now: '2026-01-01T00:00:00.000Z'});
      const banned = await send(server, {email: 'troll@example.com', body: 'I am back'});
      assert.equal(banned.status, 201);
      assert.equal(banned.comment.status, 'pending');
      const row = await stored(server, banned.comment.id);
      assert.equal(row?.status, 'spam');
      assert.match(row?.reasons ?? '', /Banned email address troll@example\.com \(abuse\)/);
      // The test server's requests come from 127.0.0.1.
      await server.store.bans.add('ip', '127.0.0.1', {reason: null, now: '2026-01-01T00:00:00.000Z'});
      const byIp = await send(server, {email: 'new@example.com', body: 'Fresh start'});
      assert.equal((await stored(server, byIp.comment.id))?.status, 'spam');
      assert.deepEqual(await listed(server), []);
    });

    it('reads the policy the owner saved in admin on every post, over the environment defaults', async () => {
      const server = await serverWith({mode: 'off'});
      assert.equal((await send(server, {body: 'Before'})).comment.status, 'published');
      await writePolicy(server.store, server.config.policy, {mode: 'all'}, '2026-01-01T00:00:00.000Z');
      assert.equal((await send(server, {body: 'After'})).comment.status, 'pending');
    });

    it('stores every reason that applies, one per line', async () => {
      const server = await serverWith({mode: 'all', maxLinks: 0, blockedWords: ['spam']});
      const posted = await send(server, {body: 'spam https://a.example'});
      assert.deepEqual((await stored(server, posted.comment.id))?.reasons?.split('\n'), [
        '1 links (more than 0).',
        'Contains the blocked word "spam".',
        'Every comment is held for approval (moderation: all).',
      ]);
    });
  });
}
