// Property-based storms of random and malformed requests against every endpoint of the app, in process.
// NATTER_FUZZ_RUNS sets the runs per property (default 1,000; the full run is 10,000).
import assert from 'node:assert/strict';
import {mkdirSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import Database from 'better-sqlite3';
import {engines} from '../lib/databases.js';
import fc from 'fast-check';
import {aComment, loopbackPeer, makeServer, makeTempDir} from '../server/setup.js';
import type {TestServer} from '../server/setup.js';

const runs = Number(process.env.NATTER_FUZZ_RUNS ?? 1000);
const temp = makeTempDir();
after(() => temp.remove());

// ---- Building blocks ------------------------------------------------------------------------------------------

const nastyConstants = [
  '', ' ', '\t', '\n', '0', '-1', '1', '50', '100', '101', '1e2', '0x10', '50.0', ' 50', '٥٠', '99999999999999999999',
  '-0', 'NaN', 'Infinity', 'null', 'undefined', 'true', '[]', '{}', '__proto__', 'constructor', 'toString',
  '\uD800', '\uDC00', 'a\uDBFFb', '\uDFFF\uD800', '😀', '\u200B', '\u2028', '\uFEFF', '\u0000', '\u007F', '\u0085', '\uFFFD', '\uFFFF',
  "'; DROP TABLE comments; --", '" OR 1=1 --', '%', '%00', '%ZZ', '%ED%A0%80', '../../etc/passwd', '/posts/../../x', '..\\..\\x',
  'javascript:alert(1)', 'https://a.example', 'http://', 'a@b.c', '<script>alert(1)</script>', 'x'.repeat(501), '😀'.repeat(500),
];
const nastyString = fc.oneof(
  fc.string(),
  fc.string({unit: 'binary'}),
  fc.string({unit: fc.integer({min: 0, max: 0xffff}).map((n) => String.fromCharCode(n)), maxLength: 20}),
  fc.constantFrom(...nastyConstants),
);
const oddNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 64, 5e-324),
);
const anyJson: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue(), nastyString, oddNumber);

/** A string of `n` code points, made of `unit`. */
const repeated = (unit: string, n: number) => unit.repeat(n);

const threadId = fc.oneof(
  {weight: 4, arbitrary: fc.constantFrom('/posts/hello', '/posts/a', '/posts/😀', 'x'.repeat(500), '😀'.repeat(500))},
  {weight: 2, arbitrary: fc.webPath({size: 'small'})},
  {weight: 2, arbitrary: nastyString},
  {weight: 1, arbitrary: anyJson},
);
const authorName = fc.oneof(
  {weight: 4, arbitrary: fc.constantFrom('Ada', 'Zoë', '山田', repeated('a', 100), repeated('😀', 100), repeated('a', 101), ' Ada ')},
  {weight: 3, arbitrary: nastyString},
  {weight: 1, arbitrary: anyJson},
);
const bodyText = fc.oneof(
  {weight: 4, arbitrary: fc.string({unit: 'grapheme', minLength: 1, maxLength: 200})},
  {weight: 2, arbitrary: fc.constantFrom(...[9_999, 10_000, 10_001].flatMap((n) => [repeated('x', n), repeated('😀', n), `${repeated('é', n - 1)}\n`]))},
  {weight: 3, arbitrary: nastyString},
  {weight: 1, arbitrary: anyJson},
);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, {nil: undefined});
const dropUndefined = (c: Record<string, unknown>) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined));

