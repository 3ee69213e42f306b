import {readFile, realpath, stat} from 'node:fs/promises';
import {extname, isAbsolute, join, relative, resolve, sep} from 'node:path';
import {Hono} from 'hono';
import type {Context} from 'hono';
import {chooseCoding} from './accept-encoding.js';
import type {Coding} from './accept-encoding.js';
import {ApiError} from './api-error.js';
import {createCompressedFolder, isMissing} from './compressed-files.js';
import type {CompressedFile, FileAccess} from './compressed-files.js';
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
const entryNames = new Set(['natter.js', 'natter.classic.js', 'natter-count.js']);

/**
 * Whether a chunk's name carries a content hash, so that it is cached for a year as immutable. The build names
 * chunks `chunks/[name]-[hash].js`, and rolldown's `[hash]` is 8 characters of `[A-Za-z0-9_-]` (it may hold a `-`:
 * `lit-DXq2z-7a.js`). So the rule: `<name>-<hash>.js` where `<hash>` is exactly the 8 characters before `.js`, holds
 * at least one digit or capital, and is not word-like: a word with an optional number (`element2`, `Elements`) or
 * a number or version (`20260101`, `v2026010`). Kebab-case names (`thread-elements.js`, `thread-elements-2.js`,
 * `date-utils-v10.js`, `lit-element-3.js`) fail it. It stays a heuristic: about 0.3% of real hashes look like
 * words and get the entry files' 5 minutes instead, which costs a revalidation, never a stale file.
 */
export function isHashedChunk(name: string): boolean {
  const hash = /^[A-Za-z0-9_][A-Za-z0-9._-]*-([A-Za-z0-9_-]{8})\.js$/.exec(name)?.[1];
  return hash !== undefined && /[0-9A-Z]/.test(hash) && !/^(?:[A-Z]?[a-z]+[0-9]*|v?[0-9]+)$/.test(hash);
}

/**
 * Entry files keep their URL across releases, so a browser must look again soon: 5 minutes bounds how long a fixed
 * release takes to reach readers, and the ETag makes that look a 304 without a body. Hashed chunks never change
 * under their name, so they are cached for a year and never revalidated.
 */
const entryCaching = 'public, max-age=300';
const chunkCaching = 'public, max-age=31536000, immutable';

/**
 * A file modified less than this long ago may be one a build is still writing (it stopped between two writes): it
 * is sent with `no-store`, so no browser or CDN keeps bytes that may be truncated, least of all as immutable.
 */
const settleMs = 2000;

/** Options for the static routes; the defaults serve the real file system. */
export interface StaticOptions {
  /** How bundle files are read and compressed (tests count or fail these calls). */
  files?: Partial<FileAccess>;
}

/** The static routes, and `warmed`: settles once start-up compression is done. */
export type StaticRoutes = Hono & {warmed: Promise<void>};

/**
 * The bundle (every `.js` at the top of dist/, every file in dist/chunks/ at /chunks/NAME, each locale's table at
 * /locales/TAG.js) and the demo site,
 * as a Hono sub-app to mount after the API routes. Bundles are compressed once at start and again only after a
 * rebuild changes a file; they carry `Access-Control-Allow-Origin: *`, because any blog loads them as module scripts
 * from another origin.
 */
export function createStaticRoutes(config: ServerConfig, options: StaticOptions = {}): StaticRoutes {
  const routes = new Hono();
  const entries = createCompressedFolder(config.distDir, options.files);
  const chunks = createCompressedFolder(join(config.distDir, 'chunks'), options.files);
  // Each locale's table (dist/locales/TAG.js): unhashed, so cached like the entry files.
  const locales = createCompressedFolder(join(config.distDir, 'locales'), options.files);
  // Compress before the first reader asks, only what the routes below serve as bundles (not custom-elements.json
  // or other files beside them); a failure here only means the first request tries again.
  const warmed = Promise.all([entries.warm(isEntryName), chunks.warm((name) => /\.(?:js|css)$/.test(name)), locales.warm(isEntryName)]).then(
    () => undefined,
    () => undefined,
  );

  // Refusals answered here, so the sub-app gives the same JSON wherever it is mounted; anything else goes up.
  routes.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.toJSON(), error.status, error.headers);
    throw error;
  });

  routes.get('/chunks/:name', async (c) => {
    // Hono has decoded the segment; names outside the folder's listing (`..`, `a/b`, dot files) are refused.
    const name = c.req.param('name');
    const file = await chunks.get(name).catch(unavailable);
    if (!file) throw notHere('This chunk is not part of the current build. Reload the page to get the new one.');
    return sendBundle(c, file, name, isHashedChunk(name) ? chunkCaching : entryCaching);
  });
  routes.get('/chunks/*', () => {
    throw notHere('This chunk is not part of the current build. Reload the page to get the new one.');
  });

  routes.get('/locales/:name', async (c) => {
    const name = c.req.param('name');
    const file = isEntryName(name) ? await locales.get(name).catch(unavailable) : null;
    if (!file) throw notHere('There is no such language file in this build.');
    return sendBundle(c, file, name, entryCaching);
  });

  routes.get('/*', async (c) => {
    const segments = decodePath(c.req.path);
    const name = segments?.length === 1 ? segments[0]! : null;
    if (name !== null && isEntryName(name)) {
      const file = await entries.get(name).catch(unavailable);
      // Entry files keep their names from build to build, so they are never immutable.
      if (file) return sendBundle(c, file, name, entryCaching);
      if (entryNames.has(name)) {
        throw new ApiError(404, 'not_built', `${name} has not been built yet. Run \`npm run build\`, then reload.`);
      }
    }
    return serveDemoFile(c, config.demoDir, segments);
  });

  return Object.assign(routes, {warmed});
}

