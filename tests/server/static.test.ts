import assert from 'node:assert/strict';
import {mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs';
import {request as httpRequest} from 'node:http';
import type {AddressInfo} from 'node:net';
import {basename, dirname, join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {brotliDecompressSync, gunzipSync} from 'node:zlib';
import {serve} from '@hono/node-server';
import {chooseCoding} from '../../src/server/accept-encoding.js';
import {createCompressedFolder, maxCompressedBytes, nodeFileAccess, UnsettledFileError} from '../../src/server/compressed-files.js';
import type {FileAccess} from '../../src/server/compressed-files.js';
import {loadConfig} from '../../src/server/config.js';
import {createStaticRoutes, isHashedChunk} from '../../src/server/static-files.js';
import type {StaticOptions} from '../../src/server/static-files.js';
import {makeServer, makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

const dist = join(temp.dir, 'dist');
const demo = join(temp.dir, 'site', 'demo');
mkdirSync(join(dist, 'chunks'), {recursive: true});
mkdirSync(join(dist, 'locales'), {recursive: true});
mkdirSync(join(demo, 'posts'), {recursive: true});
/** A module big and repetitive enough that both compressions pay off, as a real bundle does. */
const moduleText = (word: string) => `export const natter = ${JSON.stringify(word)};\n${'customElements.define("x-a", class extends HTMLElement {});\n'.repeat(40)}`;
const files: Record<string, string> = {
  'natter.js': moduleText('loader'),
  'natter.classic.js': moduleText('classic'),
  'natter-count.js': moduleText('count'),
  'chunks/thread-B3xk9_Qa.js': moduleText('thread'),
  'locales/pt-BR.js': moduleText('pt-BR'),
  'natter-comments.js': moduleText('comments'),
  'chunks/plain.js': moduleText('plain'),
  'chunks/thread-elements.js': moduleText('named'),
  'chunks/tiny-Q1w2e3r4.js': 'x',
  'chunks/lit-DXq2z-7a.js': moduleText('lit'),
  'chunks/thread-elements-2.js': moduleText('kebab 2'),
  'chunks/date-utils-v10.js': moduleText('kebab v10'),
  'chunks/lit-element-3.js': moduleText('kebab 3'),
};
/** When the build that wrote the fixtures finished: long enough ago for its files to count as settled. */
const minuteAgo = new Date(Date.now() - 60_000);
for (const [name, text] of Object.entries(files)) {
  writeFileSync(join(dist, name), text);
  utimesSync(join(dist, name), minuteAgo, minuteAgo);
}
writeFileSync(join(temp.dir, 'secret.txt'), 'outside dist');
symlinkSync(join(temp.dir, 'secret.txt'), join(dist, 'chunks', 'linked-A1b2C3d4.js'));
writeFileSync(join(demo, 'index.html'), '<!doctype html><title>Demo</title>');
writeFileSync(join(demo, 'posts', 'index.html'), '<!doctype html><title>Posts</title>');
writeFileSync(join(demo, 'style.css'), 'body{}');
writeFileSync(join(demo, '.env'), 'SECRET=1');
writeFileSync(join(temp.dir, 'site', 'secret.txt'), 'outside demo');
mkdirSync(join(demo, '.git'));
writeFileSync(join(demo, '.git', 'config'), '[secret]');
mkdirSync(join(demo, '.private'));
writeFileSync(join(demo, '.private', 'index.html'), '<title>secret</title>');
// Symlinks inside demo/: to a dot file, into dot folders, out of the root, and one to a plain file.
symlinkSync('.env', join(demo, 'env-link.txt'));
symlinkSync('.git/config', join(demo, 'git-config.txt'));
symlinkSync('.private', join(demo, 'private-link'));
symlinkSync('../secret.txt', join(demo, 'outside.txt'));
symlinkSync(temp.dir, join(demo, 'outside-folder'));
symlinkSync('style.css', join(demo, 'alias.css'));

const server = await makeServer(temp.dir, {distDir: dist, demoDir: demo});
const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());
const decode = {br: brotliDecompressSync, gzip: gunzipSync, identity: (b: Uint8Array) => Buffer.from(b)} as const;

let builds = 0;
/** Writes `files` (paths inside dist/) into a new folder, or over an existing one, dated a minute ago. */
function writeDist(files: Record<string, string>, dir = join(temp.dir, `build-${++builds}`)): string {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), {recursive: true});
    writeFileSync(join(dir, name), text);
    utimesSync(join(dir, name), minuteAgo, minuteAgo);
  }
  return dir;
}

