import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {makeServer, makeTempDir} from './setup.js';
import type {TestServer} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

const dist = join(temp.dir, 'dist');
const demo = join(temp.dir, 'site', 'demo');
mkdirSync(dist, {recursive: true});
mkdirSync(join(demo, 'posts'), {recursive: true});
writeFileSync(join(dist, 'natter.js'), 'export const natter = 1;');
writeFileSync(join(demo, 'index.html'), '<!doctype html><title>Demo</title>');
writeFileSync(join(demo, 'posts', 'index.html'), '<!doctype html><title>Posts</title>');
writeFileSync(join(demo, 'style.css'), 'body{}');
writeFileSync(join(demo, '.env'), 'SECRET=1');
writeFileSync(join(temp.dir, 'site', 'secret.txt'), 'outside demo');

describe('static files', () => {
  describe('GET /natter.js when dist/ was never built', () => {
    it('answers 404 JSON telling to run npm run build', async () => {
      const server = await makeServer(temp.dir, {distDir: join(temp.dir, 'missing')});
      const res = await server.get('/natter.js');
      assert.equal(res.status, 404);
      const {error} = (await res.json()) as {error: {code: string; message: string}};
      assert.equal(error.code, 'not_built');
      assert.match(error.message, /npm run build/);
    });
  });

  describe('GET /natter.js when built', () => {
    it('answers the script as text/javascript that any blog may load', async () => {
      const server = await makeServer(temp.dir, {distDir: dist});
      const res = await server.get('/natter.js');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('Content-Type') ?? '', /^text\/javascript/);
      assert.equal(res.headers.get('Access-Control-Allow-Origin'), '*');
      assert.equal(await res.text(), 'export const natter = 1;');
    });

    it('answers 404 for the classic bundle when only the module was built', async () => {
      const server = await makeServer(temp.dir, {distDir: dist});
      assert.equal((await server.get('/natter.classic.js')).status, 404);
    });
  });

  describe('the demo', () => {
    let server: TestServer;
    before(async () => {
      server = await makeServer(temp.dir, {demoDir: demo});
    });

    it('serves index.html at / with nosniff', async () => {
      const res = await server.get('/');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('Content-Type') ?? '', /^text\/html/);
      assert.equal(res.headers.get('X-Content-Type-Options'), 'nosniff');
      assert.match(await res.text(), /Demo/);
    });

    it('serves other files and folder index pages', async () => {
      assert.match(await (await server.get('/posts/')).text(), /Posts/);
      const css = await server.get('/style.css');
      assert.match(css.headers.get('Content-Type') ?? '', /^text\/css/);
    });

    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/posts/%2e%2e%2f%2e%2e/secret.txt', '/..%5csecret.txt', '/.env', '/missing.html', '/%E0%A4%A']) {
      it(`answers 404 JSON for ${path}`, async () => {
        const res = await server.get(path);
        assert.equal(res.status, 404);
        assert.equal(((await res.json()) as {error: {code: string}}).error.code, 'not_found');
      });
    }
  });

  describe('an unknown /api path', () => {
    it('answers 404 JSON', async () => {
      const server = await makeServer(temp.dir);
      const res = await server.get('/api/nope');
      assert.equal(res.status, 404);
      assert.equal(((await res.json()) as {error: {code: string}}).error.code, 'not_found');
    });
  });
});