/** A comment that should be accepted (unless its parent doesn't exist in its thread). */
const validComment = fc
  .record(
    {
      thread: fc.oneof(fc.constantFrom('/posts/hello', '/posts/a', '/posts/😀', 'x'.repeat(500), '😀'.repeat(500)), fc.webPath({size: 'small'}).map((p) => p || '/')),
      author: fc.oneof(fc.constantFrom('Ada', 'Zoë', '山田', repeated('a', 100), repeated('😀', 100)), fc.stringMatching(/^[A-Za-z][A-Za-z .'-]{0,40}$/)),
      body: fc.oneof(fc.constantFrom(repeated('x', 10_000), repeated('😀', 10_000), `${repeated('é', 9_999)}\n`, 'a\tb\r\nc'), fc.stringMatching(/^\S[^\u0000-\u001F]{0,300}$/)),
      parent: optional(fc.oneof(fc.integer({min: 1, max: 300}).map(String), fc.constant(null))),
      email: optional(fc.constantFrom('ada@example.com', '', 'a.b+c@mail.example.org')),
      website: optional(fc.constantFrom('https://ada.example', 'http://x', '', 'https://x.example/a?b=c#d')),
    },
    {requiredKeys: ['thread', 'author', 'body']},
  )
  .map(dropUndefined);

/** Any field value at all: the refusals each field must give. */
const fieldValues: Record<string, fc.Arbitrary<unknown>> = {
  thread: threadId,
  author: authorName,
  body: bodyText,
  parent: fc.oneof(fc.integer({min: 1, max: 300}).map(String), fc.constant(null), anyJson),
  email: fc.oneof(fc.constantFrom('ada@example.com', '', 'a@b', `${'a'.repeat(250)}@x.io`), fc.emailAddress(), nastyString),
  website: fc.oneof(fc.constantFrom('https://ada.example', 'http://x', 'ftp://x.example', 'https://', `https://x.example/${'a'.repeat(480)}`), fc.webUrl(), nastyString),
  extra: anyJson,
  ['__proto__']: anyJson,
};

const commentLike: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  {weight: 3, arbitrary: validComment},
  // A valid comment with one field spoilt, so each refusal is reached on its own.
  {
    weight: 4,
    arbitrary: fc
      .constantFrom(...Object.keys(fieldValues))
      .chain((field) => fc.tuple(validComment, fc.constant(field), fieldValues[field]!))
      .map(([c, field, value]) => ({...c, [field]: value})),
  },
  {weight: 2, arbitrary: fc.record(fieldValues, {requiredKeys: []}).map(dropUndefined)},
);

/** What goes on the wire as a POST body: usually JSON, sometimes broken JSON, bad UTF-8, or far too much. */
const postBody: fc.Arbitrary<string | Uint8Array<ArrayBuffer>> = fc.oneof(
  {weight: 8, arbitrary: commentLike.map((c) => JSON.stringify(c))},
  {weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? 'undefined')},
  {weight: 1, arbitrary: commentLike.chain((c) => fc.nat({max: 200}).map((cut) => JSON.stringify(c).slice(0, cut)))},
  {weight: 1, arbitrary: fc.uint8Array({maxLength: 200})},
  {weight: 1, arbitrary: fc.constantFrom('{"body": "\\ud800", "author": "a", "thread": "t"}', '{"__proto__": {"x": 1}}', '['.repeat(60_000), ' '.repeat(70_000), `{"thread":"t","author":"a","body":"${'x'.repeat(70_000)}"}`, '{"thread":"t","thread":"u","author":"a","body":"b"}', '\uFEFF{}', '')},
);

const latin1 = fc.string({unit: fc.integer({min: 0x20, max: 0xff}).map((n) => String.fromCharCode(n)), maxLength: 40});
const headerSets = fc.record(
  {
    'content-type': fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON; Charset="UTF-8"', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json, text/plain', ''),
    'idempotency-key': fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.:-]{1,128}$/), fc.constantFrom('', ' ', 'a'.repeat(129), 'a b', 'ключ', 'k/1'), latin1),
    origin: fc.constantFrom('https://blog.example', 'null', 'http://localhost:8787', '*', ''),
    'access-control-request-method': fc.constantFrom('POST', 'GET', 'DELETE', 'X'),
    'access-control-request-headers': fc.constantFrom('content-type, idempotency-key', 'x-evil', ''),
    'x-forwarded-for': fc.oneof(fc.ipV4(), fc.ipV6(), latin1),
    'content-length': fc.constantFrom('0', '1', '65536', '65537', '99999999999999999999', '-1', 'abc'),
    accept: fc.constantFrom('*/*', 'text/html', 'application/json'),
    cookie: latin1,
  },
  {requiredKeys: []},
);

