import type {AdapterError, NewComment} from '../adapters/adapter.js';
import type {ShownComment} from '../elements/comment-view.js';
import {fire} from '../elements/events.js';
import type {ThreadElement} from '../elements/thread-element.js';
import {format} from '../i18n/messages.js';
import type {Kv} from '../storage/kv.js';
import {enqueue, returnToDraft, settle, type OutboxEntry} from '../storage/outbox.js';
import {keepToken} from '../storage/ownership.js';
import type {DraftsController} from './drafts-controller.js';
import {reveal} from './reveal.js';
import {errorMessage} from '../elements/error-message.js';

/** 16 random bytes in hex: an idempotency key, and the actions chunk's voter key. */
export const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/** One queued comment, with what its sending needs: the retry timer, the failed tries, whether a try is under way. */
interface Queued {
  entry: OutboxEntry;
  state: 'sending' | 'waiting';
  timer?: ReturnType<typeof setTimeout>;
  tries?: number;
  busy?: boolean;
}

/** The outbox, as the drafts controller, the list and the forms use it. */
export interface OutboxController {
  /** Set once the drafts controller is made (each needs the other). */
  drafts: DraftsController;
  /**
   * Lets go of the current thread's entries before another thread is restored: a reply that arrives later for one of
   * them is ignored (the entry stays stored, to be sent again from its own thread), never put into the new thread's
   * forms or list.
   */
  stop(): void;
  /** Starts over with a thread's stored entries, and sends them. */
  restore(kv: Kv, scope: string, entries: OutboxEntry[]): void;
  /** Every entry, for the pagehide rescue. */
  entries(): OutboxEntry[];
  /** The queued comments as the list shows them, "sending" or "waiting". */
  shown(): ShownComment[];
  /** The reader pressed Post in the form under `parent`. */
  submit(parent: string): Promise<void>;
  /** The reader's own new comments sit at the newest end, even after "Load more" brings older pages in. */
  arrange(roots: ShownComment[]): ShownComment[];
  retryWaiting(): void;
}

/**
 * Comments the server has not acknowledged: each is sent with one idempotency key, retried with backoff and when
 * the browser comes online, and put back in its form when refused. Restored per scope and thread by the drafts
 * controller. Retry timers outlive the element: a queued comment is still sent, once, even if the element is gone.
 * A plain object over a closure (its controller too): its state in locals, which the minifier shortens.
 */
