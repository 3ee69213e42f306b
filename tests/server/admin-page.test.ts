// The admin page's routes on the real app: the HTML at /admin and every address under it, with a CSP that allows no
// inline script and no framing, compressed and revalidated; the bundle from dist/admin/ as the widget's entry files.
import assert from 'node:assert/strict';
import {mkdirSync, utimesSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {brotliDecompressSync, gunzipSync} from 'node:zlib';
import {makeServer, makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());
const dist = join(temp.dir, 'dist');
mkdirSync(join(dist, 'admin'), {recursive: true});
const script = `export const admin = 1;\n${'customElements.define("x-a", class extends HTMLElement {});\n'.repeat(40)}`;
writeFileSync(join(dist, 'admin', 'admin.js'), script);
const minuteAgo = new Date(Date.now() - 60_000);
utimesSync(join(dist, 'admin', 'admin.js'), minuteAgo, minuteAgo);

describe('the admin page routes', async () => {
  const server = await makeServer(temp.dir, {distDir: dist});

  for (const path of ['/admin', '/admin/', '/admin/comments?thread=%2Fa', '/admin/settings', '/admin/a/deep/link']) {
    it(`serves the page at ${path}, unframeable, with no inline script allowed`, async () => {
      const r = await server.get(path);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
      const csp = r.headers.get('content-security-policy')!;
      for (const rule of ["script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "default-src 'none'", "object-src 'none'", "base-uri 'none'"]) {
        assert.ok(csp.split('; ').includes(rule), `CSP has ${rule}: ${csp}`);
      }
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.equal(r.headers.get('x-frame-options'), 'DENY');
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      const html = await r.text();
      assert.match(html, /<script type="module" src="\/admin\/admin\.js"><\/script>/);
      // No inline script at all: every <script> has a src.
      assert.equal((html.match(/<script\b/g) ?? []).length, (html.match(/<script [^>]*src=/g) ?? []).length);
    });
  }

  it('sends the page compressed once, with an ETag that turns a repeat visit into a 304', async () => {
    const plain = await (await server.get('/admin')).text();
    const br = await server.get('/admin', {'Accept-Encoding': 'br, gzip'});
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.equal(br.headers.get('vary'), 'Accept-Encoding');
    assert.equal(br.headers.get('cache-control'), 'no-cache');
    assert.equal(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString(), plain);
    const gz = await server.get('/admin/queue', {'Accept-Encoding': 'gzip'});
    assert.equal(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString(), plain);
    const again = await server.get('/admin', {'Accept-Encoding': 'br', 'If-None-Match': br.headers.get('etag')!});
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
  });

  it('serves the bundle compressed, cached for 5 minutes with an ETag', async () => {
    const r = await server.get('/admin/admin.js', {'Accept-Encoding': 'gzip'});
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(r.headers.get('content-encoding'), 'gzip');
    assert.equal(r.headers.get('cache-control'), 'public, max-age=300');
    assert.equal(gunzipSync(Buffer.from(await r.arrayBuffer())).toString(), script);
    const again = await server.get('/admin/admin.js', {'Accept-Encoding': 'gzip', 'If-None-Match': r.headers.get('etag')!});
    assert.equal(again.status, 304);
  });

  it('answers a missing bundle file with a JSON 404 that names the fix, never the page', async () => {
    for (const path of ['/admin/other.js', '/admin/..%2Fnatter.js', '/admin/.hidden.js']) {
      const r = await server.get(path);
      assert.equal(r.status, 404, path);
      assert.match(r.headers.get('content-type')!, /application\/json/);
      const body = (await r.json()) as {error: {code: string; message: string}};
      assert.equal(body.error.code, 'not_built');
    }
  });

  it('leaves the reader’s routes alone', async () => {
    assert.equal((await server.get('/administrator')).status, 404);
    const api = await server.get('/api/admin/session');
    assert.equal(api.status, 401);
  });
});
