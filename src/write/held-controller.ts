import type {Comment} from '../adapters/adapter.js';
import type {ShownComment} from '../elements/comment-view.js';
import type {ThreadElement} from '../elements/thread-element.js';
import {forgetHeld} from '../storage/held.js';
import type {Kv} from '../storage/kv.js';

/** How long a held comment is kept when the list never shows it (rejected, or deleted by the owner). */
const KEEP_MS = 30 * 864e5;

/** The reader's own comments held for moderation, for the drafts controller to restore and the list to show. */
export interface HeldController {
  /** Nothing to wait for: the drafts controller's restore also restores these (kept for callers that wait on it). */
  restoring?: Promise<void>;
  /** Lets go of the current thread's held comments before another thread is restored. */
  stop(): void;
  /** Starts over with a thread's stored held comments (the drafts controller restores them with the drafts). */
  restore(kv: Kv, scope: string, kept: Comment[]): void;
  /** The kept comments the list doesn't hold, each under its parent when that is shown (else not at all). */
  shown(): ShownComment[];
}

/**
 * The reader's own comments held for moderation, kept in this browser per scope and thread (the outbox stores each
 * as the server answered it), shown in their place as "Awaiting moderation" until the list shows them.
 * Restored with the drafts (src/write/drafts-controller.ts), after the first paint; the list never waits for it.
 * A plain object over a closure: its state in locals, which the minifier shortens.
 */
export function createHeld(host: ThreadElement): HeldController {
  let held = new Map<string, Comment>();
  let scope = '';
  let kv: Kv | undefined;
  const forget = (comments: Comment[]) => {
    for (const c of comments) held.delete(c.id);
    if (comments.length && kv) void forgetHeld(kv, scope, comments).catch(() => {});
  };
  // The list is the truth: once it shows a held comment (published, or a deleted placeholder), forget the copy.
  host.addEventListener('natter-load', (e) => forget(e.detail.comments.filter((c) => held.has(c.id))));
  return {
    stop() {
      held = new Map();
    },
    restore(store, at, kept) {
      const listed = host.list.comments;
      kv = store;
      scope = at;
      for (const c of kept) held.set(c.id, c);
      // Listed already (by the server: a copy the outbox put in this visit is marked `posted`), or past waiting for.
      forget(kept.filter((c) => (listed.has(c.id) && !listed.get(c.id)!.state) || !(Date.now() - Date.parse(c.createdAt) < KEEP_MS)));
    },
    shown() {
      const {comments} = host.list;
      return [...held.values()].filter((c) => !comments.has(c.id) && (!c.parent || comments.has(c.parent))).map((c) => ({...c, state: 'held' as const}));
    },
  };
}
