import type {Tree} from '../markdown/tree.js';

/**
 * Whether a comment is visible to everyone, held for a moderator (shown only to its author), or a placeholder for a
 * deleted comment that keeps its replies in place (its author, website and body are empty).
 */
export type CommentStatus = 'published' | 'pending' | 'deleted';

/** One comment, as every adapter hands it to the elements. The email address is never part of it. */
export interface Comment {
  id: string;
  /** The thread id, e.g. the post's path. */
  thread: string;
  /** The id of the comment this replies to, or null for a top-level comment. */
  parent: string | null;
  author: string;
  /** The author's website (http or https), or null. */
  website: string | null;
  /**
   * Markdown source. A list page asked for as trees (the REST adapter's, `format=tree`) leaves it out: the widget
   * renders `tree`.
   */
  body?: string;
  /**
   * The body parsed (`toTree` from the package, src/markdown/tree.ts): what the widget renders, so the reader's browser
   * needs no Markdown parser. An adapter that gives only `body` works too: the widget then loads the parser itself.
   */
  tree?: Tree;
  /** ISO 8601 time of creation. */
  createdAt: string;
  status: CommentStatus;
  /** Written by the blog's owner (the widget shows a badge). Absent for everyone else. */
  owner?: true;
  /** ISO 8601 time of the author's last edit; absent when never edited. */
  editedAt?: string;
  /** Votes for and against; absent when there are none (or the server has votes off). */
  votes?: Votes;
  /** On a top-level comment in a list page: how many replies its branch lists (any depth, placeholders too), counting those in the page. */
  replyCount?: number;
  /** On a top-level comment whose page holds only some of its replies: pass it to `branch` as `cursor` for the next ones. */
  replyNext?: string;
}

/** A comment's votes. With votes `up` only, `down` stays 0. */
export interface Votes {
  up: number;
  down: number;
}

/** What `post` answers: the stored comment, and the secret that lets this browser edit or delete it later. */
export interface PostedComment extends Comment {
  /** The owner token (only its hash is stored by the server). Absent from adapters that offer no edit or remove. */
  token?: string;
}

/** What a reader submits. */
export interface NewComment {
  thread: string;
  parent: string | null;
  author: string;
  email?: string;
  website?: string;
  body: string;
  /** Mail the author about replies (double opt-in by the server); needs `email`. */
  notify?: boolean;
  /** The honeypot field: people never see it, so only a bot fills it. The widget sends it only when filled. */
  subject?: string;
}

/** Which top-level comments come first. Replies always run oldest first under their parent. */
/** `top`: by votes for minus against, then oldest first; only where the page says votes are on. */
export type SortOrder = 'oldest' | 'newest' | 'top';

export interface ListOptions {
  /** Opaque cursor from a previous page's `next`; omit for the first page. */
  cursor?: string;
  /** How many top-level comments a page holds at most (each with up to `replies` of its branch). */
  limit?: number;
  /**
   * At most this many replies under each top-level comment (its branch's oldest, at any depth), 0 to 100 (default
   * 100), and a page within 256 KB whatever is asked: `branch` fetches a branch's further replies.
   */
  replies?: number;
  order?: SortOrder;
  signal?: AbortSignal;
}

/**
 * One page of a thread: top-level comments, each followed by its branch's oldest replies (`replyCount` says how many
 * it has in all; `branch` fetches the rest). A page may hold fewer comments than asked, to stay small; `next` goes on.
 */
export interface CommentPage {
  comments: Comment[];
  /** Cursor for the next page, or null at the end. */
  next: string | null;
  /** Comments in the whole thread that a reader can see. */
  total: number;
  /** The thread takes no new comments (the widget hides its forms and says so). */
  closed?: boolean;
  /** Which votes readers may cast (`up`, or `updown` for up and down); absent when votes are off. */
  votes?: 'up' | 'updown';
  /** Seconds after posting during which the author may edit (while the comment has no reply); absent: no editing. */
  editWindow?: number;
  /** Where live updates resume for this page: pass it to `subscribe` as `after`, so nothing is missed between the two. */
  events?: string;
}

