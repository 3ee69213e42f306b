import type {Generated} from 'kysely';

/** The tables, as Kysely sees them. Ids are numbers in SQLite and decimal strings (bigint) from pg. */
export interface Schema {
  comments: CommentsTable;
  idempotency_keys: IdempotencyKeysTable;
  rate_limits: RateLimitsTable;
}

export interface CommentsTable {
  id: Generated<number | string>;
  thread: string;
  parent: number | string | null;
  /** The top-level ancestor (itself for a top-level comment), set in the transaction that inserts the row. */
  root: number | string | null;
  author: string;
  email: string | null;
  website: string | null;
  body: string;
  created_at: string;
  status: 'published' | 'pending';
  ip: string | null;
}

export interface IdempotencyKeysTable {
  key: string;
  request_hash: string;
  comment_id: number | string;
  created_at: string;
}

export interface RateLimitsTable {
  key: string;
  /** The times (ms since 1970) of the attempts still inside the window, comma-separated, oldest first. */
  hits: string;
  updated_at: number | string;
}
