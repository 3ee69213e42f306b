import type {Comment} from '../adapters/adapter.js';
import type {ShownComment} from '../elements/comment-view.js';
import type {ThreadElement} from '../elements/thread-element.js';
import {forgetHeld} from '../storage/held.js';
import type {Kv} from '../storage/kv.js';

/** How long a held comment is kept when the list never shows it (rejected, or deleted by the owner). */
const KEEP_MS = 30 * 864e5;

/**
 * The reader's own comments held for moderation, kept in this browser per scope and thread (the outbox stores each
 * as the server answered it), shown in their place as "Awaiting moderation" until the list shows them.
 * Restored with the drafts (src/write/drafts-controller.ts), after the first paint; the list never waits for it.
 */
export class HeldController {
  /** Nothing to wait for: the drafts controller's restore also restores these (kept for callers that wait on it). */
  restoring?: Promise<void>;
  private held = new Map<string, Comment>();
  private scope = '';
  private kv?: Kv;

  constructor(private host: ThreadElement) {
    // The list is the truth: once it shows a held comment (published, or a deleted placeholder), forget the copy.
    host.addEventListener('natter-load', (e) => this.forget(e.detail.comments.filter((c) => this.held.has(c.id))));
  }

  /** Lets go of the current thread's held comments before another thread is restored. */
  stop() {
    this.held = new Map();
  }

  /** Starts over with a thread's stored held comments (the drafts controller restores them with the drafts). */
  restore(kv: Kv, scope: string, kept: Comment[]) {
    const listed = this.host.list.comments;
    this.kv = kv;
    this.scope = scope;
    for (const c of kept) this.held.set(c.id, c);
    // Listed already (by the server: a copy the outbox put in this visit is marked `posted`), or past waiting for.
    this.forget(kept.filter((c) => (listed.has(c.id) && !listed.get(c.id)!.state) || !(Date.now() - Date.parse(c.createdAt) < KEEP_MS)));
  }

  private forget(comments: Comment[]) {
    for (const c of comments) this.held.delete(c.id);
    if (comments.length && this.kv) void forgetHeld(this.kv, this.scope, comments).catch(() => {});
  }

  /** The kept comments the list doesn't hold, each under its parent when that is shown (else not at all). */
  shown(): ShownComment[] {
    const {comments} = this.host.list;
    return [...this.held.values()].filter((c) => !comments.has(c.id) && (!c.parent || comments.has(c.parent))).map((c) => ({...c, state: 'held' as const}));
  }
}