const cursorGarbage = fc.oneof(
  nastyString,
  fc.base64String({maxLength: 60}),
  fc.tuple(fc.oneof(nastyString, fc.constantFrom('2026-01-01T00:00:00.000Z', '9999-99-99T99:99:99.999Z', '0000-00-00T00:00:00.000Z')), fc.oneof(oddNumber, anyJson))
    .map((t) => Buffer.from(JSON.stringify(t)).toString('base64url')),
  fc.anything().map((v) => Buffer.from(JSON.stringify(v) ?? 'x').toString('base64url')),
);
/** Any value as text: String() throws for an object without a prototype, which fc.jsonValue can make. */
const asText = (value: unknown): string => {
  try {
    return String(value);
  } catch {
    return JSON.stringify(value) ?? '';
  }
};
const queryValue = fc.oneof(nastyString, threadId.map(asText), cursorGarbage);
const queryPair = fc.tuple(fc.oneof(fc.constantFrom('thread', 'thread', 'limit', 'cursor', 'order', 'thread[]', 'THREAD', ''), fc.string({maxLength: 5})), queryValue);
/** A query string, percent-encoded properly or, sometimes, raw with whatever escapes the value holds. */
const queryString = fc.tuple(fc.array(queryPair, {maxLength: 6}), fc.boolean()).map(([pairs, encode]) =>
  pairs.map(([k, v]) => (encode ? `${encodeURIComponent(k)}=${encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, '\uFFFD'))}` : `${k}=${v}`)).join('&'),
);

const paths = fc.oneof(
  {weight: 6, arbitrary: fc.constantFrom('/api/comments', '/api/counts')},
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '/', '/index.html', '/style.css', '/sub/', '/sub/page.html', '/.secret', '/escape', '/escape/secret.txt', '/../secret.txt', '/%2e%2e/%2e%2e/etc/passwd',
      '/natter.js', '/natter.classic.js', '/%ZZ', '/%00', '/a%5cb', '/%ED%A0%80', '//api/comments', '/api/comments/', '/API/COMMENTS', '/api/comments/1',
      '/api/unknown', '/api', '/api/', '/sub/..%2f..%2fsecret.txt', '/index.html%00.png', `/${'a'.repeat(5000)}`,
      '/t', '/t.css', '/T', '/t/',
    ),
  },
  {weight: 1, arbitrary: fc.webPath()},
);
const methods = fc.constantFrom('GET', 'GET', 'POST', 'POST', 'OPTIONS', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'get', 'PROPFIND');

const anyRequest = fc.record({method: methods, path: paths, query: queryString, headers: headerSets, body: postBody});

// ---- Checking answers ------------------------------------------------------------------------------------------

/** Builds the Request; undefined when the Request constructor itself refuses it, so nothing reaches the app. */
function buildRequest(method: string, url: string, headers: Record<string, string>, body?: string | Uint8Array<ArrayBuffer>): Request | undefined {
  try {
    const hasBody = body !== undefined && !['GET', 'HEAD'].includes(method.toUpperCase());
    return new Request(`http://localhost${url}`, {method, headers, ...(hasBody ? {body} : {})});
  } catch {
    return undefined;
  }
}

/** Tracks every 201 per server, so the rows in the database can be matched with what the app acknowledged. */
const created = new Map<TestServer, number>();
/** How often each status was answered, per method and route, to show the storm reached every endpoint. */
const tally = new Map<string, number>();

