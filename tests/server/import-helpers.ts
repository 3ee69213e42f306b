// Shared by the import and export tests: a run of the importer on a fresh store, and what the store then holds.
import type {TestServer} from './setup.js';
import {FORMATS} from '../../src/server/io/formats.js';
import {runImport} from '../../src/server/io/importer.js';
import type {ImportOptions} from '../../src/server/io/importer.js';

export const SAMPLES = `${process.env.NATTER_SHARED || '../shared'}/imports`;

/** Imports `file` as `format` into the server's store. */
export function importFile(server: TestServer, format: string, file: string, options: Partial<ImportOptions> = {}) {
  return runImport(server.store, {format, read: FORMATS[format]!, file, now: Date.parse('2026-06-01T00:00:00Z'), ...options});
}

export interface StoredComment {
  id: number;
  thread: string;
  parent: number | null;
  root: number | null;
  author: string;
  email: string | null;
  website: string | null;
  body: string;
  created_at: string;
  status: string;
  source: string | null;
}

/** Every stored comment, by id, read over a separate connection. */
export async function stored(server: TestServer): Promise<StoredComment[]> {
  return server.database.query<StoredComment>('SELECT id, thread, parent, root, author, email, website, body, created_at, status, source FROM comments ORDER BY id');
}

/** The stored comment whose source is `source`. */
export function bySource(rows: StoredComment[], source: string): StoredComment {
  const row = rows.find((r) => r.source === source);
  if (!row) throw new Error(`No comment with source ${source}; sources: ${rows.map((r) => r.source).join(', ')}`);
  return row;
}
