import type {CommentState} from './comment-store.js';

// What the post pipeline and the spam checker ask of the database besides writing comments (migration 0005-spam).

/** What the spam checker sends about a stored comment (Akismet's comment-check, submit-spam, submit-ham). */
export interface SpamCheckItem {
  id: string;
  thread: string;
  author: string;
  email: string | null;
  website: string | null;
  body: string;
  createdAt: string;
  status: CommentState;
  ip: string | null;
  userAgent: string | null;
  referrer: string | null;
  /** What a "not spam" answer does, while a check is due; null once checked. */
  check: 'publish' | 'hold' | null;
  reasons: string | null;
}

/** An earlier comment with the same normalised text. */
export interface Duplicate {
  id: string;
  /** Written by the same email or from the same IP address (else only in the same thread). */
  sameAuthor: boolean;
}

export interface SpamStore {
  /** Published comments written with this email address (compared without case). */
  approvedCount(email: string): Promise<number>;
  /** The newest comment since `since` (ISO) with this body hash, by the same email or IP, or in `thread` when given. */
  findDuplicate(query: {bodyHash: string; since: string; email: string | null; ip: string | null; thread: string | null}): Promise<Duplicate | null>;
  /** Comments still waiting for the spam checker, oldest first. */
  due(limit: number): Promise<string[]>;
  get(id: string): Promise<SpamCheckItem | null>;
  /**
   * Ends a due check: moves a still-pending comment to `to` (null keeps its state) and adds `reason` to its reasons.
   * Answers whether the state moved (false when already settled, or a moderator decided meanwhile). `body` is the
   * text that was checked: when the author edited it since, nothing moves and the check stays due for the new text.
   */
  settle(id: string, outcome: {to: 'published' | 'spam' | null; reason: string; body: string}): Promise<boolean>;
}
