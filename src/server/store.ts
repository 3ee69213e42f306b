import {mkdirSync} from 'node:fs';
import {dirname} from 'node:path';
import Database from 'better-sqlite3';
import type {Comment, CommentStatus, SortOrder} from '../adapters/adapter.js';
import {migrate} from './migrations.js';

/** A comment that passed validation, ready to store. */
export interface CommentInput {
  thread: string;
  parent: string | null;
  author: string;
  email: string | null;
  website: string | null;
  body: string;
}

/** Where a page starts: just after this top-level comment in the chosen order. */
export interface PagePosition {
  createdAt: string;
  id: number;
}

export interface PageQuery {
  order: SortOrder;
  limit: number;
  after?: PagePosition;
}

export interface StoredPage {
  comments: Comment[];
  /** The last top-level comment of the page, when more follow. */
  next: PagePosition | null;
  total: number;
}

export interface InsertOptions {
  idempotencyKey: string;
  /** A hash of the request, so the same key with a different comment is caught. */
  requestHash: string;
  status: CommentStatus;
  createdAt: string;
  ip: string | null;
}

/** What happened to an insert: a new row, a replay of an earlier one with the same key, or a clash. */
export type InsertResult =
  | {kind: 'created'; comment: Comment}
  | {kind: 'replayed'; comment: Comment}
  | {kind: 'conflict'};

/** The comments database. All SQL lives here. */
export interface Store {
  listPage(thread: string, query: PageQuery): StoredPage;
  insertComment(input: CommentInput, options: InsertOptions): InsertResult;
  /** The earlier result of an idempotency key, without writing anything. */
  findByIdempotencyKey(key: string, requestHash: string): InsertResult | null;
  getComment(id: string): Comment | null;
  /** Published comments per thread; threads without any get 0. */
  countMany(threads: readonly string[]): Map<string, number>;
  close(): void;
  /** The underlying connection, for tests and maintenance. */
  readonly db: Database.Database;
}

interface CommentRow {
  id: number;
  thread: string;
  parent: number | null;
  author: string;
  website: string | null;
  body: string;
  created_at: string;
  status: CommentStatus;
}

const columns = 'id, thread, parent, author, website, body, created_at, status';

