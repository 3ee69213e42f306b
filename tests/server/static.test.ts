import assert from 'node:assert/strict';
import {mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs';
import {request as httpRequest} from 'node:http';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {brotliDecompressSync, gunzipSync} from 'node:zlib';
import {serve} from '@hono/node-server';
import {chooseCoding} from '../../src/server/accept-encoding.js';
import {makeServer, makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

const dist = join(temp.dir, 'dist');
const demo = join(temp.dir, 'site', 'demo');
mkdirSync(join(dist, 'chunks'), {recursive: true});
mkdirSync(join(demo, 'posts'), {recursive: true});
/** A module big and repetitive enough that both compressions pay off, as a real bundle does. */
const moduleText = (word: string) => `export const natter = ${JSON.stringify(word)};\n${'customElements.define("x-a", class extends HTMLElement {});\n'.repeat(40)}`;
const files: Record<string, string> = {
  'natter.js': moduleText('loader'),
  'natter.classic.js': moduleText('classic'),
  'natter-count.js': moduleText('count'),
  'chunks/thread-B3xk9_Qa.js': moduleText('thread'),
  'chunks/plain.js': moduleText('plain'),
  'chunks/tiny-Q1w2e3r4.js': 'x',
};
for (const [name, text] of Object.entries(files)) writeFileSync(join(dist, name), text);
writeFileSync(join(temp.dir, 'secret.txt'), 'outside dist');
symlinkSync(join(temp.dir, 'secret.txt'), join(dist, 'chunks', 'linked-A1b2C3d4.js'));
writeFileSync(join(demo, 'index.html'), '<!doctype html><title>Demo</title>');
writeFileSync(join(demo, 'posts', 'index.html'), '<!doctype html><title>Posts</title>');
writeFileSync(join(demo, 'style.css'), 'body{}');
writeFileSync(join(demo, '.env'), 'SECRET=1');
writeFileSync(join(temp.dir, 'site', 'secret.txt'), 'outside demo');

const server = makeServer(temp.dir, {distDir: dist, demoDir: demo});
const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());
const decode = {br: brotliDecompressSync, gzip: gunzipSync, identity: (b: Uint8Array) => Buffer.from(b)} as const;

describe('static files', () => {
  describe('Accept-Encoding negotiation', () => {
    const all = ['br', 'gzip', 'identity'] as const;
    const cases: [string | undefined, string][] = [
      [undefined, 'identity'],
      ['', 'identity'],
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
      ['x-gzip', 'gzip'],
      ['br;q=0.5, gzip', 'gzip'],
      ['br;q=0, gzip;q=0.1', 'gzip'],
      ['*', 'br'],
      ['*;q=0.2, br;q=0', 'gzip'],
      ['identity', 'identity'],
      ['identity;q=0, gzip;q=0.3', 'gzip'],
      ['deflate', 'identity'],
      ['BR; Q=1', 'br'],
      ['br;q=2, gzip', 'gzip'],
    ];
    for (const [header, expected] of cases) {
      it(`picks ${expected} for ${JSON.stringify(header)}`, () => {
        assert.equal(chooseCoding(header, all), expected);
      });
    }
    it('only picks codings on offer', () => {
      assert.equal(chooseCoding('br, gzip', ['identity']), 'identity');
      assert.equal(chooseCoding('br, gzip', ['gzip', 'identity']), 'gzip');
    });
  });

  describe('GET /natter.js when dist/ was never built', () => {
    it('answers 404 JSON telling to run npm run build', async () => {
      const unbuilt = makeServer(temp.dir, {distDir: join(temp.dir, 'missing')});
      const res = await unbuilt.get('/natter.js');
      assert.equal(res.status, 404);
      const {error} = (await res.json()) as {error: {code: string; message: string}};
      assert.equal(error.code, 'not_built');
      assert.match(error.message, /npm run build/);
      assert.equal((await unbuilt.get('/natter.classic.js')).status, 404);
    });
  });

  for (const path of ['/natter.js', '/natter.classic.js', '/natter-count.js', '/chunks/thread-B3xk9_Qa.js']) {
    const source = files[path.slice(1)]!;
    describe(`GET ${path}`, () => {
      for (const [accept, coding] of [['br, gzip', 'br'], ['gzip', 'gzip'], [undefined, 'identity']] as const) {
        it(`sends ${coding} bytes that decode to the file, with their length, type and Vary`, async () => {
          const res = await server.get(path, accept ? {'Accept-Encoding': accept} : {});
          assert.equal(res.status, 200);
          assert.equal(res.headers.get('Content-Encoding'), coding === 'identity' ? null : coding);
          assert.equal(res.headers.get('Content-Type'), 'text/javascript; charset=utf-8');
          assert.match(res.headers.get('Vary') ?? '', /\bAccept-Encoding\b/);
          const body = await bytes(res);
          assert.equal(res.headers.get('Content-Length'), String(body.length));
          if (coding !== 'identity') assert.ok(body.length < source.length / 2, `${coding} is ${body.length} B of ${source.length}`);
          assert.equal(decode[coding](body).toString('utf8'), source);
        });
      }

      it('answers HEAD with the headers and length of GET and no body', async () => {
        const get = await server.get(path, {'Accept-Encoding': 'gzip'});
        const head = await server.app.request(path, {method: 'HEAD', headers: {'Accept-Encoding': 'gzip'}});
        assert.equal(head.status, 200);
        assert.equal(head.headers.get('Content-Length'), get.headers.get('Content-Length'));
        assert.equal(head.headers.get('ETag'), get.headers.get('ETag'));
        assert.equal((await bytes(head)).length, 0);
      });

      it('lets any origin load it as a module script, and measure it', async () => {
        const res = await server.get(path, {Origin: 'https://blog.example'});
        assert.equal(res.headers.get('Access-Control-Allow-Origin'), '*');
        assert.equal(res.headers.get('Timing-Allow-Origin'), '*');
        assert.equal(res.headers.get('Cross-Origin-Resource-Policy'), 'cross-origin');
        assert.equal(res.headers.get('X-Content-Type-Options'), 'nosniff');
      });
    });
  }

  describe('caching', () => {
    it('caches hashed chunks for a year as immutable', async () => {
      const res = await server.get('/chunks/thread-B3xk9_Qa.js');
      assert.equal(res.headers.get('Cache-Control'), 'public, max-age=31536000, immutable');
    });

    for (const path of ['/natter.js', '/natter.classic.js', '/natter-count.js', '/chunks/plain.js']) {
      it(`gives the unhashed ${path} a short max-age and no immutable`, async () => {
        const cacheControl = (await server.get(path)).headers.get('Cache-Control') ?? '';
        assert.equal(cacheControl, 'public, max-age=300');
      });
    }

    it('gives each encoding its own strong ETag', async () => {
      const tags = await Promise.all(['br', 'gzip', 'identity'].map(async (e) => (await server.get('/natter.js', {'Accept-Encoding': e})).headers.get('ETag')));
      for (const tag of tags) assert.match(tag ?? '', /^"[^"]+"$/);
      assert.equal(new Set(tags).size, 3);
    });

    it('answers 304 without a body to If-None-Match with the current ETag, weak or strong', async () => {
      const first = await server.get('/natter.js', {'Accept-Encoding': 'br'});
      const etag = first.headers.get('ETag')!;
      for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const res = await server.get('/natter.js', {'Accept-Encoding': 'br', 'If-None-Match': ifNoneMatch});
        assert.equal(res.status, 304, ifNoneMatch);
        assert.equal(res.headers.get('ETag'), etag);
        assert.equal(res.headers.get('Cache-Control'), 'public, max-age=300');
        assert.match(res.headers.get('Vary') ?? '', /Accept-Encoding/);
        assert.equal(res.headers.get('Access-Control-Allow-Origin'), '*');
        assert.equal((await bytes(res)).length, 0);
      }
    });

    it('answers 200 when the ETag is another encoding’s or an older file’s', async () => {
      const brTag = (await server.get('/natter.js', {'Accept-Encoding': 'br'})).headers.get('ETag')!;
      const res = await server.get('/natter.js', {'Accept-Encoding': 'gzip', 'If-None-Match': brTag});
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('Content-Encoding'), 'gzip');
      assert.equal((await server.get('/natter.js', {'If-None-Match': '"stale"'})).status, 200);
    });

    it('sends a file too small to gain from compression as it is', async () => {
      const res = await server.get('/chunks/tiny-Q1w2e3r4.js', {'Accept-Encoding': 'br, gzip'});
      assert.equal(res.headers.get('Content-Encoding'), null);
      assert.equal(await res.text(), 'x');
    });
  });

  describe('after a rebuild', () => {
    it('serves the new bytes and ETag of a rewritten entry file, in every encoding', async () => {
      const dir = join(temp.dir, 'rebuild');
      mkdirSync(join(dir, 'chunks'), {recursive: true});
      writeFileSync(join(dir, 'natter.js'), moduleText('before'));
      const rebuilt = makeServer(temp.dir, {distDir: dir});
      const before = await rebuilt.get('/natter.js', {'Accept-Encoding': 'br'});
      assert.equal(brotliDecompressSync(await bytes(before)).toString(), moduleText('before'));

      writeFileSync(join(dir, 'natter.js'), moduleText('after!'));
      // Same size, so only the mtime tells; set it apart from the first write's, whatever the file system's resolution.
      utimesSync(join(dir, 'natter.js'), new Date(), new Date(Date.now() + 5000));
      writeFileSync(join(dir, 'chunks', 'new-Zz9Yy8Xx.js'), moduleText('chunk'));
      for (const [accept, coding] of [['br', 'br'], ['gzip', 'gzip'], ['identity', 'identity']] as const) {
        const res = await rebuilt.get('/natter.js', {'Accept-Encoding': accept});
        assert.equal(decode[coding](await bytes(res)).toString(), moduleText('after!'));
        assert.notEqual(res.headers.get('ETag'), before.headers.get('ETag'));
      }
      assert.equal((await rebuilt.get('/natter.js', {'If-None-Match': before.headers.get('ETag')!})).status, 200);
      assert.equal((await rebuilt.get('/chunks/new-Zz9Yy8Xx.js')).status, 200);

      rmSync(join(dir, 'chunks', 'new-Zz9Yy8Xx.js'));
      assert.equal((await rebuilt.get('/chunks/new-Zz9Yy8Xx.js')).status, 404);
    });
  });

  describe('NATTER_ORIGINS', () => {
    const listed = makeServer(temp.dir, {distDir: dist, origins: ['https://blog.example']});

    it('allows a listed origin by name and varies on Origin', async () => {
      const res = await listed.get('/chunks/thread-B3xk9_Qa.js', {Origin: 'https://blog.example'});
      assert.equal(res.headers.get('Access-Control-Allow-Origin'), 'https://blog.example');
      assert.match(res.headers.get('Vary') ?? '', /\bOrigin\b/);
    });

    it('gives another origin no CORS header', async () => {
      const res = await listed.get('/natter.js', {Origin: 'https://elsewhere.example'});
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('Access-Control-Allow-Origin'), null);
    });
  });

  describe('refused chunk paths', () => {
    const paths = [
      '/chunks/nope-12345678.js',
      '/chunks/..%2f..%2fsecret.txt',
      '/chunks/%2e%2e%2fnatter.js',
      '/chunks/..%5cnatter.js',
      '/chunks/.hidden.js',
      '/chunks/a/b.js',
      '/chunks/linked-A1b2C3d4.js',
      '/chunks/%E0%A4%A',
      '/chunks/',
    ];
    for (const path of paths) {
      it(`answers 404 JSON for ${path} without echoing it`, async () => {
        const res = await server.get(path);
        assert.equal(res.status, 404);
        const text = await res.text();
        const {error} = JSON.parse(text) as {error: {code: string}};
        assert.equal(error.code, 'not_found');
        assert.doesNotMatch(text, /chunks|secret|hidden|linked|nope|%/);
      });
    }
  });

  describe('the demo', () => {
    it('serves index.html at / with nosniff and a revalidated ETag', async () => {
      const res = await server.get('/');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('Content-Type') ?? '', /^text\/html/);
      assert.equal(res.headers.get('X-Content-Type-Options'), 'nosniff');
      assert.equal(res.headers.get('Cache-Control'), 'no-cache');
      assert.match(await res.text(), /Demo/);
      const again = await server.get('/', {'If-None-Match': res.headers.get('ETag')!});
      assert.equal(again.status, 304);
      assert.equal(await again.text(), '');
    });

    it('answers 200 again after the page changes', async () => {
      const etag = (await server.get('/style.css')).headers.get('ETag')!;
      writeFileSync(join(demo, 'style.css'), 'body{color:red}');
      const res = await server.get('/style.css', {'If-None-Match': etag});
      assert.equal(res.status, 200);
      assert.equal(await res.text(), 'body{color:red}');
    });

    it('serves other files and folder index pages', async () => {
      assert.match(await (await server.get('/posts/')).text(), /Posts/);
      const css = await server.get('/style.css');
      assert.match(css.headers.get('Content-Type') ?? '', /^text\/css/);
    });

    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/posts/%2e%2e%2f%2e%2e/secret.txt', '/..%5csecret.txt', '/.env', '/missing.html', '/%E0%A4%A', '/missing.js']) {
      it(`answers 404 JSON for ${path} without echoing it`, async () => {
        const res = await server.get(path);
        assert.equal(res.status, 404);
        const text = await res.text();
        assert.equal((JSON.parse(text) as {error: {code: string}}).error.code, 'not_found');
        assert.doesNotMatch(text, /secret|env|missing|%/);
      });
    }
  });

  describe('an unknown /api path', () => {
    it('answers 404 JSON', async () => {
      const res = await server.get('/api/nope');
      assert.equal(res.status, 404);
      assert.equal(((await res.json()) as {error: {code: string}}).error.code, 'not_found');
    });
  });

  describe('over real HTTP', () => {
    it('keeps Content-Encoding and Content-Length on the wire', async () => {
      const http = serve({fetch: server.app.fetch, port: 0, hostname: '127.0.0.1'});
      await new Promise((done) => http.once('listening', done));
      const {port} = http.address() as AddressInfo;
      try {
        const {headers, body} = await new Promise<{headers: Record<string, unknown>; body: Buffer}>((done, fail) => {
          const req = httpRequest({port, host: '127.0.0.1', path: '/natter.js', headers: {'Accept-Encoding': 'br'}}, (res) => {
            const parts: Buffer[] = [];
            res.on('data', (part: Buffer) => parts.push(part));
            res.on('end', () => done({headers: res.headers, body: Buffer.concat(parts)}));
          });
          req.on('error', fail);
          req.end();
        });
        assert.equal(headers['content-encoding'], 'br');
        assert.equal(headers['content-length'], String(body.length));
        assert.equal(brotliDecompressSync(body).toString(), files['natter.js']);
      } finally {
        await new Promise((done) => http.close(done));
      }
    });
  });
});
