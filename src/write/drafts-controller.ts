import type {ReactiveController} from 'lit';
import type {ThreadElement} from '../elements/thread-element.js';
import {draftKey, loadDrafts, loadIdentity, rememberIdentity, saveDraft, type Draft, type Identity} from '../storage/drafts.js';
import {openKv, type Kv} from '../storage/kv.js';
import {entryKey, loadOutbox} from '../storage/outbox.js';
import {dropRescue, findRescues, leaveRescue} from '../storage/rescue.js';
import type {ComposerState} from './composer-element.js';
import type {OutboxController} from './outbox-controller.js';
import type {HeldController} from './held-controller.js';
import {loadHeld} from '../storage/held.js';
import {scopeOf} from './scope.js';

let kvPromise: Promise<Kv> | undefined;
/** The page's one store, opened on first use. */
export const sharedKv = () => (kvPromise ??= openKv());

/** What the reader types: debounced saves, a flush on hide, the pagehide rescue, and the remembered identity. Keyed on scope and thread. */
export class DraftsController implements ReactiveController {
  kv?: Kv;
  /** Settles when the current thread's drafts and outbox are restored (set on the host's first update). */
  restoring?: Promise<void>;
  /** The scope drafts were restored for; saves go there even if the element changes meanwhile. */
  scope = '';
  private drafts = new Map<string, Draft>();
  private errors = new Map<string, string>();
  private identity: Identity = {author: '', email: '', website: ''};
  private remember = false;
  private restored?: boolean;
  private key?: string;
  private dirty = new Set<string>();
  private timer?: ReturnType<typeof setTimeout>;
  private listening?: AbortController;
  /** Whether this page's last pagehide left a rescue copy. */
  private left?: boolean;

  constructor(private host: ThreadElement, private outbox: OutboxController, private held: HeldController) {
    host.addController(this);
  }

  hostConnected() {
    const signal = (this.listening = new AbortController()).signal;
    addEventListener('pagehide', () => {
      this.flush();
      const drafts = this.host.noDrafts ? [] : [...this.drafts.values()].filter((d) => d.body.trim()).map((d) => this.stored(d));
      const outbox = this.outbox.entries();
      // Only once restored: before that, memory holds less than storage does.
      this.left = this.restored && !!(drafts.length || outbox.length) && leaveRescue(this.scope, this.host.threadId, {drafts, outbox});
    }, {signal});
    // Back from the back/forward cache: this page carries on, with memory and IndexedDB holding the truth, so the copy
    // it left goes, or a later load would put back text posted (and drafts deleted) since.
    addEventListener('pageshow', (e) => e.persisted && this.left && leaveRescue(this.scope, this.host.threadId, null), {signal});
    document.addEventListener('visibilitychange', this.flush, {signal});
  }

  hostDisconnected() {
    this.listening?.abort();
    this.flush();
  }

  hostUpdate() {
    const scope = scopeOf(this.host);
    const thread = this.host.threadId;
    // NUL, which neither an id nor an endpoint holds, as in the rescue copy's name.
    const key = `${scope}\0${thread}`;
    if (key === this.key) return;
    this.key = key;
    this.restoring = this.restore(scope, thread);
  }

