import type {Comment} from '../../adapters/adapter.js';
import type {CommentState, PagePosition} from './comment-store.js';

// The owner's view of the database: sign-in sessions, and comments as a moderator sees them (every state, with the
// email and IP a reader never sees), with the writes moderation needs.

/** A comment as admin shows it: the public fields plus what only the owner may see. */
export interface AdminComment extends Omit<Comment, 'status' | 'owner' | 'editedAt'> {
  status: CommentState;
  email: string | null;
  /** Cleared after the retention period (NATTER_IP_RETENTION_DAYS). */
  ip: string | null;
  /** ISO time of the owner's last edit, or null. */
  editedAt: string | null;
  owner: boolean;
  /** Why the policy or the spam checker held it, one sentence each (empty when nothing did). */
  reasons: string[];
  /** Direct replies, in any state. */
  replies: number;
}

/** Which comments a search covers; `queue` is pending and spam together. */
export type AdminStatusFilter = 'queue' | 'pending' | 'spam' | 'published' | 'deleted' | 'all';

/** A search over every thread, newest first. Text filters match anywhere, without case. */
export interface AdminSearch {
  status: AdminStatusFilter;
  thread?: string;
  /** Matches the author's name or email. */
  author?: string;
  /** Matches the comment's text. */
  q?: string;
  after?: PagePosition;
  limit: number;
}

/** A thread with its comment counts. */
export interface ThreadSummary {
  id: string;
  title: string | null;
  url: string | null;
  closed: boolean;
  published: number;
  pending: number;
  spam: number;
}

/** A stored admin session (the cookie value itself is never stored, only its SHA-256). */
export interface AdminSession {
  csrf: string;
  createdAt: string;
  expiresAt: string;
}

/** What a status change found: the change made, no such comment, or a deleted placeholder (which stays one). */
export type StatusChange = {kind: 'changed'; from: CommentState; comment: Comment} | {kind: 'not_found'} | {kind: 'deleted'};

/** What a removal did: the comment is gone, or it became a placeholder keeping its replies. */
export interface Removal {
  kind: 'removed' | 'placeholder';
  thread: string;
  /** Placeholders removed with it, because their last reply went. */
  alsoRemoved: string[];
}

export interface AdminStore {
  createSession(idHash: string, session: AdminSession & {ip: string | null}): Promise<void>;
  /** The session whose cookie hashes to `idHash`, unless it expired before `now` (ISO time). */
  findSession(idHash: string, now: string): Promise<AdminSession | null>;
  deleteSession(idHash: string): Promise<void>;
  /** Signs every session out (after a new password). */
  endAllSessions(): Promise<void>;
  /** Forgets sessions expired before `now`. */
  purgeSessions(now: string): Promise<number>;
  search(query: AdminSearch): Promise<{comments: AdminComment[]; next: PagePosition | null}>;
  get(id: string): Promise<AdminComment | null>;
  /** Threads that have comments or a row of their own, by id, optionally matching `q` in the id or title. */
  threads(query: {q?: string; after?: string; limit: number}): Promise<{threads: ThreadSummary[]; next: string | null}>;
  setStatus(id: string, to: 'published' | 'pending' | 'spam'): Promise<StatusChange>;
  /** Changes text, name or website (already validated) and stamps `editedAt`; null when missing or deleted. */
  edit(id: string, changes: {body?: string; author?: string; website?: string | null}, now: string): Promise<Comment | null>;
  /** Deletes a comment, or empties it into a placeholder when it has replies; null when there is no such comment. */
  remove(id: string): Promise<Removal | null>;
}
