import type {Comment} from '../adapters/adapter.js';
import type {Key, Kv} from './kv.js';

/**
 * The reader's own comments that the server holds for moderation, as it answered them, so that they still show as
 * "Awaiting moderation" after a reload. Only this browser keeps them; the server lists them to no one until approved.
 */
export const heldKey = (scope: string, thread: string, id: string): Key => ['held', scope, thread, id];

/** Every held comment kept for a thread. */
export function loadHeld(kv: Kv, scope: string, thread: string): Promise<Comment[]> {
  return kv.values<Comment>(['held', scope, thread]);
}

/** Forgets held comments: the list shows them now, or they are too old to wait for. */
export function forgetHeld(kv: Kv, scope: string, comments: Comment[]): Promise<void> {
  return kv.write(comments.map((c) => [heldKey(scope, c.thread, c.id)]));
}
