import type {Comment, CommentStatus, SortOrder} from '../../adapters/adapter.js';
import type {AdminStore} from './admin-store.js';
import type {IoStore} from './io-store.js';
import type {LiveStore} from './live-store.js';
import type {NotifyStore} from './notify-store.js';
import type {ReadersStore} from './readers-store.js';
import type {BanStore, SettingsStore, ThreadStore} from './owner-stores.js';
import type {RecentStore} from './recent-store.js';
import type {SpamStore} from './spam-store.js';

/** Every state a stored comment can be in: the public ones, and spam (never shown to readers). */
export type CommentState = CommentStatus | 'spam';

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
  /** Votes up minus down, for order `top` only (the score it had when the page was read). */
  score?: number;
  createdAt: string;
  id: number;
}

/** Which page of a thread to read. */
export interface PageQuery {
  order: SortOrder;
  limit: number;
  after?: PagePosition;
  /** At most this many replies under each top-level comment: its branch's oldest (any depth, by time then id); absent, every reply. */
  replies?: number;
  /** Stop before the comments' JSON (joined by commas) would pass this many UTF-8 bytes; one comment always goes in. */
  maxBytes?: number;
  /** A comment's bytes as it will be sent, its comma included (default: its JSON as stored); read only with `maxBytes`. */
  measure?: (comment: Comment) => number;
}

/**
 * One page of top-level comments, each followed by its branch's oldest replies. Each top-level comment carries its
 * `replyCount`, and `replyNext` while some of its replies aren't in the page.
 */
export interface StoredPage {
  comments: Comment[];
  /** The last top-level comment of the page, when more follow (or the page stopped at `maxBytes`). */
  next: PagePosition | null;
  total: number;
}

/** Which page of one branch (the replies at any depth under a top-level comment) to read, oldest first. */
export interface BranchQuery {
  limit: number;
  /** Just after this reply (a `replyNext` or a branch page's `next`); omitted: from the branch's first reply. */
  after?: PagePosition;
  /** As in PageQuery. */
  maxBytes?: number;
  measure?: (comment: Comment) => number;
}

/** One page of a branch's replies; `next` is the last of them when more follow. */
export interface StoredBranch {
  comments: Comment[];
  next: PagePosition | null;
}

/** How a new comment is written. */
export interface InsertOptions {
  idempotencyKey: string;
  /** A hash of the request, so the same key with a different comment is caught. */
  requestHash: string;
  status: CommentState;
  createdAt: string;
  ip: string | null;
  /** Kept for the spam checker like `ip`, and cleared with it. */
  userAgent?: string | null;
  referrer?: string | null;
  /** Written by the blog's owner (admin), shown with a badge. */
  owner?: boolean;
  /** The id in the system it was imported from, e.g. `disqus:1234`. */
  source?: string | null;
  /** Why the post pipeline held it or marked it spam, one reason per line. */
  reasons?: string | null;
  /** The spam checker has yet to look at it, and what a "not spam" answer does. */
  spamCheck?: 'publish' | 'hold' | null;
  /** SHA-256 of the normalised body (services/policy/normalise.ts), for the duplicate check. */
  bodyHash?: string | null;
  /** SHA-256 (hex) of the owner token the post answers; none for owner-written and imported comments. */
  tokenHash?: string | null;
}

/** What happened to an insert: a new row, a replay of an earlier one with the same key, or a clash. */
export type InsertResult =
  | {kind: 'created'; comment: Comment}
  | {kind: 'replayed'; comment: Comment}
  | {kind: 'conflict'}
  /** The key's comment was stored and later removed by a moderator: a resend must not bring it back. */
  | {kind: 'removed'};

/** The answer of a rate limit: go ahead (the attempt is counted), or wait this many seconds. */
export type RateDecision = {allowed: true} | {allowed: false; retryAfter: number};

/** A change another process made: to one thread's comments, or to anything (after a missed stretch). */
export type StoreChange = {thread: string} | {thread: null};

/** Which database engine a store runs on, for messages and maintenance commands. */
export type StoreEngine = 'sqlite' | 'postgres';

/**
 * The comments database, over domain types. Every method may be called concurrently; writes are atomic.
 * No SQL or database handle leaves the store.
 */
export interface CommentStore {
  readonly engine: StoreEngine;
  // The concern stores, one file each under kysely/. Add one per concern rather than growing this list of methods.
  readonly settings: SettingsStore;
  readonly threads: ThreadStore;
  readonly bans: BanStore;
  readonly admin: AdminStore;
  /** Bulk import and export. */
  readonly io: IoStore;
  readonly recent: RecentStore;
  /** The post pipeline's look-ups and the spam checker's queue (spam-store.ts). */
  readonly spam: SpamStore;
  /** Mail and webhook outboxes, reply subscriptions, used link nonces (notify-store.ts). */
  readonly notify: NotifyStore;
  /** What readers do to comments after posting: edit and delete their own, vote (readers-store.ts). */
  readonly readers: ReadersStore;
  /** The live log streams replay and follow (live-store.ts). */
  readonly live: LiveStore;
  listPage(thread: string, query: PageQuery): Promise<StoredPage>;
  /** A page of the replies under top-level comment `root` of `thread`; null when no such comment is listed there. */
  branchPage(thread: string, root: string, query: BranchQuery): Promise<StoredBranch | null>;
  /** Writes a comment and its idempotency key together; a key already taken answers replayed or conflict. */
  insertComment(input: CommentInput, options: InsertOptions): Promise<InsertResult>;
  /** The earlier result of an idempotency key, without writing anything. */
  findByIdempotencyKey(key: string, requestHash: string): Promise<InsertResult | null>;
  getComment(id: string): Promise<Comment | null>;
  /** Published comments per thread; threads without any get 0. */
  countMany(threads: readonly string[]): Promise<Map<string, number>>;
  /** Counts an attempt by `key` in a sliding window shared by every process on this database. */
  takeRate(key: string, options: {limit: number; windowMs: number; now: number}): Promise<RateDecision>;
  /** Forgets the IP addresses of comments created before `before` (ISO time), and stale rate counters. */
  purgeOld(options: {ipsBefore: string; ratesBefore: number}): Promise<{ipsCleared: number}>;
  /** Tells other processes on this database that a comment changed (ids only). */
  announce(change: {id: string; thread: string}): Promise<void>;
  /** Calls `listener` when another process changed comments; `{thread: null}` means anything may have changed. */
  watch(listener: (change: StoreChange) => void): () => void;
  close(): Promise<void>;
}

/** The comment a reply answers was removed while the reply was being written. */
export class ParentGoneError extends Error {
  constructor(parent: string) {
    super(`Comment ${parent} was removed while a reply to it was being written.`);
    this.name = 'ParentGoneError';
  }
}

/** The database is busy or locked: the request may be retried shortly. */
export class StoreBusyError extends Error {
  constructor(cause: unknown) {
    super('The database is busy.', {cause});
    this.name = 'StoreBusyError';
  }
}