/** The properties every answer has: never a 5xx, every 4xx a JSON error, and a 201 stores exactly what was sent. */
async function checkAnswer(server: TestServer, request: Request, sent: string | Uint8Array<ArrayBuffer> | undefined): Promise<void> {
  const what = `${request.method} ${new URL(request.url).pathname.slice(0, 80)}`;
  const response = await server.app.request(request, undefined, loopbackPeer);
  const text = await response.text();
  const route = new URL(request.url).pathname.startsWith('/api/') ? new URL(request.url).pathname.slice(0, 14) : 'static';
  tally.set(`${request.method} ${route} ${response.status}`, (tally.get(`${request.method} ${route} ${response.status}`) ?? 0) + 1);
  assert.ok(response.status < 500, `${what} answered ${response.status}: ${text.slice(0, 300)}`);
  if (response.status >= 400 && ['GET', 'POST'].includes(request.method) && new URL(request.url).pathname === '/t') {
    // The no-JS page is read in a browser, so its GET and POST refuse with a page that says why, never with JSON.
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/, `${what} ${response.status}`);
    assert.match(text, /<p[^>]*>[^<]+<\/p>/, `${what} ${response.status} says nothing: ${text.slice(0, 200)}`);
  } else if (response.status >= 400 && request.method !== 'HEAD') {
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/, `${what} ${response.status}`);
    const payload = JSON.parse(text) as {error?: {code?: unknown; message?: unknown}};
    assert.equal(typeof payload.error?.code, 'string', `${what} ${response.status}: ${text.slice(0, 200)}`);
    assert.ok((payload.error!.code as string).length > 0 && typeof payload.error!.message === 'string' && payload.error!.message.length > 0);
  }
  if (response.status === 201) {
    created.set(server, (created.get(server) ?? 0) + 1);
    const input = JSON.parse(typeof sent === 'string' ? sent : new TextDecoder().decode(sent)) as Record<string, unknown>;
    const {comment} = JSON.parse(text) as {comment: Record<string, unknown>};
    for (const field of ['thread', 'author', 'body'] as const) assert.equal(comment[field], input[field], `stored ${field} differs from the one sent`);
    assert.equal(comment.email, undefined, 'the email address is never sent back');
  }
  if (response.status === 200 && request.method === 'GET' && new URL(request.url).pathname === '/api/comments') {
    const page = JSON.parse(text) as {comments: unknown[]; total: number};
    assert.ok(Array.isArray(page.comments) && Number.isInteger(page.total));
  }
}

// ---- The stored rows -------------------------------------------------------------------------------------------

const codePoints = (s: string) => [...s].length;
// ignoreBOM: a leading U+FEFF is a character of the value (validation allows it), not a byte-order mark to drop.
const wellFormed = (s: string) => new TextDecoder('utf-8', {ignoreBOM: true}).decode(new TextEncoder().encode(s)) === s;
const strictUtf8 = new TextDecoder('utf-8', {fatal: true});
const controls = /[\u0000-\u001F\u007F-\u009F]/;
const controlsButWhitespace = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const visible = /[^\s\u200B-\u200D\u2060\uFEFF]/;

interface Row {
  id: number; thread: string; parent: number | null; root: number; author: string; email: string | null; website: string | null;
  body: string; created_at: string; status: string; raw_thread: Buffer; raw_author: Buffer; raw_body: Buffer; keys: number; key: string | null;
}

/**
 * Every way a stored row breaks the validation rules, read over a separate connection. SQLite also gets its
 * integrity and foreign key checks; Postgres enforces foreign keys itself.
 */