/** One live change to a thread, as `subscribe` delivers it. Applying one twice changes nothing. */
export type LiveEvent =
  /** A comment became visible (posted, or approved by a moderator). */
  | {type: 'created'; comment: Comment}
  /** A comment changed: edited, or deleted with replies (then `status` is `deleted`, a placeholder keeping them). */
  | {type: 'updated'; comment: Comment}
  /** A comment is gone from the thread (deleted without replies, or held or marked spam by a moderator). */
  | {type: 'deleted'; id: string}
  /** A comment's votes changed; `votes` is the new total. */
  | {type: 'voted'; id: string; votes: Votes};

export interface SubscribeHandlers {
  /** Resume after this point (a page's `events`, or the last event seen); omitted: from now. */
  after?: string;
  /** Each event, in order, with the point to resume after it. */
  onEvent(event: LiveEvent, id: string): void;
  /** The server can't replay from `after` (too old): list again, then subscribe anew. */
  onReset?(): void;
  /** Connected (true) or lost and trying again (false). */
  onStatus?(connected: boolean): void;
}

/** A vote: 1 for, -1 against (only with `updown`), 0 takes the reader's vote back. */
export type VoteValue = 1 | -1 | 0;

/** Which page of a branch `branch` reads. */
export interface BranchOptions {
  /** A top-level comment's `replyNext`, or a branch page's `next`; omitted: from the branch's first reply. */
  cursor?: string;
  /** How many replies at most; default 50, up to 100. */
  limit?: number;
  signal?: AbortSignal;
}

/** One page of a branch: replies under one top-level comment, oldest first, in the order a list shows them. */
export interface BranchPage {
  comments: Comment[];
  /** Cursor for the branch's next replies, or null at its end. */
  next: string | null;
}

export interface PostOptions {
  /** Client-made key: the same key always means the same comment, so a retry can never post twice. */
  idempotencyKey: string;
  signal?: AbortSignal;
}

/**
 * The contract between the elements and a backend. `list` and `post` are required;
 * everything else is an optional capability that the elements detect.
 */
export interface Adapter {
  /** Names this backend's drafts and outbox in the browser, so two adapters on one origin keep theirs apart. */
  id?: string;
  list(thread: string, options?: ListOptions): Promise<CommentPage>;
  post(comment: NewComment, options: PostOptions): Promise<PostedComment>;
  /** The next replies of top-level comment `id`'s branch, after those a list page or an earlier branch page gave. */
  branch?(thread: string, id: string, options?: BranchOptions): Promise<BranchPage>;
  /** Counts for several threads in one call. */
  count?(threads: string[], options?: {signal?: AbortSignal}): Promise<Record<string, number>>;
  /** Replaces the body of the author's own comment (token from `post`), within the page's `editWindow` and while it has no reply. */
  edit?(id: string, change: {body: string}, options: {token: string; signal?: AbortSignal}): Promise<Comment>;
  /** Deletes the author's own comment at any time: a placeholder (returned) when it has replies, else gone (null). */
  remove?(id: string, options: {token: string; signal?: AbortSignal}): Promise<Comment | null>;
  /** Casts, changes or takes back this browser's vote (`voter` is its random key); answers the new totals. */
  vote?(id: string, value: VoteValue, options: {voter: string; signal?: AbortSignal}): Promise<Votes>;
  /** Live changes to a thread until the returned function is called. */
  subscribe?(thread: string, handlers: SubscribeHandlers): () => void;
}

/** The one error type adapters throw. */
export class AdapterError extends Error {
  /** HTTP status, or 0 when the network failed or the request timed out. */
  readonly status: number;
  /** Whether trying the same request again later can succeed. */
  readonly retryable: boolean;
  /** A machine-readable code, e.g. `invalid_body`, `rate_limited`, `thread_closed`, `network`. */
  readonly code: string;
  /** Milliseconds the server asked to wait before trying again (its `Retry-After`), when it said. */
  readonly retryAfter?: number;

  constructor(message: string, {status = 0, retryable = status === 0 || status >= 500 || status === 429 || status === 408, code = 'error', retryAfter}: {status?: number; retryable?: boolean | undefined; code?: string; retryAfter?: number} = {}) {
    super(message);
    this.name = 'AdapterError';
    this.status = status;
    this.retryable = retryable;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}
