import type {Generated} from 'kysely';
import type {NotifyDeliveriesTable, NotifyEmailsTable, NotifyWatchesTable, OutboxTable, UsedNoncesTable} from './notify-schema.js';

/** The tables, as Kysely sees them. Ids are numbers in SQLite and decimal strings (bigint) from pg. */
export interface Schema {
  comments: CommentsTable;
  idempotency_keys: IdempotencyKeysTable;
  rate_limits: RateLimitsTable;
  threads: ThreadsTable;
  settings: SettingsTable;
  bans: BansTable;
  removed_keys: RemovedKeysTable;
  admin_sessions: AdminSessionsTable;
  mail_outbox: OutboxTable;
  webhook_outbox: OutboxTable;
  notify_deliveries: NotifyDeliveriesTable;
  notify_emails: NotifyEmailsTable;
  notify_watches: NotifyWatchesTable;
  used_nonces: UsedNoncesTable;
  votes: VotesTable;
  live_events: LiveEventsTable;
}

/** One reader's vote on one comment (migration 0010). */
export interface VotesTable {
  comment_id: number | string;
  /** HMAC of the browser's voter key. */
  voter: string;
  /** HMAC of the voter's address (IPv6 as its /64). */
  ip_hash: string;
  value: 1 | -1;
  created_at: string;
}

/** The live log that SSE streams replay (migration 0010). */
export interface LiveEventsTable {
  seq: Generated<number | string>;
  thread: string;
  type: 'created' | 'updated' | 'deleted' | 'voted';
  /** The LiveEvent as JSON. */
  data: string;
  created_at: string;
}

/** One signed-in admin session, kept by the SHA-256 of its cookie value. */
export interface AdminSessionsTable {
  id_hash: string;
  csrf: string;
  created_at: string;
  expires_at: string;
  ip: string | null;
}

export interface RemovedKeysTable {
  key: string;
  request_hash: string;
  removed_at: string;
}

export interface BansTable {
  kind: 'email' | 'ip';
  value: string;
  reason: string | null;
  created_at: string;
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
  status: 'published' | 'pending' | 'spam' | 'deleted';
  ip: string | null;
  /** 1 when the blog's owner wrote it (from admin), else 0. */
  owner: Generated<number>;
  edited_at: string | null;
  /** The id in the system it was imported from, e.g. `disqus:1234`; unique. */
  source: string | null;
  user_agent: string | null;
  referrer: string | null;
  /** Why the comment was held or marked spam, one reason per line (migration 0005). */
  reasons: string | null;
  /** The spam checker has yet to look at it: what a "not spam" answer does. */
  spam_check: 'publish' | 'hold' | null;
  /** SHA-256 of the normalised body, for the duplicate check. */
  body_hash: string | null;
  /** SHA-256 (hex) of the owner token the post answered; null when nobody may edit it (migration 0010). */
  token_hash: string | null;
  votes_up: Generated<number>;
  votes_down: Generated<number>;
}

export interface ThreadsTable {
  id: string;
  title: string | null;
  url: string | null;
  /** 1 when the owner closed it to new comments. */
  closed: Generated<number>;
  created_at: string;
}

export interface SettingsTable {
  key: string;
  /** JSON. */
  value: string;
  updated_at: string;
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
