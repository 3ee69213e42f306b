import type {Comment} from '../../adapters/adapter.js';
import {ApiError} from '../api-error.js';
import type {Removal} from '../store/admin-store.js';
import type {CommentState, CommentStore} from '../store/comment-store.js';
import {validateNewComment} from '../validation.js';
import type {EventBus, Moderator} from './events.js';

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

/**
 * Emits comment.deleted for what `store.admin.remove(id)` did, the same for a moderator's delete and an author's, and
 * returns the placeholder left, if any. `from` keeps a comment readers never saw (held, spam) out of the live log; the
 * placeholder goes with the event, so a live thread keeps the replies under it. Removing a placeholder that still keeps
 * its replies changes nothing anyone sees: no event.
 */
export async function announceRemoval({store, bus}: {store: CommentStore; bus: EventBus}, id: string, from: CommentState, removal: Removal): Promise<Comment | null> {
  const placeholder = removal.kind === 'placeholder' ? await store.getComment(id) : null;
  if (placeholder && from === 'deleted') return placeholder;
  bus.emit('comment.deleted', {id, thread: removal.thread, from, ...(placeholder ? {placeholder} : {})});
  for (const gone of removal.alsoRemoved) bus.emit('comment.deleted', {id: gone, thread: removal.thread, from: 'deleted'});
  return placeholder;
}

/** The actions over `store`, announcing each change on `bus` after its commit. */
export function createModerationActions({store, bus, now}: {store: CommentStore; bus: EventBus; now: () => Date}): ModerationActions {
  const missing = (id: string): ActionResult => ({id, ok: false, code: 'not_found', message: `There is no comment ${id.slice(0, 20)}.`});
  return {
    async setStatus(ids, to, by) {
      const results: ActionResult[] = [];
      for (const id of ids) {
        const change = await store.admin.setStatus(id, to);
        if (change.kind === 'not_found') results.push(missing(id));
        else if (change.kind === 'deleted') {
          results.push({id, ok: false, code: 'invalid_transition', message: 'A deleted comment can’t be approved, held or marked; it stays a placeholder.'});
        } else {
          results.push({id, ok: true, status: to});
          // Nothing moved, nothing to tell (approving twice must not mail or call webhooks twice).
          if (change.from !== to) bus.emit('comment.moderated', {comment: change.comment, from: change.from, to, by});
        }
      }
      return results;
    },
    async remove(ids) {
      const results: ActionResult[] = [];
      for (const id of ids) {
        const before = await store.admin.get(id);
        const removal = before && (await store.admin.remove(id));
        if (!removal) {
          results.push(missing(id));
          continue;
        }
        results.push({id, ok: true, status: removal.kind === 'placeholder' ? 'deleted' : 'removed'});
        await announceRemoval({store, bus}, id, before.status, removal);
      }
      return results;
    },
    async edit(id, changes) {
      const current = await store.admin.get(id);
      if (!current) throw new ApiError(404, 'not_found', 'There is no such comment.');
      if (current.status === 'deleted') throw new ApiError(409, 'invalid_transition', 'A deleted comment can’t be edited.');
      // Checked by the same rules as a reader's post, over the comment as it will be.
      const checked = validateNewComment({
        thread: current.thread,
        author: changes.author ?? current.author,
        body: changes.body ?? current.body,
        website: changes.website === undefined ? current.website : changes.website,
      });
      const set: {body?: string; author?: string; website?: string | null} = {};
      if (changes.body !== undefined) set.body = checked.body;
      if (changes.author !== undefined) set.author = checked.author;
      if (changes.website !== undefined) set.website = checked.website;
      const comment = await store.admin.edit(id, set, now().toISOString());
      if (!comment) throw new ApiError(404, 'not_found', 'There is no such comment.');
      bus.emit('comment.updated', {comment});
      return comment;
    },
  };
}