/** The static routes alone over `distDir`, with file access that can be counted or made to fail. */
function staticRoutes(distDir: string, options: StaticOptions = {}) {
  return createStaticRoutes({...loadConfig([], {}), distDir, demoDir: join(temp.dir, 'no-demo')}, options);
}

/** Node's file access, recording each compression as `coding word` (the word `moduleText` was given). */
function countingAccess(): {compressed: string[]; files: FileAccess} {
  const compressed: string[] = [];
  const files: FileAccess = {
    read: nodeFileAccess.read,
    compress: (raw, coding) => {
      compressed.push(`${coding} ${/^export const natter = "([^"]*)"/.exec(Buffer.from(raw).toString())?.[1]}`);
      return nodeFileAccess.compress(raw, coding);
    },
  };
  return {compressed, files};
}

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
      const unbuilt = await makeServer(temp.dir, {distDir: join(temp.dir, 'missing')});
      const res = await unbuilt.get('/natter.js');
      assert.equal(res.status, 404);
      const {error} = (await res.json()) as {error: {code: string; message: string}};
      assert.equal(error.code, 'not_built');
      assert.match(error.message, /npm run build/);
      assert.equal((await unbuilt.get('/natter.classic.js')).status, 404);
      const count = await unbuilt.get('/natter-count.js');
      assert.equal(count.status, 404);
      assert.equal(((await count.json()) as {error: {code: string}}).error.code, 'not_built');
    });
  });

  for (const path of ['/natter.js', '/natter.classic.js', '/natter-count.js', '/chunks/thread-B3xk9_Qa.js', '/locales/pt-BR.js']) {
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

  describe('which chunk names count as hashed', () => {
    // Names as rolldown writes them (`[name]-[hash].js`, an 8-character hash that may hold `-` or `_`); the first
    // four came out of real builds (the loader build's chunks, a split test build).
    const hashed = [
      'define-FrNdbc07.js',
      'write-BB-fcBbe.js',
      'memory-BXI80x2u.js',
      'part-1-Bct3G0dn.js',
      'thread-B3xk9_Qa.js',
      'lit-DXq2z-7a.js',
      'thread-elements-Hj6h7mA3.js',
      'x-_a1-Bcde.js',
    ];
    // Kebab-case names, words with numbers, dates and versions, other lengths and extensions.
    const named = [
      'thread-elements.js',
      'thread-elements-2.js',
      'date-utils-v10.js',
      'lit-element-3.js',
      'thread-element2.js',
      'thread-Elements.js',
      'report-20260101.js',
      'natter-v2026010.js',
      'plain.js',
      'B3xk9_Qa.js',
      'thread-B3xk9_Qa1.js',
      'thread-B3xk9_Q.js',
      'thread-B3xk9_Qa.mjs',
      'thread-B3xk9_Qa.js.map',
    ];
    for (const name of hashed) it(`${name} is hashed`, () => assert.equal(isHashedChunk(name), true));
    for (const name of named) it(`${name} is not`, () => assert.equal(isHashedChunk(name), false));
  });

  it('answers 404 for a language file this build has not, or a name outside the folder', async () => {
    for (const path of ['/locales/xx.js', '/locales/..%2Fnatter.js', '/locales/.retired.json', '/locales/pt-BR.css']) {
      const res = await server.get(path);
      assert.equal(res.status, 404, path);
      assert.equal((await res.json()).error.code, 'not_found', path);
    }
  });

  describe('caching', () => {
    for (const path of ['/chunks/thread-B3xk9_Qa.js', '/chunks/lit-DXq2z-7a.js']) {
      it(`caches the hashed ${path} for a year as immutable`, async () => {
        const res = await server.get(path);
        assert.equal(res.headers.get('Cache-Control'), 'public, max-age=31536000, immutable');
      });
    }

    for (const path of [
      '/natter.js',
      '/natter.classic.js',
      '/natter-count.js',
      '/natter-comments.js',
      '/locales/pt-BR.js',
      '/chunks/plain.js',
      '/chunks/thread-elements.js',
      '/chunks/thread-elements-2.js',
      '/chunks/date-utils-v10.js',
      '/chunks/lit-element-3.js',
    ]) {
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
      const rebuilt = await makeServer(temp.dir, {distDir: dir});
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

  describe('compression', () => {
    it('compresses each file once at start, nothing on repeated GETs, and once per changed file after a rebuild', async () => {
      const dir = writeDist({'natter.js': moduleText('one'), 'natter.classic.js': moduleText('two'), 'chunks/thread-B3xk9_Qa.js': moduleText('three')});
      const {compressed, files} = countingAccess();
      const routes = staticRoutes(dir, {files});
      await routes.warmed;
      assert.deepEqual([...compressed].sort(), ['br one', 'br three', 'br two', 'gzip one', 'gzip three', 'gzip two']);

      const paths = ['/natter.js', '/natter.classic.js', '/chunks/thread-B3xk9_Qa.js'];
      const getAll = async () => {
        for (let round = 0; round < 5; round++) {
          for (const path of paths) {
            for (const accept of ['br', 'gzip', 'identity']) {
              assert.equal((await routes.request(path, {headers: {'Accept-Encoding': accept}})).status, 200, path);
            }
          }
        }
      };
      await getAll();
      assert.equal(compressed.length, 6, 'repeated GETs compressed nothing');

      // A rebuild: natter.js changes (and its length), a chunk is added, natter.classic.js and the old chunk stay.
      writeDist({'natter.js': moduleText('one, rebuilt'), 'chunks/write-Zz9Yy8Xx.js': moduleText('four')}, dir);
      paths.push('/chunks/write-Zz9Yy8Xx.js');
      await getAll();
      assert.deepEqual(compressed.slice(6).sort(), ['br four', 'br one, rebuilt', 'gzip four', 'gzip one, rebuilt']);
    });
  });

  describe('at start', () => {
    it('reads and compresses only the served scripts: not custom-elements.json, maps or strays', async () => {
      const dir = writeDist({
        'natter.js': moduleText('one'),
        'natter.classic.js': moduleText('two'),
        'custom-elements.json': '{"schemaVersion": "1.0.0"}',
        'stray.txt': 'notes',
        'README.md': '# dist',
        'chunks/thread-B3xk9_Qa.js': moduleText('three'),
        'chunks/thread-B3xk9_Qa.js.map': '{}',
        'chunks/notes.txt': 'notes',
      });
      const reads: string[] = [];
      const routes = staticRoutes(dir, {files: {read: (path) => (reads.push(basename(path)), nodeFileAccess.read(path))}});
      await routes.warmed;
      assert.deepEqual(reads.sort(), ['natter.classic.js', 'natter.js', 'thread-B3xk9_Qa.js']);
    });

    it(`sends a file over ${maxCompressedBytes} B as it is, without compressing it`, async () => {
      const big = `/* ${'x'.repeat(maxCompressedBytes)} */`;
      const dir = writeDist({'chunks/big-B3xk9_Qa.js': big, 'natter.js': moduleText('one')});
      const compressed: number[] = [];
      // Stands in for zlib: a real brotli 11 of 5 MB takes seconds. Its tiny output would be sent if it were asked.
      const compress = async (raw: Uint8Array) => (compressed.push(raw.length), new Uint8Array(1));
      const routes = staticRoutes(dir, {files: {compress}});
      await routes.warmed;
      const res = await routes.request('/chunks/big-B3xk9_Qa.js', {headers: {'Accept-Encoding': 'br, gzip'}});
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('Content-Encoding'), null);
      assert.equal(res.headers.get('Content-Length'), String(big.length));
      assert.deepEqual(compressed, [moduleText('one').length, moduleText('one').length], 'only natter.js was compressed');
    });
  });

  describe('a file a build may still be writing', () => {
    it('is sent with no-store, neither immutable nor max-age, while its mtime is under 2 s old', async () => {
      const dir = writeDist({'natter.js': moduleText('one'), 'chunks/thread-B3xk9_Qa.js': moduleText('two').slice(0, 100)});
      const writing = await makeServer(temp.dir, {distDir: dir});
      const paths = ['/natter.js', '/chunks/thread-B3xk9_Qa.js'];
      for (const path of paths) utimesSync(join(dir, path), new Date(), new Date());
      for (const path of paths) {
        const res = await writing.get(path, {'Accept-Encoding': 'br'});
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('Cache-Control'), 'no-store', path);
      }
      // Settled: the same bytes are now cached as usual.
      for (const path of paths) utimesSync(join(dir, path), minuteAgo, minuteAgo);
      assert.equal((await writing.get('/natter.js')).headers.get('Cache-Control'), 'public, max-age=300');
      assert.equal((await writing.get('/chunks/thread-B3xk9_Qa.js')).headers.get('Cache-Control'), 'public, max-age=31536000, immutable');
    });

    it('holds the finished bytes of a file that was written to while it was read, never the half read', async () => {
      const whole = moduleText('whole');
      const dir = writeDist({'chunks/thread-B3xk9_Qa.js': whole.slice(0, 100)});
      let reads = 0;
      const folder = createCompressedFolder(join(dir, 'chunks'), {
        read: async (path) => {
          const raw = await nodeFileAccess.read(path);
          // The build writes the rest while this first read is under way.
          if (++reads === 1) writeFileSync(path, whole);
          return raw;
        },
      });
      const file = await folder.get('thread-B3xk9_Qa.js');
      assert.equal(Buffer.from(file!.variants.identity.body).toString(), whole);
      assert.equal(brotliDecompressSync(file!.variants.br!.body).toString(), whole);
      assert.equal(reads, 2);
    });

    it('answers 503 with Retry-After for a file that changes on every read', async (t) => {
      t.mock.method(console, 'error', () => undefined);
      const dir = writeDist({'natter.js': moduleText('one')});
      const read = async (path: string) => {
        const raw = await nodeFileAccess.read(path);
        writeFileSync(path, `${Buffer.from(raw).toString()}// more\n`);
        return raw;
      };
      await assert.rejects(createCompressedFolder(dir, {read}).get('natter.js'), UnsettledFileError);
      const routes = staticRoutes(dir, {files: {read}});
      await routes.warmed;
      const res = await routes.request('/natter.js');
      assert.equal(res.status, 503);
      assert.ok(res.headers.get('Retry-After'));
    });
  });

  describe('when a file cannot be read', () => {
    const failure = (code: string) => Object.assign(new Error(`${code}: failed, read`), {code});

    it('answers 503 JSON with Retry-After for an I/O error, logs it, and reads again on the next request', async (t) => {
      const logged = t.mock.method(console, 'error', () => undefined);
      const dir = writeDist({'natter.js': moduleText('one'), 'chunks/thread-B3xk9_Qa.js': moduleText('two')});
      let failing = true;
      const routes = staticRoutes(dir, {
        files: {read: (path) => (failing ? Promise.reject(failure('EIO')) : nodeFileAccess.read(path))},
      });
      await routes.warmed;
      for (const path of ['/natter.js', '/chunks/thread-B3xk9_Qa.js']) {
        const res = await routes.request(path);
        assert.equal(res.status, 503, path);
        assert.match(res.headers.get('Retry-After') ?? '', /^\d+$/);
        const text = await res.text();
        const {error} = JSON.parse(text) as {error: {code: string; message: string}};
        assert.equal(error.code, 'unavailable');
        assert.match(error.message, /try again/);
        assert.doesNotMatch(text, /EIO|natter|thread|chunks/);
      }
      assert.ok(logged.mock.callCount() >= 2, 'each failure is logged');
      failing = false;
      assert.equal(await (await routes.request('/natter.js')).text(), moduleText('one'));
    });

    it('answers 404 when the file is removed between listing and reading', async () => {
      const dir = writeDist({'natter.js': moduleText('one')});
      const routes = staticRoutes(dir, {files: {read: () => Promise.reject(failure('ENOENT'))}});
      await routes.warmed;
      const res = await routes.request('/natter.js');
      assert.equal(res.status, 404);
      assert.equal(((await res.json()) as {error: {code: string}}).error.code, 'not_built');
    });

    it('answers 503 for a demo file the server cannot resolve (a symlink loop), 404 for names that cannot exist', async (t) => {
      const logged = t.mock.method(console, 'error', () => undefined);
      symlinkSync('loop.html', join(demo, 'loop.html'));
      try {
        const res = await server.get('/loop.html');
        assert.equal(res.status, 503);
        assert.ok(res.headers.get('Retry-After'));
        assert.equal(((await res.json()) as {error: {code: string}}).error.code, 'unavailable');
        assert.equal(logged.mock.callCount(), 1);
      } finally {
        rmSync(join(demo, 'loop.html'));
      }
      // ENAMETOOLONG and ENOTDIR: the address names no file.
      for (const path of [`/${'a'.repeat(300)}.html`, '/style.css/inner.html']) {
        assert.equal((await server.get(path)).status, 404, path.slice(0, 20));
      }
    });
  });

  describe('NATTER_ORIGINS', () => {
    let listed: Awaited<ReturnType<typeof makeServer>>;
    before(async () => {
      listed = await makeServer(temp.dir, {distDir: dist, origins: ['https://blog.example']});
    });

    for (const origin of ['https://blog.example', 'https://elsewhere.example']) {
      it(`gives the bundle to ${origin} with Access-Control-Allow-Origin: *, not varying on Origin`, async () => {
        for (const path of ['/natter.js', '/chunks/thread-B3xk9_Qa.js']) {
          const res = await listed.get(path, {Origin: origin});
          assert.equal(res.status, 200);
          assert.equal(res.headers.get('Access-Control-Allow-Origin'), '*');
          assert.equal(res.headers.get('Timing-Allow-Origin'), '*');
          assert.equal(res.headers.get('Vary'), 'Accept-Encoding');
        }
      });
    }

    it('still guards the API: only a listed origin gets a CORS header there', async () => {
      const allowed = await listed.get('/api/counts?thread=/', {Origin: 'https://blog.example'});
      assert.equal(allowed.headers.get('Access-Control-Allow-Origin'), 'https://blog.example');
      const other = await listed.get('/api/counts?thread=/', {Origin: 'https://elsewhere.example'});
      assert.equal(other.headers.get('Access-Control-Allow-Origin'), null);
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

    it('follows a symlink to a plain file inside demo/', async () => {
      const res = await server.get('/alias.css');
      assert.equal(res.status, 200);
      assert.match(await res.text(), /^body\{/);
    });

    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/posts/%2e%2e%2f%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/.env',
      '/missing.html',
      '/%E0%A4%A',
      '/missing.js',
      '/env-link.txt',
      '/git-config.txt',
      '/private-link/',
      '/private-link/index.html',
      '/outside.txt',
      '/outside-folder/secret.txt',
      '/outside-folder/site/secret.txt',
    ]) {
      it(`answers 404 JSON for ${path} without echoing it`, async () => {
        const res = await server.get(path);
        assert.equal(res.status, 404);
        const text = await res.text();
        assert.equal((JSON.parse(text) as {error: {code: string}}).error.code, 'not_found');
        assert.doesNotMatch(text, /secret|SECRET|env|missing|link|outside|%/);
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
    let http: ReturnType<typeof serve>;
    let port = 0;
    before(async () => {
      http = serve({fetch: server.app.fetch, port: 0, hostname: '127.0.0.1'});
      await new Promise((done) => http.once('listening', done));
      port = (http.address() as AddressInfo).port;
    });
    after(() => new Promise((done) => http.close(done)));

    /** GET with the path sent exactly as written: no URL parser normalises `..` or decodes `%2f` on the way. */
    const rawGet = (path: string, headers: Record<string, string> = {}) =>
      new Promise<{status: number; headers: Record<string, unknown>; body: Buffer}>((done, fail) => {
        const req = httpRequest({port, host: '127.0.0.1', path, headers}, (res) => {
          const parts: Buffer[] = [];
          res.on('data', (part: Buffer) => parts.push(part));
          res.on('end', () => done({status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts)}));
        });
        req.on('error', fail);
        req.end();
      });

    it('keeps Content-Encoding and Content-Length on the wire', async () => {
      const {headers, body} = await rawGet('/natter.js', {'Accept-Encoding': 'br'});
      assert.equal(headers['content-encoding'], 'br');
      assert.equal(headers['content-length'], String(body.length));
      assert.equal(brotliDecompressSync(body).toString(), files['natter.js']);
    });

    for (const path of [
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/posts/..%2f..%2fsecret.txt',
      '/..%2f..%2fsecret.txt',
      '/chunks/..%2f..%2fsecret.txt',
      '/chunks/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/env-link.txt',
      '/outside.txt',
    ]) {
      it(`answers 404 JSON to a raw GET ${path}`, async () => {
        const {status, headers, body} = await rawGet(path);
        assert.equal(status, 404);
        assert.match(String(headers['content-type']), /^application\/json/);
        assert.equal((JSON.parse(body.toString()) as {error: {code: string}}).error.code, 'not_found');
        assert.doesNotMatch(body.toString(), /outside|SECRET|secret/);
      });
    }
  });
});
