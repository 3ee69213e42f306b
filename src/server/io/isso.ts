import Database from 'better-sqlite3';
import {isGzip} from './input.js';
import {FormatError} from './records.js';
import type {RawEvent, ReadOptions} from './records.js';
import type {CommentState} from '../store/comment-store.js';

// Isso keeps its comments in a SQLite file (isso/db/comments.py, threads.py): threads(id, uri, title) and
// comments(tid, id, parent, created (seconds), mode, text (Markdown), author, email, website). Mode 1 is
// accepted, 2 waiting for moderation, 4 deleted (kept as a placeholder while it has replies). Opened read-only.

const MODES: Record<number, CommentState> = {1: 'published', 2: 'pending', 4: 'deleted'};

type Row = {tid: number; id: number; parent: number | null; created: number; mode: number; text: string | null; author: string | null; email: string | null; website: string | null};

/** The threads and comments of an Isso database file. */
export async function* readIsso(path: string, _options: ReadOptions): AsyncGenerator<RawEvent> {
  if (await isGzip(path)) throw new FormatError('An Isso database must be the SQLite file itself: gunzip it first.');
  let db: Database.Database;
  try {
    db = new Database(path, {readonly: true, fileMustExist: true});
    db.prepare('select 1 from comments limit 1').get();
  } catch (error) {
    throw new FormatError(`This is not an Isso database (a SQLite file with threads and comments tables): ${(error as Error).message}`);
  }
  try {
    for (const t of db.prepare('select id, uri, title from threads order by id').iterate() as Iterable<{id: number; uri: string | null; title: string | null}>) {
      yield {kind: 'thread', thread: {ref: String(t.id), url: t.uri, title: t.title || null, closed: false, deleted: false}};
    }
    const rows = db.prepare('select tid, id, parent, created, mode, text, author, email, website from comments order by id').iterate() as Iterable<Row>;
    for (const c of rows) {
      const status = MODES[c.mode];
      yield {
        kind: 'comment',
        comment: {
          key: `isso:${c.id}`, parentKey: c.parent === null ? null : `isso:${c.parent}`, threadRef: String(c.tid),
          author: c.author, email: c.email, website: c.website, body: {markdown: c.text ?? ''},
          date: typeof c.created === 'number' ? c.created : null, status: status ?? 'pending', label: `comment ${c.id}`,
          ...(status === undefined ? {broken: 'invalid_status'} : {}),
        },
      };
    }
  } finally {
    db.close();
  }
}