  /** Restores drafts, identity, the outbox and held comments for the current thread, merging what an earlier page's pagehide left. */
  private async restore(scope: string, thread: string) {
    this.flush();
    const key = this.key;
    const host = this.host;
    this.restored = false;
    this.outbox.stop();
    this.held.stop();
    this.drafts = new Map();
    this.errors = new Map();
    host.replying = new Set();
    const kv = (this.kv = await sharedKv());
    const rescues = findRescues(scope, thread);
    let [identity, drafts, entries, held] = await Promise.all([
      loadIdentity(kv).catch(() => undefined),
      host.noDrafts ? [] : loadDrafts(kv, scope, thread).catch(() => []),
      loadOutbox(kv, scope, thread).catch(() => []),
      loadHeld(kv, scope, thread).catch(() => []),
    ]);
    if (key !== this.key) return;
    for (const [name, rescue] of rescues) {
      // A rescued draft wins over the stored one only if it was edited later (another tab may have saved since).
      const newer = rescue.drafts.filter((r) => !((drafts.find((d) => d.parent === r.parent)?.at ?? 0) >= (r.at ?? 0)));
      // The copy goes only once IndexedDB holds it; until then a later page finds it again.
      await kv.write([
        ...newer.map((d) => [draftKey(scope, thread, d.parent), d] as const),
        ...rescue.outbox.map((e) => [entryKey(scope, thread, e.key), e] as const),
      ]).then(() => dropRescue(name), () => {});
      drafts = [...drafts.filter((d) => !newer.some((r) => r.parent === d.parent)), ...newer];
      entries = [...entries.filter((e) => !rescue.outbox.some((r) => r.key === e.key)), ...rescue.outbox];
    }
    if (key !== this.key) return;
    this.scope = scope;
    this.restored = true;
    if (identity) {
      this.identity = identity;
      this.remember = true;
    }
    for (const d of drafts) {
      // Typed in this visit before the restore finished: what is on screen wins.
      if (!this.drafts.has(d.parent)) this.drafts.set(d.parent, d);
      if (d.parent) host.replying.add(d.parent);
    }
    this.outbox.restore(kv, scope, entries);
    this.held.restore(kv, scope, held);
    this.flush();
    host.requestUpdate();
  }

  /** The draft under `parent`, or a new one carrying the reader's name (and email only when remembered). */
  draftFor(parent: string): Draft {
    const {author, email, website} = this.identity;
    return this.drafts.get(parent) ?? {thread: this.host.threadId, parent, body: '', author, email: this.remember ? email : '', website};
  }

  /** Whether the form under `parent` holds text (a closed thread still shows such a form, so nothing typed is hidden). */
  hasText(parent: string): boolean {
    return !!this.drafts.get(parent)?.body.trim();
  }

  /** What a composer shows; nothing until the drafts are restored, so a form never appears empty and then fills. */
  view(parent: string): ComposerState | undefined {
    return this.restored ? {draft: this.draftFor(parent), remember: this.remember, error: this.errors.get(parent)} : undefined;
  }

  input(parent: string, field: keyof Draft, value: string | boolean) {
    this.drafts.set(parent, {...this.draftFor(parent), [field]: value, at: Date.now()});
    if (this.host.noDrafts) return;
    this.dirty.add(parent);
    clearTimeout(this.timer);
    this.timer = setTimeout(this.flush, 400);
  }

  setRemember(on: boolean) {
    this.remember = on;
    this.host.requestUpdate();
    if (!on && this.kv) void rememberIdentity(this.kv, null).catch(() => {});
  }

  /** Takes the draft out of its form when it is posted; remembers who wrote it (the email only if asked to). */
  take(parent: string): Draft {
    const draft = this.draftFor(parent);
    this.dirty.delete(parent);
    this.errors.delete(parent);
    this.drafts.delete(parent);
    this.identity = {author: draft.author.trim(), email: draft.email.trim(), website: draft.website.trim()};
    if (this.kv) void rememberIdentity(this.kv, this.remember ? this.identity : null).catch(() => {});
    return draft;
  }

  /** Shows an error under a form; with `draft`, puts that text back in it first. */
  fail(parent: string, error: string, draft?: Draft) {
    if (draft) this.drafts.set(parent, draft);
    this.errors.set(parent, error);
    this.host.requestUpdate();
  }

  /** A draft as it may be kept in this browser: without the email unless the reader asked to be remembered. */
  stored(draft: Draft): Draft {
    return this.remember ? draft : {...draft, email: ''};
  }

  flush = () => {
    clearTimeout(this.timer);
    if (!this.kv || !this.restored) return;
    for (const parent of this.dirty) {
      void saveDraft(this.kv, this.scope, this.stored(this.draftFor(parent))).catch(() => {});
    }
    this.dirty.clear();
  };
}
