import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {brotliDecompressSync, gunzipSync} from 'node:zlib';
import {MIN_COMPRESS_BYTES, pageCompressions, pickEncoding} from '../../src/server/http/compress.js';
import {aComment, makeServer, makeTempDir} from './setup.js';
import type {TestServer} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

const demoDir = join(temp.dir, 'demo');
const distDir = join(temp.dir, 'dist');
mkdirSync(demoDir, {recursive: true});
mkdirSync(distDir, {recursive: true});
writeFileSync(join(demoDir, 'index.html'), '<!doctype html><title>demo</title>');
writeFileSync(join(distDir, 'natter.js'), 'export {};');

/** A server with a thread whose first page is well over the compression threshold. */
async function serverWithLongThread() {
  const server = await makeServer(temp.dir, {rateLimit: 0, demoDir, distDir});
  for (let i = 0; i < 20; i++) {
    assert.equal((await server.post(aComment({thread: '/long', body: `Comment ${i}: ${'a reasonably long sentence about caching. '.repeat(5)}`}))).status, 201);
  }
  return server;
}

function decode(res: Response, bytes: Buffer): unknown {
  const coding = res.headers.get('content-encoding');
  const plain = coding === 'br' ? brotliDecompressSync(bytes) : coding === 'gzip' ? gunzipSync(bytes) : bytes;
  return JSON.parse(plain.toString('utf8'));
}

describe('security headers', () => {
  let server: TestServer;
  before(async () => {
    server = await makeServer(temp.dir, {demoDir, distDir});
  });

  for (const [what, path] of [
    ['an API answer', '/api/counts?thread=a'],
    ['an API refusal', '/api/comments?thread=a&limit=0'],
    ['a 404', '/api/nothing'],
    ['the bundle', '/natter.js'],
    ['the demo page', '/'],
  ] as const) {
    it(`sends nosniff and a Referrer-Policy on ${what}`, async () => {
      const res = await server.get(path);
      assert.equal(res.headers.get('X-Content-Type-Options'), 'nosniff');
      assert.match(res.headers.get('Referrer-Policy') ?? '', /^(no-referrer|strict-origin-when-cross-origin)$/);
    });
  }

  it('puts a Content-Security-Policy on HTML pages that allows only the server itself', async () => {
    const res = await server.get('/');
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /object-src 'none'/);
    assert.match(csp, /frame-ancestors 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(res.headers.get('Referrer-Policy'), 'strict-origin-when-cross-origin');
  });

  it('answers a 404 without echoing the path it was asked for', async () => {
    const probe = '/api/%3Cscript%3Ealert(1)%3C%2Fscript%3E-probe';
    const res = await server.get(probe);
    assert.equal(res.status, 404);
    const text = await res.text();
    assert.deepEqual(JSON.parse(text), {error: {code: 'not_found', message: 'There is nothing at this address.'}});
    assert.doesNotMatch(text, /probe|script/);
  });

  it('answers an unsupported method without echoing it', async () => {
    const res = await server.app.request('/api/comments', {method: 'PURGE'});
    assert.equal(res.status, 405);
    assert.doesNotMatch(await res.text(), /PURGE/);
  });
});

