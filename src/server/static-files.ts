import {readFile, realpath, stat} from 'node:fs/promises';
import {extname, resolve, sep} from 'node:path';
import type {Context} from 'hono';
import {ApiError} from './api-error.js';

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

/** Serves a built bundle from dist/. Blogs load it from another origin, so it carries CORS and CORP headers. */
export async function serveBundle(c: Context, distDir: string, name: string): Promise<Response> {
  const file = await readIfFile(resolve(distDir, name));
  if (!file) {
    throw new ApiError(404, 'not_built', `${name} has not been built yet. Run \`npm run build\`, then reload.`);
  }
  return new Response(c.req.method === 'HEAD' ? null : new Uint8Array(file), {
    headers: {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'no-cache',
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** Serves a file from demo/ by URL path, never anything outside it or hidden (dot) files. */
export async function serveDemoFile(c: Context, demoDir: string): Promise<Response> {
  const root = await realpath(demoDir).catch(() => null);
  const segments = decodePath(c.req.path);
  if (!root || !segments) return c.notFound();
  let path = resolve(root, ...segments);
  if (path !== root && !path.startsWith(root + sep)) return c.notFound();
  const info = await stat(path).catch(() => null);
  if (info?.isDirectory()) path = resolve(path, 'index.html');
  const real = await realpath(path).catch(() => null);
  // Symlinks must not lead out of demo/ either.
  if (!real || !real.startsWith(root + sep)) return c.notFound();
  const file = await readIfFile(real);
  if (!file) return c.notFound();
  const type = contentTypes[extname(real).toLowerCase()] ?? 'application/octet-stream';
  const headers: Record<string, string> = {'Content-Type': type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff'};
  if (type.startsWith('text/html')) {
    headers['Referrer-Policy'] = 'strict-origin-when-cross-origin';
    headers['X-Frame-Options'] = 'SAMEORIGIN';
  }
  return new Response(c.req.method === 'HEAD' ? null : new Uint8Array(file), {headers});
}

/** The path's segments, or null when it tries to climb out, names a dot file, or is malformed. */
function decodePath(urlPath: string): string[] | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  return segments.some((s) => s.startsWith('.')) ? null : segments;
}

async function readIfFile(path: string): Promise<Buffer | null> {
  try {
    return (await stat(path)).isFile() ? await readFile(path) : null;
  } catch {
    return null;
  }
}
