import Database from 'better-sqlite3';
import type {CommentState} from '../store/comment-store.js';
import type {Staged} from './normalise.js';

const STATES: CommentState[] = ['published', 'pending', 'spam', 'deleted'];

/**
 * The importer's scratch space between its passes: a throwaway SQLite file in a temp folder holding every checked
 * comment (its key, parent key, thread and the comment itself), so the process's memory holds only numbers per
 * comment, never their text or keys: a million-comment file imports in the memory of a small one.
 */
export class Staging {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly keyOf: Database.Statement;
  private pending = 0;
  /** How many comments were staged; their indexes are 0 … size-1. */
  size = 0;

  constructor(path: string) {
    this.db = new Database(path);
    // Scratch data: nothing to keep if the machine stops (the import then simply runs again).
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.exec('CREATE TABLE staged (idx INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, parent_key TEXT, thread TEXT NOT NULL, status INTEGER NOT NULL, data TEXT NOT NULL)');
    this.insert = this.db.prepare('INSERT OR IGNORE INTO staged (idx, key, parent_key, thread, status, data) VALUES (?, ?, ?, ?, ?, ?)');
    this.keyOf = this.db.prepare('SELECT key FROM staged WHERE idx = ?').pluck();
    this.db.exec('BEGIN');
  }

  /** Stages a comment; false when the file already had one with its key. */
  add(staged: Staged): boolean {
    const done = this.insert.run(this.size, staged.key, staged.parentKey, staged.threadRef, STATES.indexOf(staged.status), JSON.stringify(staged)).changes === 1;
    if (done) this.size++;
    if (++this.pending >= 2000) {
      this.db.exec('COMMIT; BEGIN');
      this.pending = 0;
    }
    return done;
  }

  /** Ends pass one. */
  finish(): void {
    this.db.exec('COMMIT');
  }

  /** Each comment's thread reference and status, by index. */
  *rows(): Generator<{idx: number; thread: string; status: CommentState}> {
    for (const r of this.db.prepare('SELECT idx, thread, status FROM staged ORDER BY idx').iterate() as Iterable<{idx: number; thread: string; status: number}>) {
      yield {idx: r.idx, thread: r.thread, status: STATES[r.status]!};
    }
  }

  /** Every reply: its index, and its parent's index (null when the file has no comment with that key). */
  *links(): Generator<{idx: number; parent: number | null}> {
    const query = 'SELECT s.idx AS idx, p.idx AS parent FROM staged s LEFT JOIN staged p ON p.key = s.parent_key WHERE s.parent_key IS NOT NULL';
    yield* this.db.prepare(query).iterate() as Iterable<{idx: number; parent: number | null}>;
  }

  /** A comment's key, for a message. */
  key(idx: number): string {
    return (this.keyOf.get(idx) as string | undefined) ?? String(idx);
  }

  /** The keys of these comments, in order. */
  *keys(): Generator<{idx: number; key: string}> {
    yield* this.db.prepare('SELECT idx, key FROM staged ORDER BY idx').iterate() as Iterable<{idx: number; key: string}>;
  }

  /** Pass two: the staged comments in file order. */
  *comments(): Generator<{idx: number; staged: Staged}> {
    for (const r of this.db.prepare('SELECT idx, data FROM staged ORDER BY idx').iterate() as Iterable<{idx: number; data: string}>) {
      yield {idx: r.idx, staged: JSON.parse(r.data) as Staged};
    }
  }

  close(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.db.close();
  }
}
