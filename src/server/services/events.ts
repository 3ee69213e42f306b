import type {Comment, Votes} from '../../adapters/adapter.js';
import type {CommentState, StoreChange} from '../store/comment-store.js';

/** Who changed a comment's state: the owner in admin, a signed link in the owner's mail, or the spam checker. */
export type Moderator = 'owner' | 'mail-link' | 'spam-check';

/** Everything the services announce, by name. */
export interface ServiceEvents {
  /** A comment was written (published or pending), after its transaction committed. */
  'comment.created': {comment: Comment};
  /** Edited; `from` is its state before, when the emitter knows it (readers never saw one that wasn't published). */
  'comment.updated': {comment: Comment; from?: CommentState};
  /**
   * Gone from the thread; `placeholder` is set when it had replies and stays as a deleted placeholder keeping them;
   * `from` is its state before, when the emitter knows it.
   */
  'comment.deleted': {id: string; thread: string; placeholder?: Comment; from?: CommentState};
  /** A reader's vote changed a comment's totals, after the commit. */
  'comment.voted': {id: string; thread: string; votes: Votes};
  /** A comment moved between states (approved, held, marked spam or not spam), after the commit. */
  'comment.moderated': {comment: Comment; from: CommentState; to: CommentState; by: Moderator};
  /** A thread was closed to new comments or opened again. */
  'thread.changed': {thread: string};
  /** Another process on the same database changed comments; `thread: null` means anything may have changed. */
  'store.changed': StoreChange;
}

/** A typed in-process publish/subscribe bus. A failing subscriber is logged and never fails the write. */
export interface EventBus {
  on<K extends keyof ServiceEvents>(name: K, listener: (event: ServiceEvents[K]) => void): () => void;
  emit<K extends keyof ServiceEvents>(name: K, event: ServiceEvents[K]): void;
}

export function createEventBus(): EventBus {
  const listeners = new Map<keyof ServiceEvents, Set<(event: never) => void>>();
  return {
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
    emit(name, event) {
      for (const listener of listeners.get(name) ?? []) {
        try {
          (listener as (e: typeof event) => void)(event);
        } catch (error) {
          console.error(`[natter] a ${name} subscriber failed:`, error);
        }
      }
    },
  };
}
