import {LitElement, html, nothing} from 'lit';
import type {AdapterError, Adapter, Comment, NewComment, SortOrder} from '../adapters/adapter.js';
import {loadMemoryAdapter} from '../adapters/load-memory.js';
import {createRestAdapter} from '../adapters/rest.js';
import {format, messagesFor, plural} from '../i18n/messages.js';
import {openKv, type Kv} from '../storage/kv.js';
import {deleteDraft, draftKey, loadDrafts, loadIdentity, rememberIdentity, saveDraft, type Draft, type Identity} from '../storage/drafts.js';
import {enqueue, entryKey, loadOutbox, returnToDraft, settle, type OutboxEntry} from '../storage/outbox.js';
import {findRescue, leaveRescue} from '../storage/rescue.js';
import {renderComposer} from './composer-view.js';
import {renderTree, type ShownComment} from './comment-view.js';
import {fire} from './events.js';
import {threadStyles} from './thread-element.styles.js';

const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
// Duck-typed, so an error from another copy of AdapterError (e.g. the separately loaded memory adapter) counts too.
const retryable = (error: unknown) => (error as AdapterError)?.retryable !== false;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
let kvPromise: Promise<Kv> | undefined;

/**
 * A threaded comment section: `<natter-thread endpoint="https://comments.example.com"></natter-thread>`.
 *
 * @attr adapter - `memory` picks the in-page adapter (demos, previews); the `adapter` property takes any adapter object.
 * @attr lang - Language of the widget's text; default: the nearest `lang` attribute, else the browser's.
 * @fires natter-post - Cancelable, before a comment is sent. `detail.comment` is the new comment.
 * @fires natter-posted - The server acknowledged a comment. `detail.comment`.
 * @fires natter-load - A page of comments arrived. `detail: {thread, comments, total, more}`.
 * @fires natter-error - Loading or posting failed. `detail: {error, action}`.
 * @csspart thread - The whole section.
 * @csspart heading - The count heading.
 * @csspart composer - Each comment form.
 * @csspart textarea - The comment text box.
 * @csspart input - Name, email and website fields.
 * @csspart submit-button - Post buttons.
 * @csspart cancel-button - Closes a reply form.
 * @csspart list - The list of comments.
 * @csspart comment - One comment.
 * @csspart author - The author's name or link.
 * @csspart time - When it was written.
 * @csspart body - The rendered text.
 * @csspart note - "Sending…", "Waiting to send", "Awaiting moderation".
 * @csspart in-reply-to - Names the parent below the deepest level.
 * @csspart reply-button - Opens an inline reply form.
 * @csspart loading - The loading message.
 * @csspart empty - The empty-thread message.
 * @csspart error - Error messages.
 * @csspart retry-button - Retries loading.
 * @csspart load-more-button - Loads the next page.
 * @csspart notice - The offline notice.
 * @cssprop --natter-accent-color - Links and the post button (default: the page's link colour).
 * @cssprop --natter-muted-color - Times and notes.
 * @cssprop --natter-border-color - Borders and thread lines.
 * @cssprop --natter-gap - Space between comments.
 * @cssprop --natter-indent - Indent per reply level.
 * @cssprop --natter-indent-gap - Space between a reply line and the replies.
 * @cssprop --natter-radius - Corner radius.
 * @cssprop --natter-heading-size - Heading size.
 * @cssprop --natter-small-size - Size of times and notes.
 * @cssprop --natter-input-background - Field background.
 * @cssprop --natter-button-background - Background of the other buttons.
 * @cssprop --natter-button-color - Text of the other buttons.
 * @cssprop --natter-submit-background - Post button background.
 * @cssprop --natter-submit-color - Post button text.
 * @cssprop --natter-error-color - Error text.
 * @cssprop --natter-code-background - Code block background.
 * @cssprop --natter-code-font - Code font.
 */
export class ThreadElement extends LitElement {
  static styles = threadStyles;

  static properties = {
    endpoint: {},
    adapter: {attribute: false},
    thread: {},
    maxDepth: {attribute: 'max-depth', type: Number},
    order: {},
    pageSize: {attribute: 'page-size', type: Number},
    noDrafts: {attribute: 'no-drafts', type: Boolean},
    loading: {type: Boolean, reflect: true},
    offline: {type: Boolean, reflect: true},
  };

