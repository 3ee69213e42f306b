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
  /** Markdown source. */
  body: string;
  /** ISO 8601 time of creation. */
  createdAt: string;
  status: CommentStatus;
  /** Written by the blog's owner (the widget shows a badge). Absent for everyone else. */
  owner?: true;
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
export type SortOrder = 'oldest' | 'newest';

export interface ListOptions {
  /** Opaque cursor from a previous page's `next`; omit for the first page. */
  cursor?: string;
  /** How many top-level comments a page holds (replies come with their top-level comment). */
  limit?: number;
  order?: SortOrder;
  signal?: AbortSignal;
}

/** One page of a thread: top-level comments with all their replies. */
export interface CommentPage {
  comments: Comment[];
  /** Cursor for the next page, or null at the end. */
  next: string | null;
  /** Comments in the whole thread that a reader can see. */
  total: number;
  /** The thread takes no new comments (the widget hides its forms and says so). */
  closed?: boolean;
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
  post(comment: NewComment, options: PostOptions): Promise<Comment>;
  /** Counts for several threads in one call. */
  count?(threads: string[], options?: {signal?: AbortSignal}): Promise<Record<string, number>>;
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
