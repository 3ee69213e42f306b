// Mail and webhooks in the database: the two outboxes, their delivery log, reply subscriptions and used link nonces.

/** Which outbox: mail (SMTP) or webhooks (HTTP POST). */
export type Channel = 'mail' | 'webhook';

/** A message to queue. `dedupeKey` names the event it is for, so the same event never queues twice. */
export interface OutboxItem {
  dedupeKey: string | null;
  kind: string;
  recipient: string;
  /** JSON text: the rendered mail, or the webhook body. */
  payload: string;
}

/** A row an instance claimed: it holds the lease until `leaseUntil` (ms). */
export interface ClaimedRow extends OutboxItem {
  id: string;
  /** This attempt's number, counted from 1. */
  attempt: number;
}

/** One try at sending a row, as the delivery log keeps it. */
export interface Delivery {
  id: string;
  channel: Channel;
  outboxId: string;
  kind: string;
  attempt: number;
  ok: boolean;
  /** The receiver's HTTP status (webhooks), null when it never answered. */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  at: string;
}

/** A comment as notifications need it: with the author's email and its real state. */
export interface CommentFacts {
  id: string;
  thread: string;
  parent: string | null;
  author: string;
  email: string | null;
  website: string | null;
  body: string;
  state: 'published' | 'pending' | 'spam' | 'deleted';
  owner: boolean;
  /** It came from an import (`source` set), so it is nobody's news. */
  imported: boolean;
  createdAt: string;
}

/** What an address's reply subscription is. */
export type SubscriptionState = 'pending' | 'confirmed' | 'unsubscribed';

export interface NotifyStore {
  /** Queues items (a dedupe key already queued is skipped); answers how many were added. */
  enqueue(channel: Channel, items: readonly OutboxItem[], options: {now: number; createdAt: string}): Promise<number>;
  /**
   * Claims up to `limit` rows that are due (or whose holder's lease ran out) for `owner` until `now + leaseMs`, each
   * by a compare-and-set, so two instances never hold one row. Counts the attempt.
   */
  claim(channel: Channel, options: {owner: string; now: number; leaseMs: number; limit: number}): Promise<ClaimedRow[]>;
  /** Marks a claimed row sent, in its own transaction; false when the lease was lost meanwhile. */
  markSent(channel: Channel, id: string, owner: string, sentAt: string): Promise<boolean>;
  /** Gives a claimed row back for a retry at `retryAt` (ms), or marks it `failed` for good (`retryAt: null`). */
  markRetry(channel: Channel, id: string, owner: string, options: {error: string; retryAt: number | null}): Promise<void>;
  /** Drops a claimed row without sending it (e.g. the recipient unsubscribed after it was queued). */
  drop(channel: Channel, id: string, owner: string, reason: string): Promise<void>;
  log(entry: Omit<Delivery, 'id'>): Promise<void>;
  /** The newest deliveries first. */
  deliveries(channel: Channel, options: {limit: number; before?: string}): Promise<Delivery[]>;
  /**
   * Deletes finished rows and log lines older than `before` (ISO), nonces whose links expired before `nowMs`, requests
   * never confirmed since `before`, and watches of comments that are gone.
   */
  purge(options: {before: string; nowMs: number}): Promise<void>;

  commentFacts(id: string): Promise<CommentFacts | null>;
  /** Every comment written with this address (any case), except deleted placeholders, oldest first. */
  commentsByEmail(email: string): Promise<CommentFacts[]>;
  /** The highest comment id ('0' when there is none). */
  lastCommentId(): Promise<string>;
  /** Up to `limit` comments after `id`, in id order, with their creation times and whether they were imported. */
  commentsAfter(id: string, limit: number): Promise<{id: string; createdAt: string; imported: boolean}[]>;
  /**
   * Records that `email` wants replies to comment `commentId` (an unconfirmed watch); answers the address's state
   * before (null when new). A new address becomes pending; an unsubscribed one stays unsubscribed.
   */
  watch(commentId: string, email: string, now: string): Promise<SubscriptionState | null>;
  /**
   * Queues a confirmation mail to `email` unless one was queued within `windowMs` before `now` (ms) or the address
   * unsubscribed, in one transaction; answers whether it was queued.
   */
  enqueueConfirmation(email: string, item: OutboxItem, options: {now: number; createdAt: string; windowMs: number}): Promise<boolean>;
  /** The address watching this comment, its state, and whether this watch was confirmed. */
  watcherOf(commentId: string): Promise<{email: string; state: SubscriptionState; confirmed: boolean} | null>;
  subscription(email: string): Promise<SubscriptionState | null>;
  /**
   * Confirms an address (never an unsubscribed one: `unknown`) and its watches begun by `issuedAt` (ISO, when the
   * link was mailed), using the link's nonce in one transaction; `used` when the nonce was spent already.
   */
  confirm(email: string, nonce: {value: string; expiresAt: number}, now: string, issuedAt: string): Promise<'confirmed' | 'used' | 'unknown'>;
  /** Stops all reply mail to the address (idempotent). */
  unsubscribe(email: string, now: string): Promise<void>;
  /** Spends a single-use nonce; false when it was spent already. */
  useNonce(nonce: {value: string; purpose: string; expiresAt: number}, now: string): Promise<boolean>;
  /** Whether a nonce was spent (to say so on the GET page already). */
  nonceUsed(value: string): Promise<boolean>;
  /** Gives a nonce back when the action it was spent on failed, so the link still works. */
  releaseNonce(value: string): Promise<void>;
}