  /** Base URL of a Natter server; picks the REST adapter. */
  endpoint = '';
  /** Any adapter object; wins over `endpoint` and `adapter="memory"`. */
  adapter?: Adapter;
  /** The thread id. Default: the path of `<link rel=canonical>`, else `location.pathname`. */
  thread = '';
  /** Levels of nesting shown; deeper replies sit at the last level with "in reply to NAME". */
  maxDepth = 5;
  /** `oldest` (default) or `newest` first. */
  order: SortOrder = 'oldest';
  /** Top-level comments per page. */
  pageSize = 50;
  /** Turns off saving drafts in this browser. */
  noDrafts = false;
  /** Present while a page of comments is loading. */
  loading = false;
  /** Present while the browser is offline. */
  offline = !navigator.onLine;

  // Internal state below is not declared reactive (each declaration costs bundle bytes); changes call requestUpdate().
  private comments = new Map<string, ShownComment>();
  private queued = new Map<string, {entry: OutboxEntry; state: 'sending' | 'waiting'}>();
  private drafts = new Map<string, Draft>();
  private replying = new Set<string>();
  private errors = new Map<string, string>();
  private loadError = '';
  private next: string | null = null;
  private total = 0;
  private loaded = false;
  private remember = false;
  private announcement = '';

  private kv?: Kv;
  private active?: Adapter;
  private identity: Identity = {author: '', email: '', website: ''};
  private config = '';
  private restored = false;
  private savedScope = '';
  private configured?: Adapter;
  private run = new AbortController();
  private listening = new AbortController();
  private dirty = new Set<string>();
  private saveTimer?: ReturnType<typeof setTimeout>;
  private retryTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private attempts = new Map<string, number>();
  private inflight = new Set<string>();

  private get threadId() {
    const canonical = document.querySelector<HTMLLinkElement>('link[rel=canonical]');
    return this.thread || (canonical ? new URL(canonical.href, location.href).pathname : location.pathname);
  }
  private get scope() {
    return this.adapter ? 'adapter' : this.endpoint || 'memory';
  }
  private get language() {
    return this.closest('[lang]')?.getAttribute('lang') || navigator.language || 'en';
  }
  private get m() {
    return messagesFor(this.language);
  }

  connectedCallback() {
    super.connectedCallback();
    // Moved in the DOM: the run was stopped on disconnect, so start again.
    this.config = '';
    this.requestUpdate();
    const signal = (this.listening = new AbortController()).signal;
    addEventListener('online', () => {
      this.offline = false;
      this.retryWaiting();
    }, {signal});
    addEventListener('offline', () => (this.offline = true), {signal});
    addEventListener('pagehide', () => {
      this.flushDrafts();
      const drafts = this.noDrafts ? [] : [...this.drafts.values()].filter((d) => d.body.trim());
      const outbox = [...this.queued.values()].map((q) => q.entry);
      // Only once restored: before that, memory holds less than storage does.
      if (this.restored && (drafts.length || outbox.length)) leaveRescue(this.scope, this.threadId, {drafts, outbox});
    }, {signal});
    document.addEventListener('visibilitychange', this.flushDrafts, {signal});
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.listening.abort();
    this.run.abort();
    // Retry timers keep running: a queued comment is still sent, once, even if the element is gone for good.
    this.flushDrafts();
  }

  protected willUpdate() {
    const config = JSON.stringify([this.scope, this.threadId, this.order, this.pageSize]);
    if (config !== this.config || this.adapter !== this.configured) {
      this.config = config;
      this.configured = this.adapter;
      void this.start();
    }
  }

  private async resolveAdapter(): Promise<Adapter | undefined> {
    if (this.adapter) return this.adapter;
    if (this.getAttribute('adapter') === 'memory') return (await loadMemoryAdapter()).createMemoryAdapter();
    if (this.endpoint) return createRestAdapter({endpoint: this.endpoint});
    return undefined;
  }

