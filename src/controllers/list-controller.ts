import type {ReactiveController} from 'lit';
import type {BaseElement} from '../elements/base-element.js';
import type {Adapter, CommentPage, SortOrder} from '../adapters/adapter.js';
import type {ShownComment} from '../elements/comment-view.js';
import {fire} from '../elements/events.js';
import type {Messages} from '../i18n/messages.js';
import {errorMessage} from '../elements/error-message.js';

/** Replies a page shows under each top-level comment (a branch's oldest); "Show more replies" fetches the rest. The loader asks the same. */
export const REPLIES = 5;

/** What the list needs from its element. */
export interface ListHost extends BaseElement {
  readonly threadId: string;
  readonly locale: {m: Messages};
  order: SortOrder;
  pageSize: number;
  loading: boolean;
  /** Changes whenever another adapter is chosen. */
  readonly backendVersion: number;
  backend(): Promise<Adapter | undefined>;
  /** After every load attempt, whether it worked or not. */
  listed(): void;
}

/** The pages of one thread as one listing shows them: keyed on backend, thread, order and page size. */
export class ListController implements ReactiveController {
  comments = new Map<string, ShownComment>();
  next: string | null = null;
  total = 0;
  loaded = false;
  /** The thread takes no new comments: its forms hide (unless they hold text) and it says so. */
  closed = false;
  /** The last page: what it says of the thread's votes and edit window (see CommentPage) is read by the actions chunk. */
  page?: CommentPage;
  /** Where live updates resume: the first page's `events` (absent when the backend has none). */
  events?: string;
  /** The last load's error message; `unconfigured` when there is no backend at all. */
  error = '';
  unconfigured = false;
  #key = '';
  #run = new AbortController();

  #host: ListHost;

  constructor(host: ListHost) {
    this.#host = host;
    host.addController(this);
  }

  hostUpdate() {
    const h = this.#host;
    const key = JSON.stringify([h.threadId, h.order, h.pageSize, h.backendVersion]);
    if (key === this.#key) return;
    this.#key = key;
    this.#run.abort();
    this.#run = new AbortController();
    this.comments = new Map();
    this.next = null;
    this.loaded = this.closed = false;
    void this.load();
  }

  hostDisconnected() {
    // Moved in the DOM or gone: nothing more to show; a reconnect lists afresh.
    this.#run.abort();
    this.#key = '';
  }

  /** Loads the first page, or with `more` the next one. */
  async load(more = false) {
    const {signal} = this.#run;
    const h = this.#host;
    const adapter = await h.backend();
    if (signal.aborted) return;
    if (!adapter) {
      if (!this.unconfigured) console.warn('[natter] ' + h.locale.m.unconfigured);
      this.unconfigured = true;
      h.requestUpdate();
      h.listed();
      return;
    }
    this.unconfigured = false;
    h.loading = true;
    this.error = '';
    try {
      const page = await adapter.list(h.threadId, {cursor: (more && this.next) || undefined, limit: h.pageSize, order: h.order, replies: REPLIES, signal});
      if (signal.aborted) return;
      // A comment already listed keeps its place and what this browser knows of it (the reader's own, just posted);
      // what the server says now wins (the takeover's fresh copy of a top-level comment, after the fragment's).
      for (const c of page.comments) this.comments.set(c.id, {...this.comments.get(c.id), ...c});
      this.next = page.next;
      this.total = page.total;
      this.closed = !!page.closed;
      this.page = page;
      if (!more) this.events = page.events;
      this.loaded = true;
      h.requestUpdate();
      fire(h, 'natter-load', {thread: h.threadId, comments: page.comments, total: page.total, more: !!page.next});
    } catch (error) {
      if (signal.aborted) return;
      this.error = errorMessage(error);
      fire(h, 'natter-error', {error, action: 'load'});
    } finally {
      if (!signal.aborted) {
        h.loading = false;
        h.listed();
      }
    }
  }
}
