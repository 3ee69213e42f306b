import {existsSync} from 'node:fs';
import {mkdir, rename, rm} from 'node:fs/promises';
import {dirname, resolve} from 'node:path';
import Database from 'better-sqlite3';

/** What a backup wrote: where, how many comments, and the copy's integrity check. */
export interface BackupResult {
  path: string;
  comments: number;
  integrity: string;
}

/**
 * Copies a live SQLite database to `destination` with SQLite's online backup API: a consistent snapshot, taken while
 * the server keeps answering. The copy is written beside the destination and renamed into place only once it
 * passed its integrity check, so a failed backup never leaves a half-written file under the final name.
 */
export async function backupSqlite(source: string, destination: string): Promise<BackupResult> {
  if (!existsSync(source)) throw new Error(`There is no database at ${source}; pass --db or set NATTER_DB.`);
  const target = resolve(destination);
  if (target === resolve(source)) throw new Error('The backup must go to another file than the database itself.');
  await mkdir(dirname(target), {recursive: true});
  const partial = `${target}.partial`;
  await rm(partial, {force: true});
  const live = new Database(source, {readonly: true, fileMustExist: true});
  try {
    await live.backup(partial);
  } finally {
    live.close();
  }
  const copy = new Database(partial, {readonly: true});
  let integrity: string;
  let comments: number;
  try {
    integrity = copy.pragma('integrity_check', {simple: true}) as string;
    comments = copy.prepare('SELECT COUNT(*) FROM comments').pluck().get() as number;
  } finally {
    copy.close();
  }
  if (integrity !== 'ok') {
    await rm(partial, {force: true});
    throw new Error(`The copy failed its integrity check (${integrity}); nothing was written to ${target}.`);
  }
  await rename(partial, target);
  return {path: target, comments, integrity};
}