  /** (Re)starts for the current configuration: restore drafts, send what the outbox holds, then load. */
  private async start() {
    this.flushDrafts();
    this.run.abort();
    const run = (this.run = new AbortController());
    for (const t of this.retryTimers.values()) clearTimeout(t);
    this.retryTimers = new Map();
    this.attempts = new Map();
    this.inflight = new Set();
    this.restored = false;
    this.comments = new Map();
    this.queued = new Map();
    this.drafts = new Map();
    this.replying = new Set();
    this.loaded = false;
    this.next = null;
    const adapter = await this.resolveAdapter();
    if (run.signal.aborted) return;
    if (!(this.active = adapter)) {
      console.warn('[natter] set endpoint="https://…" or adapter="memory"');
      this.loadError = ' ';
      this.requestUpdate();
      return;
    }
    this.loading = true;
    const kv = (this.kv = await (kvPromise ??= openKv()));
    const scope = (this.savedScope = this.scope);
    const thread = this.threadId;
    const rescue = findRescue(scope, thread);
    let [identity, drafts, entries] = await Promise.all([
      loadIdentity(kv).catch(() => undefined),
      this.noDrafts ? [] : loadDrafts(kv, this.scope, this.threadId).catch(() => []),
      loadOutbox(kv, this.scope, this.threadId).catch(() => []),
    ]);
    if (run.signal.aborted) return;
    if (rescue) {
      // A rescued draft wins over the stored one only if it was edited later (another tab may have saved since).
      const newer = rescue.drafts.filter((r) => !((drafts.find((d) => d.parent === r.parent)?.at ?? 0) >= (r.at ?? 0)));
      await kv.write([
        ...newer.map((d) => [draftKey(scope, thread, d.parent), d] as const),
        ...rescue.outbox.map((e) => [entryKey(scope, thread, e.key), e] as const),
      ]).catch(() => {});
      leaveRescue(scope, thread, null);
      drafts = [...drafts.filter((d) => !newer.some((r) => r.parent === d.parent)), ...newer];
      entries = [...entries.filter((e) => !rescue.outbox.some((r) => r.key === e.key)), ...rescue.outbox];
    }
    this.restored = true;
    if (identity) {
      this.identity = identity;
      this.remember = true;
    }
    for (const d of drafts) {
      this.drafts.set(d.parent, d);
      if (d.parent) this.replying.add(d.parent);
    }
    for (const entry of entries) this.queued.set(entry.key, {entry, state: 'waiting'});
    // Queued comments go first, so one the server already has isn't listed beside its "waiting" copy; but a hung
    // request must not hide the thread, so the list loads after 3 s regardless.
    await Promise.race([Promise.all(entries.map((e) => this.send(e))), new Promise((r) => setTimeout(r, 3000))]);
    if (!run.signal.aborted) await this.loadPage();
  }

  private async loadPage(more = false) {
    const {signal} = this.run;
    const adapter = this.active!;
    this.loading = true;
    this.loadError = '';
    try {
      const page = await adapter.list(this.threadId, {cursor: (more && this.next) || undefined, limit: this.pageSize, order: this.order, signal});
      if (signal.aborted) return;
      for (const c of page.comments) if (!this.comments.has(c.id)) this.comments.set(c.id, c);
      this.next = page.next;
      this.total = page.total;
      this.loaded = true;
      this.requestUpdate();
      fire(this, 'natter-load', {thread: this.threadId, comments: page.comments, total: page.total, more: !!page.next});
      // The list may hold a comment whose reply was lost: a retry now gets its id and removes the "waiting" copy.
      this.retryWaiting();
    } catch (error) {
      if (signal.aborted) return;
      this.loadError = message(error);
      fire(this, 'natter-error', {error, action: 'load'});
    } finally {
      if (!signal.aborted) this.loading = false;
    }
  }

  private draftFor(parent: string): Draft {
    return this.drafts.get(parent) ?? {thread: this.threadId, parent, body: '', ...this.identity};
  }

  private handleInput(parent: string, field: keyof Draft, value: string) {
    this.drafts.set(parent, {...this.draftFor(parent), [field]: value, at: Date.now()});
    if (this.noDrafts) return;
    this.dirty.add(parent);
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(this.flushDrafts, 400);
  }

