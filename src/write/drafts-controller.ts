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

/** The drafts, as the forms, the outbox and the actions use them. */
export interface DraftsController {
  /** The page's store, once open. */
  kv?: Kv;
  /** Settles when the current thread's drafts and outbox are restored (set on the host's first update). */
  restoring?: Promise<void>;
  /** The scope drafts were restored for; saves go there even if the element changes meanwhile. */
  scope: string;
  /** The draft under `parent`, or a new one carrying the reader's name (and email only when remembered). */
  draftFor(parent: string): Draft;
  /** Whether the form under `parent` holds text (a closed thread still shows such a form, so nothing typed is hidden). */
  hasText(parent: string): boolean;
  /** What a composer shows; nothing until the drafts are restored, so a form never appears empty and then fills. */
  view(parent: string): ComposerState | undefined;
  input(parent: string, field: keyof Draft, value: string | boolean): void;
  setRemember(on: boolean): void;
  /** Takes the draft out of its form when it is posted; remembers who wrote it (the email only if asked to). */
  take(parent: string): Draft;
  /** Shows an error under a form; with `draft`, puts that text back in it first. */
  fail(parent: string, error: string, draft?: Draft): void;
  /** A draft as it may be kept in this browser: without the email unless the reader asked to be remembered. */
  stored(draft: Draft): Draft;
  /** Saves what changed since the last save, now. */
  flush(): void;
}

/**
 * What the reader types: debounced saves, a flush on hide, the pagehide rescue, and the remembered identity. Keyed on
 * scope and thread. A plain object over a closure (its controller too): its state in locals, which the minifier shortens.
 */
export function createDrafts(host: ThreadElement, outbox: OutboxController, held: HeldController): DraftsController {
  let drafts = new Map<string, Draft>();
  let errors = new Map<string, string>();
  let identity: Identity = {author: '', email: '', website: ''};
  let remember = false;
  let restored: boolean | undefined;
  let current: string | undefined;
  const dirty = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let listening: AbortController | undefined;
  /** Whether this page's last pagehide left a rescue copy. */
  let left: boolean | undefined;

  const draftFor = (parent: string): Draft => {
    const {author, email, website} = identity;
    return drafts.get(parent) ?? {thread: host.threadId, parent, body: '', author, email: remember ? email : '', website};
  };

  const stored = (draft: Draft): Draft => (remember ? draft : {...draft, email: ''});

  const flush = () => {
    clearTimeout(timer);
    const {kv} = self;
    if (!kv || !restored) return;
    for (const parent of dirty) {
      void saveDraft(kv, self.scope, stored(draftFor(parent))).catch(() => {});
    }
    dirty.clear();
  };

  /** Restores drafts, identity, the outbox and held comments for the current thread, merging what an earlier page's pagehide left. */
  const restore = async (scope: string, thread: string) => {
    flush();
    const key = current;
    restored = false;
    outbox.stop();
    held.stop();
    drafts = new Map();
    errors = new Map();
    host.replying = new Set();
    const kv = (self.kv = await sharedKv());
    const rescues = findRescues(scope, thread);
    let [remembered, kept, entries, heldKept] = await Promise.all([
      loadIdentity(kv).catch(() => undefined),
      host.noDrafts ? [] : loadDrafts(kv, scope, thread).catch(() => []),
      loadOutbox(kv, scope, thread).catch(() => []),
      loadHeld(kv, scope, thread).catch(() => []),
    ]);
    if (key !== current) return;
    for (const [name, rescue] of rescues) {
      // A rescued draft wins over the stored one only if it was edited later (another tab may have saved since).
      const newer = rescue.drafts.filter((r) => !((kept.find((d) => d.parent === r.parent)?.at ?? 0) >= (r.at ?? 0)));
      // The copy goes only once IndexedDB holds it; until then a later page finds it again.
      await kv.write([
        ...newer.map((d) => [draftKey(scope, thread, d.parent), d] as const),
        ...rescue.outbox.map((e) => [entryKey(scope, thread, e.key), e] as const),
      ]).then(() => dropRescue(name), () => {});
      kept = [...kept.filter((d) => !newer.some((r) => r.parent === d.parent)), ...newer];
      entries = [...entries.filter((e) => !rescue.outbox.some((r) => r.key === e.key)), ...rescue.outbox];
    }
    if (key !== current) return;
    self.scope = scope;
    restored = true;
    if (remembered) {
      identity = remembered;
      remember = true;
    }
    for (const d of kept) {
      // Typed in this visit before the restore finished: what is on screen wins.
      if (!drafts.has(d.parent)) drafts.set(d.parent, d);
      if (d.parent) host.replying.add(d.parent);
    }
    outbox.restore(kv, scope, entries);
    held.restore(kv, scope, heldKept);
    flush();
    host.requestUpdate();
  };

  const self: DraftsController = {
    scope: '',
    draftFor,
    stored,
    flush,
    hasText: (parent) => !!drafts.get(parent)?.body.trim(),
    view: (parent) => (restored ? {draft: draftFor(parent), remember, error: errors.get(parent)} : undefined),
    input(parent, field, value) {
      drafts.set(parent, {...draftFor(parent), [field]: value, at: Date.now()});
      if (host.noDrafts) return;
      dirty.add(parent);
      clearTimeout(timer);
      timer = setTimeout(flush, 400);
    },
    setRemember(on) {
      remember = on;
      host.requestUpdate();
      if (!on && self.kv) void rememberIdentity(self.kv, null).catch(() => {});
    },
    take(parent) {
      const draft = draftFor(parent);
      dirty.delete(parent);
      errors.delete(parent);
      drafts.delete(parent);
      identity = {author: draft.author.trim(), email: draft.email.trim(), website: draft.website.trim()};
      if (self.kv) void rememberIdentity(self.kv, remember ? identity : null).catch(() => {});
      return draft;
    },
    fail(parent, error, draft) {
      if (draft) drafts.set(parent, draft);
      errors.set(parent, error);
      host.requestUpdate();
    },
  };

  host.addController({
    hostConnected() {
      const signal = (listening = new AbortController()).signal;
      addEventListener('pagehide', () => {
        flush();
        const kept = host.noDrafts ? [] : [...drafts.values()].filter((d) => d.body.trim()).map(stored);
        const entries = outbox.entries();
        // Only once restored: before that, memory holds less than storage does.
        left = restored && !!(kept.length || entries.length) && leaveRescue(self.scope, host.threadId, {drafts: kept, outbox: entries});
      }, {signal});
      // Back from the back/forward cache: this page carries on, with memory and IndexedDB holding the truth, so the copy
      // it left goes, or a later load would put back text posted (and drafts deleted) since.
      addEventListener('pageshow', (e) => e.persisted && left && leaveRescue(self.scope, host.threadId, null), {signal});
      document.addEventListener('visibilitychange', flush, {signal});
    },
    hostDisconnected() {
      listening?.abort();
      flush();
    },
    hostUpdate() {
      const scope = scopeOf(host);
      const thread = host.threadId;
      // NUL, which neither an id nor an endpoint holds, as in the rescue copy's name.
      const key = `${scope}\0${thread}`;
      if (key === current) return;
      current = key;
      self.restoring = restore(scope, thread);
    },
  });
  return self;
}
