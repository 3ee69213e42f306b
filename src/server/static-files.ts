import {readFile, realpath, stat} from 'node:fs/promises';
import {extname, join, resolve, sep} from 'node:path';
import {Hono} from 'hono';
import type {Context} from 'hono';
import {chooseCoding} from './accept-encoding.js';
import type {Coding} from './accept-encoding.js';
import {ApiError} from './api-error.js';
import {createCompressedFolder} from './compressed-files.js';
import type {CompressedFile} from './compressed-files.js';
import type {ServerConfig} from './config.js';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

/** The entry files a blogger pastes; asking for one before a build gets a hint instead of a bare 404. */
const entryNames = new Set(['natter.js', 'natter.classic.js']);

/** A content hash in a file name, as Vite writes it (`thread-B3xk9_Qa.js`): only such names are cached for a year. */
const hashedName = /[-.][A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

/**
 * Entry files keep their URL across releases, so a browser must look again soon: 5 minutes bounds how long a fixed
 * release takes to reach readers, and the ETag makes that look a 304 without a body. Hashed chunks never change
 * under their name, so they are cached for a year and never revalidated.
 */
const entryCaching = 'public, max-age=300';
const chunkCaching = 'public, max-age=31536000, immutable';

/**
 * The bundle (every `.js` at the top of dist/, every file in dist/chunks/ at /chunks/NAME) and the demo site,
 * as a Hono sub-app to mount after the API routes. Bundles are compressed once at start and again only after a
 * rebuild changes a file; they carry CORS headers, because blogs load them as module scripts from another origin.
 */
export function createStaticRoutes(config: ServerConfig): Hono {
  const routes = new Hono();
  const entries = createCompressedFolder(config.distDir);
  const chunks = createCompressedFolder(join(config.distDir, 'chunks'));
  // Compress before the first reader asks; a failure here only means the first request compresses instead.
  void Promise.all([entries.warm(), chunks.warm()]).catch(() => undefined);

  routes.get('/chunks/:name', async (c) => {
    // Hono has decoded the segment; names outside the folder's listing (`..`, `a/b`, dot files) are refused.
    const name = c.req.param('name');
    const file = await chunks.get(name);
    if (!file) throw notHere('This chunk is not part of the current build. Reload the page to get the new one.');
    return sendBundle(c, config, file, name, hashedName.test(name) ? chunkCaching : entryCaching);
  });
  routes.get('/chunks/*', () => {
    throw notHere('This chunk is not part of the current build. Reload the page to get the new one.');
  });

  routes.get('/*', async (c) => {
    const segments = decodePath(c.req.path);
    const name = segments?.length === 1 ? segments[0]! : null;
    if (name?.endsWith('.js')) {
      const file = await entries.get(name);
      if (file) return sendBundle(c, config, file, name, hashedName.test(name) ? chunkCaching : entryCaching);
      if (entryNames.has(name)) {
        throw new ApiError(404, 'not_built', `${name} has not been built yet. Run \`npm run build\`, then reload.`);
      }
    }
    return serveDemoFile(c, config.demoDir, segments);
  });

  return routes;
}

/** A static miss: a fixed message, never the path the client sent. */
function notHere(message = 'There is no file at this address.'): ApiError {
  return new ApiError(404, 'not_found', message);
}

function sendBundle(c: Context, config: ServerConfig, file: CompressedFile, name: string, cacheControl: string): Response {
  const offered = Object.keys(file.variants) as Coding[];
  const coding = chooseCoding(c.req.header('accept-encoding'), offered);
  const variant = file.variants[coding] ?? file.variants.identity;
  const headers: Record<string, string> = {
    'Cache-Control': cacheControl,
    ETag: variant.etag,
    Vary: config.origins.includes('*') ? 'Accept-Encoding' : 'Accept-Encoding, Origin',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'X-Content-Type-Options': 'nosniff',
    ...corsHeaders(config, c.req.header('origin')),
  };
  if (matchesNoneMatch(c.req.header('if-none-match'), variant.etag)) return new Response(null, {status: 304, headers});
  headers['Content-Type'] = contentTypes[extname(name).toLowerCase()] ?? 'application/octet-stream';
  headers['Content-Length'] = String(variant.body.length);
  if (coding !== 'identity') headers['Content-Encoding'] = coding;
  return new Response(c.req.method === 'HEAD' ? null : variant.body, {headers});
}

/** The same origins as the API: `*` by default, else the request's Origin when NATTER_ORIGINS lists it. */
function corsHeaders(config: ServerConfig, origin: string | undefined): Record<string, string> {
  const allowed = config.origins.includes('*') ? '*' : origin !== undefined && config.origins.includes(origin) ? origin : null;
  // Timing-Allow-Origin lets the embedding page measure the bytes it downloaded (Resource Timing), as the bench does.
  return allowed === null ? {} : {'Access-Control-Allow-Origin': allowed, 'Timing-Allow-Origin': allowed};
}

/** If-None-Match compares weakly (RFC 9110 §13.1.2): `W/"x"` matches `"x"`; `*` matches any current file. */
function matchesNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}

/**
 * Serves a file from demo/ by URL path, never anything outside it or hidden (dot) files. The demo is edited while
 * the server runs, so it is revalidated on every load (`no-cache`) against a cheap size-and-mtime ETag.
 */
async function serveDemoFile(c: Context, demoDir: string, segments: string[] | null): Promise<Response> {
  const root = await realpath(demoDir).catch(() => null);
  if (!root || !segments) throw notHere();
  let path = resolve(root, ...segments);
  if (path !== root && !path.startsWith(root + sep)) throw notHere();
  const info = await stat(path).catch(() => null);
  if (info?.isDirectory()) path = resolve(path, 'index.html');
  const real = await realpath(path).catch(() => null);
  // Symlinks must not lead out of demo/ either.
  if (!real?.startsWith(root + sep)) throw notHere();
  const fileInfo = await stat(real).catch(() => null);
  if (!fileInfo?.isFile()) throw notHere();
  const type = contentTypes[extname(real).toLowerCase()] ?? 'application/octet-stream';
  const etag = `W/"${fileInfo.size.toString(36)}-${Math.trunc(fileInfo.mtimeMs).toString(36)}"`;
  const headers: Record<string, string> = {'Cache-Control': 'no-cache', ETag: etag, 'X-Content-Type-Options': 'nosniff'};
  if (matchesNoneMatch(c.req.header('if-none-match'), etag)) return new Response(null, {status: 304, headers});
  const file = await readFile(real).catch(() => null);
  if (!file) throw notHere();
  headers['Content-Type'] = type;
  if (type.startsWith('text/html')) {
    headers['Referrer-Policy'] = 'strict-origin-when-cross-origin';
    headers['X-Frame-Options'] = 'SAMEORIGIN';
  }
  return new Response(c.req.method === 'HEAD' ? null : new Uint8Array(file), {headers});
}

function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/** The path's segments, or null when it tries to climb out, names a dot file, or is malformed. */
function decodePath(urlPath: string): string[] | null {
  const decoded = safeDecode(urlPath);
  if (decoded === null || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  return segments.some((s) => s.startsWith('.')) ? null : segments;
}
