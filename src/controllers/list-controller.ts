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
export interface ListController {
  comments: Map<string, ShownComment>;
  next: string | null;
  total: number;
  loaded: boolean;
  /** The thread takes no new comments: its forms hide (unless they hold text) and it says so. */
  closed: boolean;
  /** The last page: what it says of the thread's votes and edit window (see CommentPage) is read by the actions chunk. */
  page?: CommentPage;
  /** Where live updates resume: the first page's `events` (absent when the backend has none). */
  events?: string;
  /** The last load's error message; `unconfigured` when there is no backend at all. */
  error: string;
  unconfigured: boolean;
  /** Loads the first page, or with `more` the next one. */
  load(more?: boolean): Promise<void>;
}

/** Makes the list of `host`'s thread, its controller a plain object over a closure (locals, which the minifier shortens). */
export function createList(h: ListHost): ListController {
  let current = '';
  let run = new AbortController();
  const list: ListController = {
    comments: new Map(),
    next: null,
    total: 0,
    loaded: false,
    closed: false,
    error: '',
    unconfigured: false,
    async load(more = false) {
      const {signal} = run;
      const adapter = await h.backend();
      if (signal.aborted) return;
      if (!adapter) {
        if (!list.unconfigured) console.warn('[natter] ' + h.locale.m.unconfigured);
        list.unconfigured = true;
        h.requestUpdate();
        h.listed();
        return;
      }
      list.unconfigured = false;
      h.loading = true;
      list.error = '';
      try {
        const page = await adapter.list(h.threadId, {cursor: (more && list.next) || undefined, limit: h.pageSize, order: h.order, replies: REPLIES, signal});
        if (signal.aborted) return;
        // A comment already listed keeps its place and what this browser knows of it (the reader's own, just posted);
        // what the server says now wins (the takeover's fresh copy of a top-level comment, after the fragment's).
        for (const c of page.comments) list.comments.set(c.id, {...list.comments.get(c.id), ...c});
        list.next = page.next;
        list.total = page.total;
        list.closed = !!page.closed;
        list.page = page;
        if (!more) list.events = page.events;
        list.loaded = true;
        h.requestUpdate();
        fire(h, 'natter-load', {thread: h.threadId, comments: page.comments, total: page.total, more: !!page.next});
      } catch (error) {
        if (signal.aborted) return;
        list.error = errorMessage(error);
        fire(h, 'natter-error', {error, action: 'load'});
      } finally {
        if (!signal.aborted) {
          h.loading = false;
          h.listed();
        }
      }
    },
  };
  h.addController({
    hostUpdate() {
      const key = JSON.stringify([h.threadId, h.order, h.pageSize, h.backendVersion]);
      if (key === current) return;
      current = key;
      run.abort();
      run = new AbortController();
      list.comments = new Map();
      list.next = null;
      list.loaded = list.closed = false;
      void list.load();
    },
    hostDisconnected() {
      // Moved in the DOM or gone: nothing more to show; a reconnect lists afresh.
      run.abort();
      current = '';
    },
  });
  return list;
}