  private flushDrafts = () => {
    clearTimeout(this.saveTimer);
    if (!this.kv) return;
    for (const parent of this.dirty) {
      const draft = this.draftFor(parent);
      void (draft.body.trim() ? saveDraft(this.kv, this.savedScope, draft) : deleteDraft(this.kv, this.savedScope, draft)).catch(() => {});
    }
    this.dirty.clear();
  };

  private async handleSubmit(parent: string) {
    const m = this.m;
    const draft = this.draftFor(parent);
    const fail = (text: string) => {
      this.errors.set(parent, text);
      this.requestUpdate();
    };
    if (!draft.body.trim()) return fail(m.bodyRequired);
    if (!draft.author.trim()) return fail(m.nameRequired);
    const comment: NewComment = {thread: this.threadId, parent: parent || null, author: draft.author.trim(), body: draft.body};
    if (draft.email.trim()) comment.email = draft.email.trim();
    if (draft.website.trim()) comment.website = draft.website.trim();
    if (!fire(this, 'natter-post', {comment}, true)) return;

    const kv = this.kv;
    if (!kv) return;
    this.identity = {author: comment.author, email: comment.email ?? '', website: comment.website ?? ''};
    void rememberIdentity(kv, this.remember ? this.identity : null).catch(() => {});
    const entry: OutboxEntry = {key: newKey(), comment, queuedAt: Date.now(), draft};
    this.dirty.delete(parent);
    this.errors.delete(parent);
    this.drafts.delete(parent);
    this.replying.delete(parent);
    this.queued.set(entry.key, {entry, state: 'sending'});
    if (!parent) this.renderRoot.querySelector('textarea')!.value = '';
    this.requestUpdate();
    // The draft becomes an outbox entry in one transaction: the text is always stored somewhere until the server has it.
    await enqueue(kv, this.scope, entry).catch(() => {});
    await this.send(entry);
  }

  /** Sends one outbox entry: acknowledged → shown; network trouble → kept and retried; refused → back in its form. */
  private async send(entry: OutboxEntry) {
    const {key} = entry;
    if (this.inflight.has(key) || !this.active) return;
    this.inflight.add(key);
    clearTimeout(this.retryTimers.get(key));
    const run = this.run;
    const kv = this.kv!;
    const scope = this.scope;
    let parent = entry.draft.parent;
    this.queued.set(key, {entry, state: 'sending'});
    this.requestUpdate();
    try {
      const comment = await this.active.post(entry.comment, {idempotencyKey: key});
      await settle(kv, scope, entry).catch(() => {});
      if (run.signal.aborted) return;
      this.queued.delete(key);
      this.attempts.delete(key);
      if (!this.comments.has(comment.id)) {
        this.comments.set(comment.id, {...comment, state: 'posted'});
        if (comment.status === 'published' && this.loaded) this.total++;
      }
      this.announcement = comment.status === 'pending' ? this.m.held : this.m.posted;
      fire(this, 'natter-posted', {comment});
      this.retryWaiting();
    } catch (error) {
      if (run.signal.aborted) return;
      if (retryable(error)) {
        const n = (this.attempts.get(key) ?? 0) + 1;
        this.attempts.set(key, n);
        this.queued.set(key, {entry, state: 'waiting'});
        const delay = Math.min(60000, 1000 * 2 ** n) * (0.8 + Math.random() * 0.4);
        this.retryTimers.set(key, setTimeout(() => void this.send(entry), delay));
        if (n === 1) fire(this, 'natter-error', {error, action: 'post'});
      } else {
        this.queued.delete(key);
        // Back into the reply form under its comment, or the top form when that comment isn't shown.
        parent = this.comments.has(parent) ? parent : '';
        const current = this.drafts.get(parent);
        const draft = {...entry.draft, parent, body: current?.body.trim() ? `${entry.draft.body}\n\n${current.body}` : entry.draft.body};
        await returnToDraft(kv, scope, entry, draft).catch(() => {});
        this.drafts.set(parent, draft);
        if (parent) this.replying.add(parent);
        this.errors.set(parent, format(this.m.postError, {message: message(error)}));
        fire(this, 'natter-error', {error, action: 'post'});
      }
    } finally {
      this.inflight.delete(key);
      this.requestUpdate();
    }
  }