/** Opens (and creates, and migrates) the database at `path`. Acknowledged writes survive a crash or power cut. */
export function openStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), {recursive: true});
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }

  const rootsAfter = {
    oldest: db.prepare<[string, string, number, number], CommentRow>(
      `SELECT ${columns} FROM comments WHERE thread = ? AND parent IS NULL AND status = 'published'
       AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`,
    ),
    newest: db.prepare<[string, string, number, number], CommentRow>(
      `SELECT ${columns} FROM comments WHERE thread = ? AND parent IS NULL AND status = 'published'
       AND (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ?`,
    ),
  };
  // Sentinels that sort before (or after) every stored ISO time, so one statement serves the first page too.
  const firstPage: Record<SortOrder, PagePosition> = {
    oldest: {createdAt: '', id: 0},
    newest: {createdAt: '\uffff', id: Number.MAX_SAFE_INTEGER},
  };
  const repliesOf = db.prepare<[string], CommentRow & {root: number}>(
    `SELECT ${columns}, root FROM comments WHERE root IN (SELECT value FROM json_each(?)) AND parent IS NOT NULL
     AND status = 'published' ORDER BY created_at, id`,
  );
  const countThread = db.prepare<[string], number>(`SELECT COUNT(*) FROM comments WHERE thread = ? AND status = 'published'`).pluck();
  const countThreads = db.prepare<[string], {thread: string; n: number}>(
    `SELECT thread, COUNT(*) AS n FROM comments WHERE thread IN (SELECT value FROM json_each(?)) AND status = 'published' GROUP BY thread`,
  );
  const selectById = db.prepare<[number], CommentRow>(`SELECT ${columns} FROM comments WHERE id = ?`);
  const selectRoot = db.prepare<[number], number>(`SELECT root FROM comments WHERE id = ?`).pluck();
  const nextId = db.prepare<[], number>(`SELECT COALESCE(MAX(id), 0) + 1 FROM comments`).pluck();
  const insertRow = db.prepare(
    `INSERT INTO comments (id, thread, parent, root, author, email, website, body, created_at, status, ip)
     VALUES (@id, @thread, @parent, @root, @author, @email, @website, @body, @createdAt, @status, @ip)`,
  );
  const selectKey = db.prepare<[string], {request_hash: string; comment_id: number}>(
    `SELECT request_hash, comment_id FROM idempotency_keys WHERE key = ?`,
  );
  const insertKey = db.prepare(`INSERT INTO idempotency_keys (key, request_hash, comment_id, created_at) VALUES (?, ?, ?, ?)`);

  function findByIdempotencyKey(key: string, requestHash: string): InsertResult | null {
    const row = selectKey.get(key);
    if (!row) return null;
    if (row.request_hash !== requestHash) return {kind: 'conflict'};
    return {kind: 'replayed', comment: toComment(selectById.get(row.comment_id)!)};
  }

  // The key and the comment are written in one transaction, so a retried request can never add a second row.
  const insertTx = db.transaction((input: CommentInput, options: InsertOptions): InsertResult => {
    const earlier = findByIdempotencyKey(options.idempotencyKey, options.requestHash);
    if (earlier) return earlier;
    const id = nextId.get()!;
    const parent = input.parent === null ? null : Number(input.parent);
    const root = parent === null ? id : selectRoot.get(parent);
    if (root === undefined) throw new Error(`Parent ${input.parent} vanished during insert`);
    insertRow.run({...input, id, parent, root, createdAt: options.createdAt, status: options.status, ip: options.ip});
    insertKey.run(options.idempotencyKey, options.requestHash, id, options.createdAt);
    return {kind: 'created', comment: toComment(selectById.get(id)!)};
  });

  return {
    db,
    listPage(thread, {order, limit, after}) {
      const start = after ?? firstPage[order];
      const roots = rootsAfter[order].all(thread, start.createdAt, start.id, limit + 1);
      const more = roots.length > limit;
      if (more) roots.length = limit;
      const replies = roots.length === 0 ? [] : repliesOf.all(JSON.stringify(roots.map((r) => r.id)));
      const byRoot = new Map<number, CommentRow[]>();
      for (const reply of replies) {
        const list = byRoot.get(reply.root) ?? [];
        list.push(reply);
        byRoot.set(reply.root, list);
      }
      const comments = roots.flatMap((r) => [r, ...(byRoot.get(r.id) ?? [])]).map(toComment);
      const last = roots.at(-1);
      return {
        comments,
        next: more && last ? {createdAt: last.created_at, id: last.id} : null,
        total: countThread.get(thread)!,
      };
    },
    insertComment: (input, options) => insertTx.immediate(input, options),
    findByIdempotencyKey,
    getComment(id) {
      const n = parseId(id);
      const row = n === null ? undefined : selectById.get(n);
      return row ? toComment(row) : null;
    },
    countMany(threads) {
      const counts = new Map<string, number>(threads.map((t) => [t, 0]));
      for (const row of countThreads.all(JSON.stringify([...new Set(threads)]))) counts.set(row.thread, row.n);
      return counts;
    },
    close() {
      if (db.open) db.close();
    },
  };
}

/** Comment ids on the wire are the decimal row id; anything else names no comment. */
function parseId(id: string): number | null {
  return /^[1-9]\d{0,14}$/.test(id) ? Number(id) : null;
}

function toComment(row: CommentRow): Comment {
  return {
    id: String(row.id),
    thread: row.thread,
    parent: row.parent === null ? null : String(row.parent),
    author: row.author,
    website: row.website,
    body: row.body,
    createdAt: row.created_at,
    status: row.status,
  };
}
