import type {Comment, Votes} from '../../adapters/adapter.js';
import type {CommentState} from './comment-store.js';

// What readers do to comments after posting them: edit and delete their own (proved by the owner token, whose hash
// is all the database keeps), and vote. The service decides; these are its reads and its guarded writes.

/** What an author's action needs to know of a comment. */
export interface OwnedComment {
  comment: Comment;
  status: CommentState;
  /** SHA-256 (hex) of its owner token; null when nobody may edit it (owner-written, imported, older comments). */
  tokenHash: string | null;
  email: string | null;
  /** Replies that hold it in place: any not marked spam. */
  replies: number;
  /** What the spam checker's "not spam" will do, while a check is due (spam-store.ts); else null. */
  spamCheck: 'publish' | 'hold' | null;
}

/** An author's new text, already validated and run through the policy. */
export interface EditChange {
  body: string;
  bodyHash: string;
  status: CommentState;
  /** Why the policy holds the new text, one per line; absent keeps the reasons it had. */
  reasons?: string;
  editedAt: string;
  /** Sets the spam checker's marker: the new text waits for a check ('publish' or 'hold' after "not spam"), or none. */
  spamCheck: 'publish' | 'hold' | null;
  /** The edit window: the comment must have been created after this (ISO time), checked in the update itself. */
  createdAfter: string;
}

/** A vote as stored: both keys already HMACs, never the browser's key or the address itself. */
export interface VoteChange {
  voter: string;
  ipHash: string;
  value: 1 | -1 | 0;
  /** At most this many different voters per comment from one address (IPv6 by /64). */
  maxPerIp: number;
  now: string;
}

export type VoteResult = {kind: 'voted'; thread: string; votes: Votes; changed: boolean} | {kind: 'not_found'} | {kind: 'limit'};

export interface ReadersStore {
  /** The comment with what ownership checks need; null when there is none. */
  owned(id: string): Promise<OwnedComment | null>;
  /** Writes the edit unless, by now, the comment is deleted, older than `createdAfter` or has a reply; null then. */
  edit(id: string, change: EditChange): Promise<Comment | null>;
  /** Records, changes or (value 0) retracts one voter's vote on a published comment, and its totals, in one transaction. */
  vote(id: string, change: VoteChange): Promise<VoteResult>;
}