  private retryWaiting() {
    for (const {entry, state} of this.queued.values()) if (state === 'waiting') void this.send(entry);
  }

  /** Opens or closes the reply form under comment `id`, then moves focus into it or back to its Reply button. */
  private async toggleReply(id: string, open: boolean) {
    this.flushDrafts();
    if (open) this.replying.add(id);
    else this.replying.delete(id);
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`article[data-id="${CSS.escape(id)}"] ${open ? 'textarea' : 'button'}`)?.focus();
  }

  private composer(parent: string, title: string, onCancel?: () => void) {
    return renderComposer({
      m: this.m,
      title,
      draft: this.draftFor(parent),
      remember: this.remember,
      error: this.errors.get(parent),
      onInput: (field, value) => this.handleInput(parent, field, value),
      onRemember: (on) => {
        this.remember = on;
        this.requestUpdate();
        if (!on && this.kv) void rememberIdentity(this.kv, null).catch(() => {});
      },
      onSubmit: () => void this.handleSubmit(parent),
      onCancel,
    });
  }

  private shown(): Map<string, ShownComment[]> {
    const all: ShownComment[] = [...this.comments.values()];
    for (const {entry, state} of this.queued.values()) {
      const {comment} = entry;
      all.push({id: `local-${entry.key}`, thread: comment.thread, parent: comment.parent, author: comment.author, website: comment.website ?? null, body: comment.body, createdAt: new Date(entry.queuedAt).toISOString(), status: 'published', state});
    }
    const ids = new Set(all.map((c) => c.id));
    const children = new Map<string, ShownComment[]>();
    for (const c of all) {
      const parent = c.parent && ids.has(c.parent) ? c.parent : '';
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent)!.push(c);
    }
    // The reader's own new comments sit at the newest end, even after "Load more" brings older pages in.
    const roots = children.get('') ?? [];
    const mine = roots.filter((c) => c.state);
    const others = roots.filter((c) => !c.state);
    children.set('', this.order === 'newest' ? [...mine, ...others] : [...others, ...mine]);
    return children;
  }

  render() {
    const m = this.m;
    const lang = this.language;
    const children = this.shown();
    const tree = renderTree({
      m,
      lang,
      maxDepth: Math.max(1, this.maxDepth || 1),
      children,
      // Unsent and held comments can't be replied to: the server has no published parent to attach a reply to.
      // Unsent and held comments offer no Reply: the server accepts replies only to published comments.
      renderReply: (c: Comment & {state?: string}) =>
        c.state === 'sending' || c.state === 'waiting' || c.status === 'pending'
          ? nothing
          : this.replying.has(c.id)
            ? this.composer(c.id, format(m.replyTo, {name: c.author}), () => this.toggleReply(c.id, false))
            : html`<button part="reply-button" type="button" @click=${() => this.toggleReply(c.id, true)}>${m.reply}</button>`,
    });
    return html`<section part="thread" aria-labelledby="heading" aria-busy=${this.loading ? 'true' : 'false'}>
      <h2 id="heading" part="heading">${this.loaded ? plural(m.comments, this.total, lang) : m.title}</h2>
      ${this.offline ? html`<p part="notice" role="status">${m.offline}</p>` : nothing}
      ${this.composer('', m.leaveReply)}
      ${this.loading && !this.loaded ? html`<p part="loading" role="status">${m.loading}</p>` : nothing}
      ${this.loadError
        ? html`<div part="error" role="alert"><p>${m.loadError} ${this.loadError}</p><button part="retry-button" type="button" @click=${() => this.loadPage(this.loaded)}>${m.retry}</button></div>`
        : nothing}
      ${this.loaded && !tree.length ? html`<p part="empty">${m.empty}</p>` : nothing}
      <ol part="list">${tree}</ol>
      ${this.next ? html`<button part="load-more-button" type="button" ?disabled=${this.loading} @click=${() => this.loadPage(true)}>${m.loadMore}</button>` : nothing}
      <p class="sr" role="status">${this.announcement}</p>
    </section>`;
  }
}