/** The files served from the top of dist/: its scripts. */
function isEntryName(name: string): boolean {
  return name.endsWith('.js');
}

/** A static miss: a fixed message, never the path the client sent. */
function notHere(message = 'There is no file at this address.'): ApiError {
  return new ApiError(404, 'not_found', message);
}

/**
 * A file that exists but could not be listed, stat'ed or read (permissions, I/O, too many open files): logged for
 * the operator, and a 503 the browser may retry, never a 404 that says the build has no such file.
 */
function unavailable(error: unknown): never {
  console.error('[natter] could not read a static file:', error);
  throw new ApiError(503, 'unavailable', 'The server could not read this file just now. Please try again in a moment.', {
    headers: {'Retry-After': '5'},
  });
}

/** The result of a file-system call, or null when there is no such file; other failures answer 503. */
function orMissing<T>(promise: Promise<T>): Promise<T | null> {
  return promise.catch((error: unknown) => (isMissing(error) ? null : unavailable(error)));
}

/** Sends a compressed file in the coding the client prefers, with its ETag (a 304 when it matches) and `cacheControl`. */
export function sendBundle(c: Context, file: CompressedFile, name: string, cacheControl: string): Response {
  const offered = Object.keys(file.variants) as Coding[];
  const coding = chooseCoding(c.req.header('accept-encoding'), offered);
  const variant = file.variants[coding] ?? file.variants.identity;
  // A future mtime (a clock set wrong) counts as recent too: nothing tells how old it is.
  const recent = Date.now() - file.modifiedAt < settleMs;
  const headers: Record<string, string> = {
    'Cache-Control': recent ? 'no-store' : cacheControl,
    ETag: variant.etag,
    Vary: 'Accept-Encoding',
    // The scripts are public bytes, the same for every page that embeds them: `*`, whatever NATTER_ORIGINS says
    // (it guards the API). A per-origin header would need `Vary: Origin`, which many CDNs ignore or won't cache.
    // Timing-Allow-Origin lets the embedding page measure the bytes it downloaded (Resource Timing), as the bench does.
    'Access-Control-Allow-Origin': '*',
    'Timing-Allow-Origin': '*',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'X-Content-Type-Options': 'nosniff',
  };
  if (matchesNoneMatch(c.req.header('if-none-match'), variant.etag)) return new Response(null, {status: 304, headers});
  headers['Content-Type'] = contentTypes[extname(name).toLowerCase()] ?? 'application/octet-stream';
  headers['Content-Length'] = String(variant.body.length);
  if (coding !== 'identity') headers['Content-Encoding'] = coding;
  return new Response(c.req.method === 'HEAD' ? null : variant.body, {headers});
}

/** If-None-Match compares weakly (RFC 9110 §13.1.2): `W/"x"` matches `"x"`; `*` matches any current file. */
export function matchesNoneMatch(header: string | undefined, etag: string): boolean {
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
  const root = await orMissing(realpath(demoDir));
  if (!root || !segments) throw notHere();
  let path = resolve(root, ...segments);
  if (path !== root && !path.startsWith(root + sep)) throw notHere();
  const info = await orMissing(stat(path));
  if (info?.isDirectory()) path = resolve(path, 'index.html');
  const real = await orMissing(realpath(path));
  // The rules hold for the file actually read, not only the URL: a symlink may lead neither out of demo/ nor to a
  // dot file or into a dot folder (`env-link.txt -> .env`).
  if (!real || !isServable(root, real)) throw notHere();
  const fileInfo = await orMissing(stat(real));
  if (!fileInfo?.isFile()) throw notHere();
  const type = contentTypes[extname(real).toLowerCase()] ?? 'application/octet-stream';
  const etag = `W/"${fileInfo.size.toString(36)}-${Math.trunc(fileInfo.mtimeMs).toString(36)}"`;
  const headers: Record<string, string> = {'Cache-Control': 'no-cache', ETag: etag, 'X-Content-Type-Options': 'nosniff'};
  if (matchesNoneMatch(c.req.header('if-none-match'), etag)) return new Response(null, {status: 304, headers});
  const file = await orMissing(readFile(real));
  if (!file) throw notHere();
  headers['Content-Type'] = type;
  if (type.startsWith('text/html')) {
    headers['Referrer-Policy'] = 'strict-origin-when-cross-origin';
    headers['X-Frame-Options'] = 'SAMEORIGIN';
  }
  return new Response(c.req.method === 'HEAD' ? null : new Uint8Array(file), {headers});
}

/** Whether the resolved file lies inside the root with no segment of its path there starting with `.`. */
function isServable(root: string, real: string): boolean {
  const inside = relative(root, real);
  // `..` (outside) starts with a dot too; another drive gives an absolute path.
  return inside !== '' && !isAbsolute(inside) && !inside.split(sep).some((segment) => segment.startsWith('.'));
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
