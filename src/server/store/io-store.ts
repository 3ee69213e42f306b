import type {CommentState} from './comment-store.js';

// Bulk import and export: the only store methods that write many comments at once or read every one.

/** One comment to import, already validated. Its parent is an id in the database or a row earlier in the batch. */
export interface ImportRow {
  /** The importer's name for the row (unique within one import), by which later rows name it as their parent. */
  key: string;
  /** Stored as the comment's `source` (unique), so a re-run finds it; null only for Natter rows that had none. */
  source: string | null;
  /** An explicit id to keep (restoring a Natter export), else the database picks one. */
  id?: string;
  thread: string;
  /** The parent's id, when it was stored before this batch. */
  parentId: string | null;
  /** The parent's key, when it is a row earlier in this batch. */
  parentKey: string | null;
  author: string;
  email: string | null;
  website: string | null;
  body: string;
  createdAt: string;
  editedAt: string | null;
  status: CommentState;
  owner: boolean;
}

/** What happened to one row: stored now, found from an earlier run, or refused (its id holds another comment, or its parent was refused). */
export type ImportOutcome = {kind: 'created' | 'existing'; id: string} | {kind: 'id_taken' | 'parent_not_stored'};

/** A thread's row as an export holds it. */
export interface ThreadRecord {
  id: string;
  title: string | null;
  url: string | null;
  closed: boolean;
  createdAt: string;
}

/** A comment as an export holds it: everything but the IP, user agent and referrer. */
export interface CommentRecord {
  id: string;
  thread: string;
  parent: string | null;
  author: string;
  email: string | null;
  website: string | null;
  body: string;
  createdAt: string;
  editedAt: string | null;
  status: CommentState;
  owner: boolean;
  source: string | null;
}

export interface IoStore {
  /**
   * Inserts the rows in one transaction, in order, each skipped when its source (or kept id) is already stored
   * (ON CONFLICT DO NOTHING). Answers each row's outcome by key.
   */
  insertMany(rows: readonly ImportRow[]): Promise<Map<string, ImportOutcome>>;
  /** Which of these sources are stored already (for a dry run). */
  existingSources(sources: readonly string[]): Promise<Set<string>>;
  /** Writes thread rows: a title or URL given replaces the stored one, `closed` only ever closes. */
  putThreads(threads: readonly ThreadRecord[]): Promise<void>;
  /** Up to `limit` threads after `after` (by id). */
  threadPage(after: string | null, limit: number): Promise<ThreadRecord[]>;
  /** Up to `limit` comments with an id above `after`, oldest id first; emails only when asked. */
  commentPage(after: number, limit: number, options: {emails: boolean}): Promise<CommentRecord[]>;
}