async function invalidRows(server: TestServer): Promise<string[]> {
  const problems: string[] = [];
  if (server.engine === 'sqlite') {
    const db = new Database(server.config.dbPath, {readonly: true, fileMustExist: true});
    const integrity = db.pragma('integrity_check', {simple: true});
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    if ((db.pragma('foreign_key_check') as unknown[]).length > 0) problems.push('foreign_key_check found rows');
    db.close();
  }
  // The bytes as stored: SQLite's text cast to a blob, Postgres's text converted to bytea.
  const raw = (column: string) => (server.engine === 'sqlite' ? `CAST(c.${column} AS BLOB)` : `convert_to(c.${column}, 'UTF8')`);
  {
    const rows = await server.database.query<Row>(
      `SELECT c.*, ${raw('thread')} AS raw_thread, ${raw('author')} AS raw_author, ${raw('body')} AS raw_body,
              (SELECT COUNT(*) FROM idempotency_keys k WHERE k.comment_id = c.id) AS keys,
              (SELECT key FROM idempotency_keys k WHERE k.comment_id = c.id) AS key
       FROM comments c`,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const r of rows) {
      const bad = (rule: string) => problems.push(`comment ${r.id}: ${rule}`);
      for (const raw of [r.raw_thread, r.raw_author, r.raw_body]) {
        try {
          strictUtf8.decode(raw);
        } catch {
          bad('stored bytes are not valid UTF-8');
        }
      }
      for (const [name, value] of Object.entries({thread: r.thread, author: r.author, body: r.body, email: r.email ?? '', website: r.website ?? ''})) {
        if (!wellFormed(value)) bad(`${name} is not well-formed UTF-16`);
      }
      if (codePoints(r.thread) < 1 || codePoints(r.thread) > 500 || controls.test(r.thread)) bad('thread breaks the rules');
      if (codePoints(r.author) > 100 || !visible.test(r.author) || controls.test(r.author)) bad('author breaks the rules');
      if (codePoints(r.body) > 10_000 || !visible.test(r.body) || controlsButWhitespace.test(r.body)) bad('body breaks the rules');
      if (r.email !== null && (r.email.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(r.email) || controls.test(r.email))) bad('email breaks the rules');
      if (r.website !== null && (r.website.length > 500 || !/^https?:$/.test(URL.canParse(r.website) ? new URL(r.website).protocol : ''))) bad('website breaks the rules');
      if (r.status !== 'published') bad(`status is ${r.status}`);
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(r.created_at)) bad('created_at is not an ISO time');
      if (r.parent === null ? r.root !== r.id : byId.get(r.parent)?.thread !== r.thread || byId.get(r.parent)?.root !== r.root) bad('parent or root is wrong');
      if (r.keys !== 1 || !/^[A-Za-z0-9_.:-]{1,128}$/.test(r.key ?? '')) bad('does not have exactly one valid idempotency key');
    }
  }
  return problems;
}

// ---- The storms ------------------------------------------------------------------------------------------------