describe('compression', () => {
  it('sends a cached page as brotli or gzip as Accept-Encoding asks, the same comments either way', async () => {
    const server = await serverWithLongThread();
    const path = '/api/comments?thread=/long';
    const plain = await server.get(path);
    assert.equal(plain.headers.get('Content-Encoding'), null);
    assert.equal(plain.headers.get('Vary'), 'Accept-Encoding');
    const plainBytes = Buffer.from(await plain.arrayBuffer());
    assert.ok(plainBytes.byteLength > MIN_COMPRESS_BYTES);
    const page = JSON.parse(plainBytes.toString('utf8')) as {comments: unknown[]};
    assert.equal(page.comments.length, 20);

    for (const [accept, coding] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['identity', null],
    ] as const) {
      const res = await server.get(path, {'Accept-Encoding': accept});
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('Content-Encoding'), coding, accept);
      assert.match(res.headers.get('Vary') ?? '', /Accept-Encoding/);
      const bytes = Buffer.from(await res.arrayBuffer());
      if (coding) assert.ok(bytes.byteLength < plainBytes.byteLength / 2, `${coding}: ${bytes.byteLength} of ${plainBytes.byteLength} bytes`);
      assert.deepEqual(decode(res, bytes), page, accept);
    }
  });

  it('compresses a cached page once, and again after a new comment changes it', async () => {
    const server = await serverWithLongThread();
    const path = '/api/comments?thread=/long';
    const before = pageCompressions.count;
    // The first answer puts the page in the cache; the next four, at the same time, find it there.
    const first = Buffer.from(await (await server.get(path, {'Accept-Encoding': 'br'})).arrayBuffer());
    const answers = await Promise.all(Array.from({length: 4}, () => server.get(path, {'Accept-Encoding': 'br'})));
    const bodies = await Promise.all(answers.map(async (res) => Buffer.from(await res.arrayBuffer())));
    assert.ok(bodies.every((b) => b.equals(first)));
    assert.equal(pageCompressions.count - before, 1, 'five answers, one compression');
    await server.get(path, {'Accept-Encoding': 'gzip'});
    assert.equal(pageCompressions.count - before, 2, 'and one more for gzip');

    assert.equal((await server.post(aComment({thread: '/long', body: 'One more.'}))).status, 201);
    const third = await server.get(path, {'Accept-Encoding': 'br'});
    const page = decode(third, Buffer.from(await third.arrayBuffer())) as {total: number};
    assert.equal(page.total, 21);
    assert.equal(pageCompressions.count - before, 3, 'the changed page is compressed anew');
  });

  it('leaves small answers uncompressed and compresses large per-request ones', async () => {
    const server = await makeServer(temp.dir, {rateLimit: 0});
    const small = await server.get('/api/counts?thread=a', {'Accept-Encoding': 'br, gzip'});
    assert.equal(small.headers.get('Content-Encoding'), null);
    assert.deepEqual(await small.json(), {counts: {a: 0}});
    const many = Array.from({length: 100}, (_, i) => `thread=${encodeURIComponent(`/posts/2026/a-long-thread-name-${i}`)}`).join('&');
    const large = await server.get(`/api/counts?${many}`, {'Accept-Encoding': 'gzip'});
    assert.equal(large.status, 200);
    assert.equal(large.headers.get('Content-Encoding'), 'gzip');
    assert.match(large.headers.get('Vary') ?? '', /Accept-Encoding/);
    const counts = decode(large, Buffer.from(await large.arrayBuffer())) as {counts: Record<string, number>};
    assert.equal(Object.keys(counts.counts).length, 100);
    assert.equal(large.headers.get('Cache-Control'), 'no-store');
    assert.equal(large.headers.get('X-Content-Type-Options'), 'nosniff');
  });

  it('keeps the CORS headers and Vary: Origin on a compressed answer', async () => {
    const server = await serverWithLongThread();
    const listed = await makeServer(temp.dir, {origins: ['https://blog.example']});
    const res = await server.get('/api/comments?thread=/long', {'Accept-Encoding': 'br', Origin: 'https://blog.example'});
    assert.equal(res.headers.get('Access-Control-Allow-Origin'), '*');
    const other = await listed.get('/api/counts?thread=a', {Origin: 'https://blog.example'});
    assert.equal(other.headers.get('Access-Control-Allow-Origin'), 'https://blog.example');
    assert.match(other.headers.get('Vary') ?? '', /Origin/);
  });
});

describe('pickEncoding', () => {
  it('prefers brotli, falls back to gzip, honours q=0 and *', () => {
    assert.equal(pickEncoding(undefined), null);
    assert.equal(pickEncoding(''), null);
    assert.equal(pickEncoding('gzip, deflate, br, zstd'), 'br');
    assert.equal(pickEncoding('gzip'), 'gzip');
    assert.equal(pickEncoding('GZIP;q=0.5'), 'gzip');
    assert.equal(pickEncoding('br;q=0.2, gzip;q=0.8'), 'gzip');
    assert.equal(pickEncoding('br;q=0, gzip;q=0'), null);
    assert.equal(pickEncoding('*'), 'br');
    assert.equal(pickEncoding('*;q=0, gzip'), 'gzip');
    assert.equal(pickEncoding('identity, deflate'), null);
  });
});
