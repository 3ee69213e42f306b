import type {ReactiveController} from 'lit';
import type {Comment} from '../adapters/adapter.js';
import type {ShownComment} from '../elements/comment-view.js';
import type {ThreadElement} from '../elements/thread-element.js';
import {forgetHeld, loadHeld} from '../storage/held.js';
import type {Kv} from '../storage/kv.js';
import {sharedKv} from './drafts-controller.js';
import {scopeOf} from './scope.js';

/** How long a held comment is kept when the list never shows it (rejected, or deleted by the owner). */
const KEEP_MS = 30 * 864e5;

/**
 * The reader's own comments held for moderation, kept in this browser per scope and thread (the outbox stores each
 * as the server answered it), shown in their place as "Awaiting moderation" until the list shows them.
 * Restored after the first paint, with the write chunk; the list never waits for it.
 */
export class HeldController implements ReactiveController {
  /** Settles when the current thread's held comments are restored. */
  restoring: Promise<void> = Promise.resolve();
  private held = new Map<string, Comment>();
  private key = '';
  private scope = '';
  private kv?: Kv;

  constructor(private host: ThreadElement) {
    host.addController(this);
    // The list is the truth: once it shows a held comment (published, or a deleted placeholder), forget the copy.
    host.addEventListener('natter-load', (e) => this.forget(e.detail.comments.filter((c) => this.held.has(c.id))));
  }

  hostUpdate() {
    const key = JSON.stringify([scopeOf(this.host), this.host.threadId]);
    if (key === this.key) return;
    this.key = key;
    this.held = new Map();
    this.restoring = this.restore(key);
  }

  private async restore(key: string) {
    const {host} = this;
    const scope = scopeOf(host);
    const kv = (this.kv = await sharedKv());
    const kept = await loadHeld(kv, scope, host.threadId).catch(() => []);
    if (key !== this.key) return;
    this.scope = scope;
    for (const c of kept) this.held.set(c.id, c);
    // Listed already (by the server: a copy the outbox put in this visit is marked `posted`), or past waiting for.
    const listed = host.list.comments;
    this.forget(kept.filter((c) => (listed.has(c.id) && !listed.get(c.id)!.state) || !(Date.now() - Date.parse(c.createdAt) < KEEP_MS)));
    if (this.held.size) host.requestUpdate();
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
