import {createHash} from 'node:crypto';
import {readdir, readFile, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {brotliCompress, constants, gzip} from 'node:zlib';
import type {Coding} from './accept-encoding.js';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** One encoding of a file: its bytes and a strong ETag that differs between encodings, as RFC 9110 requires. */
export interface Representation {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

/** A file read once and compressed once, kept until its size or mtime changes. */
export interface CompressedFile {
  variants: Partial<Record<Coding, Representation>> & {identity: Representation};
}

/** File names the static routes may serve: no dot files, no separators, nothing a path could climb with. */
export const safeName = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** Extensions worth compressing; images and fonts are compressed already. */
const compressible = /\.(?:js|mjs|css|json|map|svg|txt|html)$/;

interface Entry {
  stamp: string;
  file: Promise<CompressedFile>;
}

/**
 * Files of one folder (dist/ or dist/chunks/), listed, read and compressed (brotli 11, gzip 9) once per build, never
 * per request. Each request costs a stat of the folder and one of the file: a rebuild (new mtime or size) is picked
 * up at the next request, so the server never sends stale bytes after `npm run build`.
 */
export function createCompressedFolder(dir: string) {
  const cache = new Map<string, Entry>();
  let listing: {stamp: string; names: Promise<Set<string>>} | undefined;

  /** The regular files directly in the folder whose names are safe; empty when the folder is missing. */
  async function names(): Promise<Set<string>> {
    const info = await stat(dir).catch(() => null);
    if (!info?.isDirectory()) return new Set();
    const stamp = `${info.mtimeMs} ${info.ino}`;
    if (listing?.stamp !== stamp) {
      const read = readdir(dir, {withFileTypes: true}).then(
        (entries) => new Set(entries.filter((e) => e.isFile() && safeName.test(e.name)).map((e) => e.name)),
        () => new Set<string>(),
      );
      listing = {stamp, names: read};
      // Files gone from the folder (an older build's chunks) leave the cache too.
      void read.then((current) => {
        for (const name of cache.keys()) if (!current.has(name)) cache.delete(name);
      });
    }
    return listing.names;
  }

  /** The file, or null when it isn't in the listing (never built, removed, or a name that isn't safe). */
  async function get(name: string): Promise<CompressedFile | null> {
    if (!safeName.test(name) || !(await names()).has(name)) return null;
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return null;
    // Taken before reading: a write that lands while we read changes the mtime, so the next request reloads.
    const stamp = `${info.mtimeMs} ${info.size} ${info.ino}`;
    let entry = cache.get(name);
    if (entry?.stamp !== stamp) {
      entry = {stamp, file: load(path, compressible.test(name))};
      cache.set(name, entry);
      entry.file.catch(() => cache.delete(name));
    }
    return entry.file.catch(() => null);
  }

  return {
    names,
    get,
    /** Reads and compresses every file now, so the first reader doesn't wait for brotli 11. */
    async warm(): Promise<void> {
      await Promise.all([...(await names())].map((name) => get(name)));
    },
  };
}

export type CompressedFolder = ReturnType<typeof createCompressedFolder>;

async function load(path: string, compress: boolean): Promise<CompressedFile> {
  const raw = new Uint8Array(await readFile(path));
  const tag = createHash('sha256').update(raw).digest('base64url').slice(0, 22);
  const variants: CompressedFile['variants'] = {identity: {body: raw, etag: `"${tag}"`}};
  if (compress && raw.length > 0) {
    const [br, gz] = await Promise.all([
      brotli(raw, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
        },
      }),
      gzipAsync(raw, {level: 9}),
    ]);
    // A tiny file can grow when compressed; then only identity is offered.
    if (br.length < raw.length) variants.br = {body: new Uint8Array(br), etag: `"${tag}-br"`};
    if (gz.length < raw.length) variants.gzip = {body: new Uint8Array(gz), etag: `"${tag}-gz"`};
  }
  return {variants};
}