for (const engine of engines) {
  describe(`the app under a storm of random and malformed requests [${engine}]`, () => {
    let open: TestServer;
    let limited: TestServer;

    before(async () => {
      // Real static folders, with a dot file and a symlink that leads outside, so the static paths do real work.
      const site = join(temp.dir, engine);
      const demoDir = join(site, 'demo');
      const distDir = join(site, 'dist');
      mkdirSync(join(demoDir, 'sub'), {recursive: true});
      mkdirSync(distDir, {recursive: true});
      writeFileSync(join(demoDir, 'index.html'), '<!doctype html><title>demo</title>');
      writeFileSync(join(demoDir, 'style.css'), 'body{}');
      writeFileSync(join(demoDir, 'sub', 'page.html'), '<p>sub</p>');
      writeFileSync(join(demoDir, '.secret'), 'secret');
      writeFileSync(join(site, 'secret.txt'), 'secret');
      symlinkSync(site, join(demoDir, 'escape'));
      writeFileSync(join(distDir, 'natter.js'), 'export {};');
      open = await makeServer(temp.dir, {rateLimit: 0, demoDir, distDir}, engine);
      limited = await makeServer(temp.dir, {rateLimit: 5, trustProxy: {hops: 1}, demoDir, distDir}, engine);
    });

    after(async () => {
      await open.store.close();
      await limited.store.close();
    });

    it('answers any request to any path without a 5xx, and every refusal as JSON {error: {code, message}}', async () => {
      await fc.assert(
        fc.asyncProperty(anyRequest, async ({method, path, query, headers, body}) => {
          const request = buildRequest(method, query ? `${path}?${query}` : path, headers, body);
          if (request) await checkAnswer(open, request, body);
        }),
        {numRuns: runs},
      );
    });

    it('stores exactly the posted comment or refuses it, with fields at and past every limit', async () => {
      await fc.assert(
        fc.asyncProperty(commentLike, fc.stringMatching(/^[A-Za-z0-9_.:-]{1,128}$/), fc.boolean(), async (comment, key, replay) => {
          const body = JSON.stringify(comment);
          const headers = {'Content-Type': 'application/json', 'Idempotency-Key': key};
          for (const attempt of replay ? [1, 2] : [1]) {
            const request = buildRequest('POST', '/api/comments', headers, body);
            assert.ok(request, `attempt ${attempt}`);
            await checkAnswer(open, request, body);
          }
        }),
        {numRuns: runs},
      );
    });

    it('reads pages with any query: garbage cursors, limits, orders and path- or SQL-shaped thread ids', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('/api/comments', '/api/counts'), queryString, threadId, async (path, query, thread) => {
          const request = buildRequest('GET', `${path}?thread=${encodeURIComponent(asText(thread).replace(/[\uD800-\uDFFF]/g, '?'))}&${query}`, {});
          if (request) await checkAnswer(open, request, undefined);
        }),
        {numRuns: runs},
      );
    });

    it('keeps rate limiting with forged X-Forwarded-For headers, answering 429 as JSON with Retry-After', async () => {
      let client = 0;
      let checked = 0;
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.ipV4(), latin1, fc.constant('')), validComment, async (forged, comment) => {
          // A new address per run, as the trusted proxy appends it; whatever the client put in front of it is forged.
          const n = ++client;
          const address = `198.18.${(n >> 8) & 255}.${n & 255}`;
          const headers = (i: number) => ({'Content-Type': 'application/json', 'Idempotency-Key': `rl-${n}-${i}`, 'X-Forwarded-For': forged ? `${forged}, ${address}` : address});
          const body = JSON.stringify({...comment, parent: null});
          if (!buildRequest('POST', '/api/comments', headers(0), body)) return;
          checked++;
          // The limited server allows 5 a minute: five 201s, then a 429, whatever was forged.
          for (let i = 0; i < 6; i++) {
            const response = await limited.app.request(buildRequest('POST', '/api/comments', headers(i), body)!, undefined, loopbackPeer);
            const text = await response.text();
            if (i < 5) {
              assert.equal(response.status, 201, `post ${i + 1} from ${address} behind "${forged}": ${text.slice(0, 200)}`);
              continue;
            }
            assert.equal(response.status, 429, `post 6 from ${address} behind "${forged}" was not limited: ${text.slice(0, 200)}`);
            assert.match(response.headers.get('Retry-After') ?? '', /^[1-9]\d*$/);
            assert.equal((JSON.parse(text) as {error: {code: string}}).error.code, 'rate_limited');
          }
        }),
        {numRuns: Math.ceil(runs / 8)},
      );
      assert.ok(checked >= Math.ceil(runs / 8) / 2, `only ${checked} runs could be sent`);
    });

    it('stores only rows that satisfy the validation rules, one for each 201', async (t) => {
      t.diagnostic(`answers: ${[...tally].sort().map(([k, n]) => `${k}: ${n}`).join(', ')}`);
      for (const server of [open, limited]) {
        assert.deepEqual((await invalidRows(server)).slice(0, 20), []);
      }
      // The limited server's second requests (probes) may have created rows too, so only the open one is counted.
      assert.equal(await open.rowCount(), created.get(open) ?? 0);
    });

    it('still accepts and lists a valid comment after the storm', async () => {
      for (const server of [open, limited]) {
        const thread = `/after-the-storm/${Math.random()}`;
        const response = await server.post(aComment({thread, body: 'Still here.'}), {headers: {'X-Forwarded-For': '203.0.113.250'}});
        assert.equal(response.status, 201);
        const page = (await (await server.get(`/api/comments?thread=${encodeURIComponent(thread)}`)).json()) as {comments: {body: string}[]};
        assert.deepEqual(page.comments.map((c) => c.body), ['Still here.']);
      }
    });
  });
}
