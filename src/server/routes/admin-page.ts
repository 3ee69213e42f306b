import {createHash} from 'node:crypto';
import {join} from 'node:path';
import {brotliCompressSync, constants, gzipSync} from 'node:zlib';
import {Hono} from 'hono';
import type {Context} from 'hono';
import {chooseCoding, type Coding} from '../accept-encoding.js';
import {ApiError} from '../api-error.js';
import {createCompressedFolder, type Representation} from '../compressed-files.js';
import type {ServerConfig} from '../config.js';
import {matchesNoneMatch, sendBundle} from '../static-files.js';

/**
 * The admin page's policy: its own script and the API, nothing inline (the page's one style sheet is constructed by
 * the script), never framed (clickjacking an approve button), and only Lit's own Trusted Types policy may make HTML.
 */
export const adminContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
].join('; ');

/** The page's HTML: the same for every address under /admin (the script reads the path), with no user data in it. */
const shell = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Natter admin</title>
<link rel="icon" href="data:,">
<script type="module" src="/admin/admin.js"></script>
</head>
<body>
<natter-admin><main id="main"><h1>Natter admin</h1><p>Loading the admin page… It needs JavaScript; if this stays, the server may not have been built (<code>npm run build</code>).</p></main></natter-admin>
</body>
</html>
`;

/** The shell compressed once, at start (a constant, so never again). */
function compressShell(): Record<Coding, Representation> {
  const raw = new TextEncoder().encode(shell);
  const tag = createHash('sha256').update(raw).digest('base64url').slice(0, 22);
  const br = brotliCompressSync(raw, {params: {[constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT}});
  return {
    identity: {body: raw, etag: `"${tag}"`},
    br: {body: new Uint8Array(br), etag: `"${tag}-br"`},
    gzip: {body: new Uint8Array(gzipSync(raw, {level: 9})), etag: `"${tag}-gz"`},
  };
}

/**
 * `/admin` and every address under it (deep links to a view): the page's HTML with a strict CSP and no framing;
 * `/admin/NAME.js`: the admin bundle (dist/admin/, built by `npm run build`), compressed once per build and
 * cached as the widget's entry files are. Mount before the static routes.
 */
export function adminPageRoutes(config: ServerConfig): Hono {
  const routes = new Hono();
  const bundle = createCompressedFolder(join(config.distDir, 'admin'));
  const page = compressShell();
  // Compressed before the owner first asks; a failure only means the first request tries again.
  bundle.warm((name) => name.endsWith('.js')).catch(() => undefined);

  routes.get('/admin/:name{[^/]+\\.js}', async (c) => {
    const name = c.req.param('name');
    const file = await bundle.get(name).catch((error: unknown) => {
      console.error('[natter] could not read the admin bundle:', error);
      throw new ApiError(503, 'unavailable', 'The server could not read this file just now. Please try again in a moment.', {headers: {'Retry-After': '5'}});
    });
    if (!file) throw new ApiError(404, 'not_built', 'The admin page has not been built yet. Run `npm run build`, then reload.');
    return sendBundle(c, file, name, 'public, max-age=300');
  });

  const sendPage = (c: Context) => {
    const coding = chooseCoding(c.req.header('accept-encoding'), ['br', 'gzip', 'identity']);
    const variant = page[coding];
    const headers: Record<string, string> = {
      // The page names its script by a fixed address: look again each time (a 304 costs no body).
      'Cache-Control': 'no-cache',
      ETag: variant.etag,
      Vary: 'Accept-Encoding',
      'Content-Security-Policy': adminContentSecurityPolicy,
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'same-origin',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'X-Robots-Tag': 'noindex',
      'X-Content-Type-Options': 'nosniff',
    };
    if (matchesNoneMatch(c.req.header('if-none-match'), variant.etag)) return new Response(null, {status: 304, headers});
    headers['Content-Type'] = 'text/html; charset=utf-8';
    headers['Content-Length'] = String(variant.body.length);
    if (coding !== 'identity') headers['Content-Encoding'] = coding;
    return new Response(c.req.method === 'HEAD' ? null : variant.body, {headers});
  };
  routes.get('/admin', sendPage);
  routes.get('/admin/*', sendPage);
  return routes;
}