export function createOutbox(host: ThreadElement): OutboxController {
  let queued = new Map<string, Queued>();
  let kv: Kv | undefined;
  let scope = '';
  let run = 0;

  const stop = () => {
    for (const q of queued.values()) clearTimeout(q.timer);
    queued = new Map();
    run++;
  };

  const retryWaiting = () => {
    for (const q of queued.values()) if (q.state === 'waiting') void send(q);
  };

  /** Sends one entry: acknowledged → shown; network trouble → kept and retried; refused → back in its form. */
  const send = async (q: Queued) => {
    const {entry} = q;
    const {key} = entry;
    const {drafts} = outbox;
    // What this try belongs to: a restore (another thread) or a stop since makes its answer no one's.
    const at = run;
    const store = kv;
    const place = scope;
    if (q.busy || !store || at !== run) return;
    q.busy = true;
    clearTimeout(q.timer);
    q.state = 'sending';
    host.requestUpdate();
    try {
      const adapter = await host.backend();
      if (!adapter) return;
      const {token, ...comment} = await adapter.post(entry.comment, {idempotencyKey: key});
      keepToken(store, place, comment.id, token, entry.comment.body);
      await settle(store, place, entry, comment.status === 'pending' ? comment : undefined).catch(() => {});
      if (at !== run) return;
      queued.delete(key);
      const list = host.list;
      if (!list.comments.has(comment.id)) {
        list.comments.set(comment.id, {...comment, state: 'posted'});
        if (comment.status === 'published' && list.loaded) list.total++;
      }
      const m = host.locale.t('write');
      host.announcement = comment.status === 'pending' ? m.held : m.posted;
      fire(host, 'natter-posted', {comment});
      retryWaiting();
    } catch (error) {
      if (at !== run) return;
      // Duck-typed, so an error from another copy of AdapterError (e.g. a separately loaded adapter) counts too.
      if ((error as AdapterError)?.retryable !== false) {
        // `too_fast`: posted sooner after the list than the server's minimum time; it says when, and nothing is wrong,
        // so the comment stays "Sending…" until then. Anything else waits as long as the server asked, else backs off.
        let n = q.tries ?? 0;
        if ((error as AdapterError).code !== 'too_fast') {
          q.tries = ++n;
          q.state = 'waiting';
          if (n === 1) fire(host, 'natter-error', {error, action: 'post'});
        }
        const delay = (error as AdapterError).retryAfter ?? Math.min(60000, 1000 * 2 ** n) * (0.8 + Math.random() * 0.4);
        q.timer = setTimeout(() => void send(q), delay);
      } else {
        queued.delete(key);
        // Closed since the list came: say so, and hide the other forms (the one this text goes back to stays).
        if ((error as AdapterError).code === 'thread_closed') host.list.closed = true;
        // Back into the reply form under its comment, or the top form when that comment isn't shown.
        const parent = host.list.comments.has(entry.draft.parent) ? entry.draft.parent : '';
        // Merged with what the form holds, again after the write: keystrokes made during it must not be overwritten.
        const merged = () => {
          const current = drafts.draftFor(parent);
          return {...entry.draft, parent, body: current.body.trim() ? `${entry.draft.body}\n\n${current.body}` : entry.draft.body};
        };
        await returnToDraft(store, place, entry, drafts.stored(merged())).catch(() => {});
        if (at !== run) return;
        if (parent) host.replying.add(parent);
        drafts.fail(parent, format(host.locale.t('write').postError, {message: errorMessage(error)}), merged());
        fire(host, 'natter-error', {error, action: 'post'});
      }
    } finally {
      q.busy = false;
      host.requestUpdate();
    }
  };

  const outbox: OutboxController = {
    drafts: undefined as never,
    stop,
    retryWaiting,
    restore(store, at, entries) {
      stop();
      kv = store;
      scope = at;
      for (const entry of entries) queued.set(entry.key, {entry, state: 'waiting'});
      retryWaiting();
    },
    entries: () => [...queued.values()].map((q) => q.entry),
    shown: () =>
      [...queued.values()].map(({entry: {key, comment: c, queuedAt}, state}) =>
        ({...c, id: `local-${key}`, website: c.website ?? null, createdAt: new Date(queuedAt).toISOString(), status: 'published', state})),
    async submit(parent) {
      const {drafts} = outbox;
      const m = host.locale.t('write');
      const draft = drafts.draftFor(parent);
      if (!draft.body.trim()) return drafts.fail(parent, m.noBody);
      if (!draft.author.trim()) return drafts.fail(parent, m.noName);
      if (draft.notify && !draft.email.trim()) return drafts.fail(parent, m.needEmail);
      const comment: NewComment = {thread: host.threadId, parent: parent || null, author: draft.author.trim(), body: draft.body};
      if (draft.email.trim()) comment.email = draft.email.trim();
      if (draft.website.trim()) comment.website = draft.website.trim();
      if (draft.notify) comment.notify = true;
      // The honeypot: hidden from people, so only a bot fills it; sent only then, for the server to file as spam.
      if (draft.subject) comment.subject = draft.subject;
      const store = kv;
      if (!fire(host, 'natter-post', {comment}, true) || !store) return;
      const entry: OutboxEntry = {key: newKey(), comment, queuedAt: Date.now(), draft: drafts.take(parent)};
      const q: Queued = {entry, state: 'sending'};
      host.replying.delete(parent);
      queued.set(entry.key, q);
      host.renderRoot.querySelector<HTMLElement & {clear(): void}>(`natter-composer[parent="${CSS.escape(parent)}"]`)?.clear();
      host.requestUpdate();
      // Bring the new comment into view and move focus to it, so the reader sees where it went.
      void reveal(host, `local-${entry.key}`);
      // The draft becomes an outbox entry in one transaction: the text is always stored somewhere until the server has it.
      await enqueue(store, scope, entry).catch(() => {});
      await send(q);
    },
    arrange(roots) {
      const mine = roots.filter((c) => c.state);
      const others = roots.filter((c) => !c.state);
      return host.order === 'newest' ? [...mine, ...others] : [...others, ...mine];
    },
  };
  // Connected again (moved in the DOM): try what waits.
  host.addController({hostConnected: retryWaiting});
  return outbox;
}
