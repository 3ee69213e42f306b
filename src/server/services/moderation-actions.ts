import type {Comment} from '../../adapters/adapter.js';
import type {CommentState} from '../store/comment-store.js';
import type {Moderator} from './events.js';

// What a moderator can do to comments, wherever the decision comes from (admin, a signed link in the owner's mail).
// Each action writes through the store, then emits its event (comment.moderated, comment.updated, comment.deleted),
// which the page cache, mail, webhooks and the spam checker's feedback subscribe to.

/** The outcome for one id of a (bulk) action. */
export type ActionResult = {id: string; ok: true; status: CommentState | 'removed'} | {id: string; ok: false; code: 'not_found' | 'invalid_transition'; message: string};

export interface ModerationActions {
  /** Approve (`published`), hold (`pending`), or mark as spam / not spam. */
  setStatus(ids: readonly string[], to: 'published' | 'pending' | 'spam', by: Moderator): Promise<ActionResult[]>;
  /** Rejects or deletes: a comment with replies becomes a `deleted` placeholder that keeps them, others go entirely. */
  remove(ids: readonly string[], by: Moderator): Promise<ActionResult[]>;
  /** The owner edits a comment's text, name or website (each validated like a post). */
  edit(id: string, changes: {body?: string; author?: string; website?: string | null}): Promise<Comment>;
}
