import {createHash} from 'node:crypto';
import type {Stats} from 'node:fs';
import {readdir, readFile, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {promisify} from 'node:util';
import {brotliCompress, constants, gzip} from 'node:zlib';
import type {Coding} from './accept-encoding.js';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** How a folder reads and compresses files; tests replace parts of it to count or fail calls. */
export interface FileAccess {
  /** The file's bytes. */
  read(path: string): Promise<Uint8Array>;
  /** The file's bytes in one coding (brotli 11 or gzip 9). */
  compress(raw: Uint8Array, coding: 'br' | 'gzip'): Promise<Uint8Array>;
}

/** Node's file system and zlib, on the thread pool. */
export const nodeFileAccess: FileAccess = {
  read: async (path) => new Uint8Array(await readFile(path)),
  compress: (raw, coding) =>
    coding === 'br'
      ? brotli(raw, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 11,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        })
      : gzipAsync(raw, {level: 9}),
};

/** One encoding of a file: its bytes and a strong ETag that differs between encodings, as RFC 9110 requires. */
export interface Representation {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

/** A file read once and compressed once, kept until its size or mtime changes. */
export interface CompressedFile {
  variants: Partial<Record<Coding, Representation>> & {identity: Representation};
  /** The mtime (ms) of the bytes held: the same before and after they were read. */
  modifiedAt: number;
}

/** A file that kept changing while it was read: a build is writing it. */
export class UnsettledFileError extends Error {
  constructor(path: string) {
    super(`${path} changed each time it was read; a build may be writing it`);
    this.name = 'UnsettledFileError';
  }
}

/**
 * Files larger than this are sent as they are: brotli 11 is slow on large inputs, and no file the build writes
 * comes near it (the whole bundle is tens of KB); a stray large file must not hold up start-up.
 */
export const maxCompressedBytes = 5 * 1024 * 1024;

/** Reads of a changing file before giving up, and the pause between them. */
const readAttempts = 3;
const retryPauseMs = 100;

/**
 * Whether a file-system error means "no such file" (a 404), as opposed to a server fault (a 503). A name too long
 * for the file system can't exist either, and the demo's paths come from the client.
 */
export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG';
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
export function createCompressedFolder(dir: string, files: Partial<FileAccess> = {}) {
  const access: FileAccess = {...nodeFileAccess, ...files};
  const cache = new Map<string, Entry>();
  let listing: {stamp: string; names: Promise<Set<string>>} | undefined;

  /** The regular files directly in the folder whose names are safe; empty when the folder is missing. */
  async function names(): Promise<Set<string>> {
    const info = await stat(dir).catch((error: unknown) => {
      if (isMissing(error)) return null;
      throw error;
    });
    if (!info?.isDirectory()) return new Set();
    const stamp = `${info.mtimeMs} ${info.ino}`;
    if (listing?.stamp !== stamp) {
      const read = readdir(dir, {withFileTypes: true}).then(
        (entries) => new Set(entries.filter((e) => e.isFile() && safeName.test(e.name)).map((e) => e.name)),
        (error: unknown) => {
          if (isMissing(error)) return new Set<string>();
          // Not kept: the next request lists the folder again.
          if (listing?.names === read) listing = undefined;
          throw error;
        },
      );
      listing = {stamp, names: read};
      // Files gone from the folder (an older build's chunks) leave the cache too.
      read.then(
        (current) => {
          for (const name of cache.keys()) if (!current.has(name)) cache.delete(name);
        },
        () => undefined,
      );
    }
    return listing.names;
  }

  /**
   * The file, or null when it isn't in the listing (never built, removed, or a name that isn't safe). Any other
   * failure to list, stat or read rejects: the server is at fault, not the address.
   */
  async function get(name: string): Promise<CompressedFile | null> {
    if (!safeName.test(name) || !(await names()).has(name)) return null;
    const path = join(dir, name);
    const info = await stat(path).catch((error: unknown) => {
      if (isMissing(error)) return null;
      throw error;
    });
    if (!info?.isFile()) return null;
    let entry = cache.get(name);
    if (entry?.stamp !== stampOf(info)) {
      const loading: Entry = {
        stamp: stampOf(info),
        file: load(access, path, info, compressible.test(name)).then(({file, settled}) => {
          // The stamp of the bytes actually held, when the file changed during the first read.
          loading.stamp = stampOf(settled);
          return file;
        }),
      };
      cache.set(name, loading);
      // A failed read is not kept: the next request tries again.
      loading.file.catch(() => cache.get(name) === loading && cache.delete(name));
      entry = loading;
    }
    return entry.file.catch((error: unknown) => {
      if (isMissing(error)) return null;
      throw error;
    });
  }

  return {
    names,
    get,
    /** Reads and compresses the files `served` accepts now, so their first reader doesn't wait for brotli 11. */
    async warm(served: (name: string) => boolean): Promise<void> {
      await Promise.all([...(await names())].filter(served).map((name) => get(name)));
    },
  };
}

export type CompressedFolder = ReturnType<typeof createCompressedFolder>;

function stampOf(info: Stats): string {
  return `${info.mtimeMs} ${info.size} ${info.ino}`;
}

/**
 * Reads the file and stats it again: bytes count only when size and mtime are the same after the read as before it
 * and the length matches, so a file a build is still writing is never held (or served) half written. A file that
 * changes on every attempt rejects with UnsettledFileError.
 */
async function readSettled(access: FileAccess, path: string, before: Stats): Promise<{raw: Uint8Array<ArrayBuffer>; settled: Stats}> {
  for (let attempt = 1; ; attempt++) {
    const raw = new Uint8Array(await access.read(path));
    const after = await stat(path);
    if (stampOf(after) === stampOf(before) && raw.length === after.size) return {raw, settled: after};
    if (attempt === readAttempts) throw new UnsettledFileError(path);
    await sleep(retryPauseMs);
    before = after;
  }
}

async function load(access: FileAccess, path: string, before: Stats, compress: boolean): Promise<{file: CompressedFile; settled: Stats}> {
  const {raw, settled} = await readSettled(access, path, before);
  const tag = createHash('sha256').update(raw).digest('base64url').slice(0, 22);
  const variants: CompressedFile['variants'] = {identity: {body: raw, etag: `"${tag}"`}};
  if (compress && raw.length > 0 && raw.length <= maxCompressedBytes) {
    const [br, gz] = await Promise.all([access.compress(raw, 'br'), access.compress(raw, 'gzip')]);
    // A tiny file can grow when compressed; then only identity is offered.
    if (br.length < raw.length) variants.br = {body: new Uint8Array(br), etag: `"${tag}-br"`};
    if (gz.length < raw.length) variants.gzip = {body: new Uint8Array(gz), etag: `"${tag}-gz"`};
  }
  return {file: {variants, modifiedAt: settled.mtimeMs}, settled};
}
