import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {aComment, engines, makeServer as makeServerOn, makeTempDir} from './setup.js';
import type {ServerConfig} from '../../src/server/config.js';
import {loadConfig} from '../../src/server/config.js';
import type {TestServer} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

async function errorOf(res: Response): Promise<{code: string; message: string; field?: string}> {
  const json = (await res.json()) as {error: {code: string; message: string; field?: string}};
  return json.error;
}

for (const engine of engines) {
  const makeServer = (dir: string, overrides: Partial<ServerConfig> = {}) => makeServerOn(dir, overrides, engine);

  describe(`POST /api/comments [${engine}]`, () => {
    describe('when the comment is valid', () => {
      let server: TestServer;
      let res: Response;
      let json: {comment: Record<string, unknown>};
      before(async () => {
        server = await makeServer(temp.dir);
        res = await server.post(aComment({email: 'ada@example.com', website: 'https://ada.example/'}));
        json = (await res.json()) as typeof json;
      });

      it('answers 201 with the stored comment, its body as written and parsed', () => {
        assert.equal(res.status, 201);
        assert.deepEqual(json.comment, {
          id: '1',
          thread: '/posts/hello',
          parent: null,
          author: 'Ada',
          website: 'https://ada.example/',
          body: 'Nice post!',
          createdAt: '2026-01-01T00:00:00.000Z',
          status: 'published',
          tree: ['Nice post!'],
        });
      });

      it('never returns the email address', () => {
        assert.ok(!('email' in json.comment));
      });

      it('stores exactly one row, with the email', async () => {
        assert.equal(await server.rowCount(), 1);
        assert.equal(await server.scalar('SELECT email FROM comments'), 'ada@example.com');
      });

      it('accepts a reply to a comment in the same thread', async () => {
        const reply = await server.post(aComment({parent: '1', body: 'Thanks'}));
        assert.equal(reply.status, 201);
        assert.equal(((await reply.json()) as typeof json).comment.parent, '1');
      });
    });

    describe('when moderation is "all"', () => {
      it('stores the comment as pending, and neither lists nor counts it', async () => {
        const server = await makeServer(temp.dir, {policy: {...loadConfig([], {}).policy, mode: 'all', minSeconds: 0}});
        const res = await server.post(aComment());
        assert.equal(res.status, 201);
        assert.equal(((await res.json()) as {comment: {status: string}}).comment.status, 'pending');
        const list = (await (await server.get('/api/comments?thread=/posts/hello')).json()) as {comments: unknown[]; total: number};
        assert.deepEqual(list.comments, []);
        assert.equal(list.total, 0);
        const counts = (await (await server.get('/api/counts?thread=/posts/hello')).json()) as {counts: Record<string, number>};
        assert.deepEqual(counts.counts, {'/posts/hello': 0});
      });

      it('refuses a reply to a pending comment with 400 invalid_parent', async () => {
        const server = await makeServer(temp.dir, {policy: {...loadConfig([], {}).policy, mode: 'all', minSeconds: 0}});
        await server.post(aComment());
        const res = await server.post(aComment({parent: '1'}));
        assert.equal(res.status, 400);
        assert.equal((await errorOf(res)).code, 'invalid_parent');
        assert.equal(await server.rowCount(), 1);
      });
    });

    const long = (n: number, unit = 'a') => unit.repeat(n);
    const refusals: Array<[string, unknown, string, string?]> = [
      ['the body is a JSON array', [aComment()], 'invalid_json'],
      ['the body is a JSON string', 'hello', 'invalid_json'],
      ['the body is JSON null', null, 'invalid_json'],
      ['the body is a JSON number', 42, 'invalid_json'],
      ['there is an unknown field', aComment({name: 'Ada'}), 'unknown_field', 'name'],
      ['there is a "__proto__" field', '{"thread":"/t","author":"A","body":"b","__proto__":{"x":1}}', 'unknown_field', '__proto__'],
      ['the thread is missing', {author: 'Ada', body: 'Hi'}, 'invalid_thread', 'thread'],
      ['the thread is empty', aComment({thread: ''}), 'invalid_thread', 'thread'],
      ['the thread is a number', aComment({thread: 7}), 'invalid_thread', 'thread'],
      ['the thread is 501 characters', aComment({thread: long(501)}), 'invalid_thread', 'thread'],
      ['the thread has a control character', aComment({thread: '/a\u0001'}), 'invalid_thread', 'thread'],
      ['the parent is a number', aComment({parent: 1}), 'invalid_parent', 'parent'],
      ['the parent is not an id', aComment({parent: 'abc'}), 'invalid_parent', 'parent'],
      ['the parent does not exist', aComment({parent: '999'}), 'invalid_parent', 'parent'],
      ['the parent is in another thread', aComment({thread: '/other', parent: '1'}), 'invalid_parent', 'parent'],
      ['the author is missing', {thread: '/t', body: 'Hi'}, 'invalid_author', 'author'],
      ['the author is only spaces', aComment({author: '   '}), 'invalid_author', 'author'],
      ['the author is a number', aComment({author: 5}), 'invalid_author', 'author'],
      ['the author is 101 characters', aComment({author: long(101)}), 'invalid_author', 'author'],
      ['the author is 101 emoji', aComment({author: long(101, '😀')}), 'invalid_author', 'author'],
      ['the author has a line break', aComment({author: 'Ada\nLovelace'}), 'invalid_author', 'author'],
      ['the author has a right-to-left override', aComment({author: 'Ada\u202Egnp.exe'}), 'invalid_author', 'author'],
      ['the author has a line separator', aComment({author: 'Ada\u2028Lovelace'}), 'invalid_author', 'author'],
      ['the author has a lone surrogate', '{"thread":"/t","author":"A\\ud800","body":"b"}', 'invalid_author', 'author'],
      ['the email has no @', aComment({email: 'ada.example.com'}), 'invalid_email', 'email'],
      ['the email has no domain dot', aComment({email: 'ada@localhost'}), 'invalid_email', 'email'],
      ['the email has a space', aComment({email: 'ada lovelace@example.com'}), 'invalid_email', 'email'],
      ['the email is 255 characters', aComment({email: `${long(243)}@example.com`}), 'invalid_email', 'email'],
      ['the email is a number', aComment({email: 1}), 'invalid_email', 'email'],
      ['the website is javascript:', aComment({website: 'javascript:alert(1)'}), 'invalid_website', 'website'],
      ['the website is ftp:', aComment({website: 'ftp://example.com/'}), 'invalid_website', 'website'],
      ['the website is relative', aComment({website: '/about'}), 'invalid_website', 'website'],
      ['the website has a control character', aComment({website: 'https://a.example/\u0001'}), 'invalid_website', 'website'],
      ['the website has a C1 control character', aComment({website: 'https://a.example/\u0085x'}), 'invalid_website', 'website'],
      ['the website has no host', aComment({website: 'https://'}), 'invalid_website', 'website'],
      ['the website is 501 characters', aComment({website: `https://example.com/${long(481)}`}), 'invalid_website', 'website'],
      ['the website is an object', aComment({website: {}}), 'invalid_website', 'website'],
      ['the body is missing', {thread: '/t', author: 'Ada'}, 'invalid_body', 'body'],
      ['the body is empty', aComment({body: ''}), 'invalid_body', 'body'],
      ['the body is only whitespace', aComment({body: ' \n\t '}), 'invalid_body', 'body'],
      ['the body is an array', aComment({body: ['Hi']}), 'invalid_body', 'body'],
      ['the body is 10,001 characters', aComment({body: long(10_001)}), 'invalid_body', 'body'],
      ['the body is 10,001 emoji', aComment({body: long(10_001, '😀')}), 'invalid_body', 'body'],
      ['the body has a NUL', aComment({body: 'Hi\u0000there'}), 'invalid_body', 'body'],
      ['the body has an escape character', aComment({body: 'Hi\u001b[31m'}), 'invalid_body', 'body'],
      ['the body has a lone high surrogate', '{"thread":"/t","author":"A","body":"Hi \\ud83d there"}', 'invalid_body', 'body'],
      ['the body has a lone low surrogate', '{"thread":"/t","author":"A","body":"\\ude00"}', 'invalid_body', 'body'],
    ];

    for (const [situation, body, code, field] of refusals) {
      describe(`when ${situation}`, () => {
        it(`answers 400 ${code} and stores nothing new`, async () => {
          const server = await makeServer(temp.dir);
          await server.post(aComment());
          const res = await server.post(body);
          assert.equal(res.status, 400);
          const error = await errorOf(res);
          assert.equal(error.code, code);
          assert.equal(error.field, field);
          assert.ok(error.message.length > 10, 'a readable message');
          assert.equal(await server.rowCount(), 1);
        });
      });
    }

    describe('when the body is too long', () => {
      it('says so in words a reader understands', async () => {
        const server = await makeServer(temp.dir);
        const error = await errorOf(await server.post(aComment({body: 'x'.repeat(10_001)})));
        assert.equal(error.message, 'Your comment is longer than 10,000 characters.');
      });
    });

    const accepted: Array<[string, Record<string, unknown>]> = [
      ['the body is exactly 10,000 characters', aComment({body: 'a'.repeat(10_000)})],
      ['the body is exactly 10,000 emoji', aComment({body: '😀'.repeat(10_000)})],
      ['the body has line breaks, tabs and a carriage return', aComment({body: 'one\r\n\ttwo'})],
      ['the author is exactly 100 emoji', aComment({author: '😀'.repeat(100)})],
      ['the thread is exactly 500 characters', aComment({thread: 't'.repeat(500)})],
      ['the email and website are empty strings', aComment({email: '', website: ''})],
      ['the email and website are null', aComment({email: null, website: null, parent: null})],
      ['the website is plain http', aComment({website: 'http://ada.example'})],
    ];
    for (const [situation, body] of accepted) {
      describe(`when ${situation}`, () => {
        it('answers 201 and stores the text unchanged', async () => {
          const server = await makeServer(temp.dir);
          const res = await server.post(body);
          assert.equal(res.status, 201);
          const {comment} = (await res.json()) as {comment: Record<string, unknown>};
          assert.equal(comment.body, body.body);
          assert.equal(comment.author, body.author);
          assert.equal(comment.website, body.website || null);
          assert.equal(await server.rowCount(), 1);
        });
      });
    }

    describe('when the Idempotency-Key header is missing', () => {
      it('answers 400 missing_idempotency_key and stores nothing', async () => {
        const server = await makeServer(temp.dir);
        const res = await server.app.request('/api/comments', {
          method: 'POST',
          headers: {'Content-Type': 'application/json'},
          body: JSON.stringify(aComment()),
        });
        assert.equal(res.status, 400);
        assert.equal((await errorOf(res)).code, 'missing_idempotency_key');
        assert.equal(await server.rowCount(), 0);
      });
    });

    for (const key of ['has space', 'x'.repeat(129), 'clé', 'a/b']) {
      describe(`when the Idempotency-Key is "${key.slice(0, 20)}"`, () => {
        it('answers 400 invalid_idempotency_key and stores nothing', async () => {
          const server = await makeServer(temp.dir);
          const res = await server.post(aComment(), {key});
          assert.equal(res.status, 400);
          assert.equal((await errorOf(res)).code, 'invalid_idempotency_key');
          assert.equal(await server.rowCount(), 0);
        });
      });
    }

    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', '']) {
      describe(`when the Content-Type is "${type}"`, () => {
        it('answers 415 unsupported_media_type and stores nothing', async () => {
          const server = await makeServer(temp.dir);
          const res = await server.post(aComment(), {headers: {'Content-Type': type}});
          assert.equal(res.status, 415);
          assert.equal((await errorOf(res)).code, 'unsupported_media_type');
          assert.equal(await server.rowCount(), 0);
        });
      });
    }

    describe('when the Content-Type names UTF-8', () => {
      it('accepts the comment', async () => {
        const server = await makeServer(temp.dir);
        const res = await server.post(aComment(), {headers: {'Content-Type': 'Application/JSON; charset=UTF-8'}});
        assert.equal(res.status, 201);
      });
    });

    describe('when the JSON is malformed', () => {
      for (const text of ['{"thread": "/t",', '', 'undefined', "{'a': 1}"]) {
        it(`answers 400 invalid_json for ${JSON.stringify(text)}`, async () => {
          const server = await makeServer(temp.dir);
          const res = await server.post(text);
          assert.equal(res.status, 400);
          assert.equal((await errorOf(res)).code, 'invalid_json');
          assert.equal(await server.rowCount(), 0);
        });
      }

      it('answers 400 invalid_json for bytes that are not UTF-8', async () => {
        const server = await makeServer(temp.dir);
        const bytes = new Uint8Array([...new TextEncoder().encode('{"thread":"/t","author":"A","body":"'), 0xff, 0xfe, ...new TextEncoder().encode('"}')]);
        const res = await server.app.request('/api/comments', {
          method: 'POST',
          headers: {'Content-Type': 'application/json', 'Idempotency-Key': 'k'},
          body: bytes,
        });
        assert.equal(res.status, 400);
        assert.equal((await errorOf(res)).code, 'invalid_json');
      });
    });

    describe('when the request is larger than 64 KiB', () => {
      const padded = (size: number) => {
        const json = JSON.stringify(aComment());
        return json.slice(0, -1) + ' '.repeat(size - json.length) + '}';
      };

      it('accepts exactly 65,536 bytes', async () => {
        const server = await makeServer(temp.dir);
        const body = padded(65_536);
        assert.equal(Buffer.byteLength(body), 65_536);
        assert.equal((await server.post(body)).status, 201);
      });

      it('answers 413 payload_too_large for 65,537 bytes read, and stores nothing', async () => {
        const server = await makeServer(temp.dir);
        const res = await server.post(padded(65_537));
        assert.equal(res.status, 413);
        assert.equal((await errorOf(res)).code, 'payload_too_large');
        assert.equal(await server.rowCount(), 0);
      });

      it('answers 413 from a Content-Length header alone, before reading the body', async () => {
        const server = await makeServer(temp.dir);
        const res = await server.post(aComment(), {headers: {'Content-Length': '1000000'}});
        assert.equal(res.status, 413);
        assert.equal((await errorOf(res)).code, 'payload_too_large');
        assert.equal(await server.rowCount(), 0);
      });

      it('counts the bytes read when the Content-Length understates them', async () => {
        const server = await makeServer(temp.dir);
        const res = await server.post(aComment({body: 'x'.repeat(70_000)}), {headers: {'Content-Length': '10'}});
        assert.equal(res.status, 413);
        assert.equal(await server.rowCount(), 0);
      });
    });

    describe('when the same Idempotency-Key is sent again with the same comment', () => {
      it('answers 200 with the same comment, marks it replayed, and stores no second row', async () => {
        const server = await makeServer(temp.dir);
        const first = await server.post(aComment({email: 'ada@example.com'}), {key: 'retry-1'});
        server.tick();
        const second = await server.post(aComment({email: 'ada@example.com'}), {key: 'retry-1'});
        assert.equal(first.status, 201);
        assert.equal(second.status, 200);
        assert.equal(second.headers.get('Idempotent-Replayed'), 'true');
        assert.equal(first.headers.get('Idempotent-Replayed'), null);
        assert.deepEqual(await second.json(), await first.json());
        assert.equal(await server.rowCount(), 1);
        assert.equal(await server.scalar('SELECT COUNT(*) FROM idempotency_keys'), 1);
      });

      it('treats an empty email the same as no email', async () => {
        const server = await makeServer(temp.dir);
        await server.post(aComment(), {key: 'retry-2'});
        const again = await server.post(aComment({email: '', website: ''}), {key: 'retry-2'});
        assert.equal(again.status, 200);
        assert.equal(await server.rowCount(), 1);
      });

      it('still answers when the client is over its rate limit', async () => {
        const server = await makeServer(temp.dir, {rateLimit: 1});
        assert.equal((await server.post(aComment(), {key: 'retry-3'})).status, 201);
        assert.equal((await server.post(aComment({body: 'other'}))).status, 429);
        assert.equal((await server.post(aComment(), {key: 'retry-3'})).status, 200);
        assert.equal(await server.rowCount(), 1);
      });
    });

    describe('when the same Idempotency-Key is sent with a different comment', () => {
      it('answers 409 idempotency_conflict and stores nothing new', async () => {
        const server = await makeServer(temp.dir);
        await server.post(aComment(), {key: 'reused'});
        const res = await server.post(aComment({body: 'Something else'}), {key: 'reused'});
        assert.equal(res.status, 409);
        assert.equal((await errorOf(res)).code, 'idempotency_conflict');
        assert.equal(await server.rowCount(), 1);
      });
    });

    describe('when a client posts faster than the rate limit', () => {
      it('answers 429 rate_limited with Retry-After and stores nothing', async () => {
        const server = await makeServer(temp.dir, {rateLimit: 3});
        for (let i = 0; i < 3; i++) assert.equal((await server.post(aComment({body: `n${i}`}))).status, 201);
        server.tick(20_000);
        const res = await server.post(aComment({body: 'one too many'}));
        assert.equal(res.status, 429);
        assert.equal((await errorOf(res)).code, 'rate_limited');
        assert.equal(res.headers.get('Retry-After'), '40');
        assert.equal(await server.rowCount(), 3);
      });

      it('lets the client post again once the minute has passed', async () => {
        const server = await makeServer(temp.dir, {rateLimit: 1});
        assert.equal((await server.post(aComment())).status, 201);
        assert.equal((await server.post(aComment())).status, 429);
        server.tick(60_000);
        assert.equal((await server.post(aComment())).status, 201);
      });

      it('counts each client IP separately when the proxy is trusted', async () => {
        const server = await makeServer(temp.dir, {rateLimit: 1, trustProxy: {hops: 1}});
        // The trusted proxy appends the address it saw; what is left of it was sent by the client.
        const from = (ip: string, forged = '198.51.100.9') => ({headers: {'X-Forwarded-For': `${forged}, ${ip}`}});
        assert.equal((await server.post(aComment(), from('203.0.113.1'))).status, 201);
        assert.equal((await server.post(aComment(), from('203.0.113.1'))).status, 429);
        assert.equal((await server.post(aComment(), from('203.0.113.2'))).status, 201);
      });

      it('is not fooled by a client that forges the start of X-Forwarded-For', async () => {
        const server = await makeServer(temp.dir, {rateLimit: 1, trustProxy: {hops: 1}});
        const forged = (fake: string) => ({headers: {'X-Forwarded-For': `${fake}, 203.0.113.7`}});
        assert.equal((await server.post(aComment(), forged('192.0.2.1'))).status, 201);
        assert.equal((await server.post(aComment(), forged('192.0.2.2'))).status, 429);
      });

      it('ignores X-Forwarded-For when the proxy is not trusted', async () => {
        const server = await makeServer(temp.dir, {rateLimit: 1, trustProxy: false});
        assert.equal((await server.post(aComment(), {headers: {'X-Forwarded-For': '203.0.113.1'}})).status, 201);
        assert.equal((await server.post(aComment(), {headers: {'X-Forwarded-For': '203.0.113.2'}})).status, 429);
      });
    });

    describe('when another method is used', () => {
      it('answers 405 with an Allow header', async () => {
        const server = await makeServer(temp.dir);
        const res = await server.app.request('/api/comments', {method: 'DELETE'});
        assert.equal(res.status, 405);
        assert.equal(res.headers.get('Allow'), 'GET, POST, OPTIONS');
        assert.equal((await errorOf(res)).code, 'method_not_allowed');
      });
    });
  });
}
