import {html, nothing} from 'lit';
import type {Action, AdminComment} from './api.js';
import {type CardHandlers, domId, renderCard} from './comment-card.js';
import {LightElement} from './light-element.js';

/** What the live region says once an action is done: "Approved 3 comments." */
const done: Record<Action, string> = {approve: 'Approved', ham: 'Marked as not spam', hold: 'Held', spam: 'Marked as spam', delete: 'Deleted'};
const bulkActions: [Action, string][] = [['approve', 'Approve'], ['ham', 'Not spam'], ['spam', 'Spam'], ['delete', 'Delete']];
const filters = ['thread', 'author', 'q', 'status'] as const;
const count = (n: number) => (n === 1 ? '1 comment' : `${n} comments`);

/**
 * `<natter-admin-comments>`: the moderation queue (`queue`: pending and spam, newest first) or all comments,
 * searchable by thread, author and text (the search is kept in the address, so a search can be linked to). Each
 * comment has its actions; the checkboxes and the bar above the list act on many at once.
 */
export class CommentsView extends LightElement {
  declare queue: boolean;
  declare comments: AdminComment[];
  declare next: string | null;
  declare loading: boolean;
  declare busy: boolean;
  declare loadError: string;
  declare selected: Set<string>;
  declare form: {id: string; kind: 'edit' | 'reply'} | null;

  static properties = {
    queue: {type: Boolean},
    comments: {state: true},
    next: {state: true},
    loading: {state: true},
    busy: {state: true},
    loadError: {state: true},
    selected: {state: true},
    form: {state: true},
  };

  constructor() {
    super();
    this.queue = false;
    this.comments = [];
    this.next = null;
    this.loading = true;
    this.busy = false;
    this.loadError = '';
    this.selected = new Set();
    this.form = null;
  }

  connectedCallback() {
    super.connectedCallback();
    void this.reload();
  }

  /** The search in the address bar (the all-comments view), or the queue. */
  private query(): Record<string, string> {
    if (this.queue) return {status: 'queue', limit: '50'};
    const params = new URLSearchParams(location.search);
    return {...Object.fromEntries(filters.map((f) => [f, params.get(f) ?? ''])), status: params.get('status') || 'all', limit: '50'};
  }

  /** Loads the first page again (after a new search or a change of address). */
  reload(): Promise<void> {
    this.comments = [];
    this.next = null;
    this.selected = new Set();
    return this.load();
  }

  private async load(cursor?: string) {
    this.loading = true;
    this.loadError = '';
    const before = this.comments.length;
    try {
      const page = await this.api.comments({...this.query(), ...(cursor ? {cursor} : {})});
      this.comments = [...this.comments, ...page.comments];
      this.next = page.next;
      if (cursor) {
        await this.updateComplete;
        this.focusComment(this.comments[before]);
        this.announce(`Loaded ${count(page.comments.length)} more.`);
      }
    } catch (error) {
      this.loadError = error instanceof Error ? error.message : String(error);
    } finally {
      this.loading = false;
    }
  }

  private handleSearch(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const params = new URLSearchParams();
    for (const f of filters) {
      const value = String(data.get(f) ?? '').trim();
      if (value && !(f === 'status' && value === 'all')) params.set(f, value);
    }
    history.pushState(null, '', `/admin/comments${params.size ? `?${params}` : ''}`);
    void this.reload().then(() => {
      if (!this.loadError) this.announce(this.comments.length ? `Found ${count(this.comments.length)}${this.next ? ' or more' : ''}.` : 'No comments match.');
    });
  }

  /** Moves focus to a comment, or to the list's heading when there is none left. */
  private focusComment(comment: AdminComment | undefined) {
    const target = comment ? this.querySelector<HTMLElement>(`#${domId(comment)}`) : this.querySelector<HTMLElement>('h2');
    target?.focus();
  }

  /** Applies an action's answer: a comment leaves the queue once it is out of it, and changes state in place elsewhere. */
  private async apply(action: Action, ids: string[], focusFrom?: AdminComment) {
    if (this.busy || !ids.length) return;
    this.busy = true;
    try {
      const {results} = await this.api.act(action, ids);
      const outcome = new Map(results.map((r) => [r.id, r]));
      const succeeded = ids.filter((id) => outcome.get(id)?.ok);
      const failed = ids.length - succeeded.length;
      const index = focusFrom ? this.comments.indexOf(focusFrom) : -1;
      const changed = this.comments.map((c) => {
        const r = outcome.get(c.id);
        return r?.ok ? {...c, status: r.status} : c;
      });
      // A comment removed entirely leaves every list; one out of the queue leaves the queue.
      const kept = changed.filter((c): c is AdminComment => c.status !== 'removed' && (!this.queue || c.status === 'pending' || c.status === 'spam'));
      this.comments = kept;
      this.selected = new Set([...this.selected].filter((id) => !succeeded.includes(id)));
      await this.updateComplete;
      // After one comment's action, on to the next one (or the one before, at the end of the list).
      const next = index >= 0 ? (kept[kept.length === changed.length ? index + 1 : index] ?? kept[kept.length - 1]) : kept[0];
      this.focusComment(next);
      const message = succeeded.length ? `${done[action]} ${focusFrom && succeeded.length === 1 ? `the comment by ${focusFrom.author || '(no name)'}` : count(succeeded.length)}.` : '';
      const firstError = results.find((r) => !r.ok)?.message;
      if (failed) this.announce(`${message} ${count(failed)} could not be changed${firstError ? `: ${firstError}` : '.'}`.trim(), true);
      else this.announce(message);
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = false;
    }
  }

  private readonly handlers: CardHandlers = {
    act: (comment, action) => void this.apply(action, [comment.id], comment),
    ban: async (comment, kind) => {
      if (this.busy) return;
      this.busy = true;
      try {
        await this.api.ban(comment.id, kind);
        this.announce(`Banned ${kind === 'email' ? `the email address ${comment.email}` : `the IP address ${comment.ip}`}: their next comments go to spam.`);
      } catch (error) {
        this.fail(error);
      } finally {
        this.busy = false;
      }
    },
    open: async (comment, kind) => {
      this.form = this.form?.id === comment.id && this.form.kind === kind ? null : {id: comment.id, kind};
      await this.updateComplete;
      this.querySelector<HTMLElement>(this.form ? `#${domId(comment)}-text` : `#${domId(comment)} [data-action="${kind}"]`)?.focus();
    },
    close: async (comment) => {
      const kind = this.form?.kind ?? 'edit';
      this.form = null;
      await this.updateComplete;
      this.querySelector<HTMLElement>(`#${domId(comment)} [data-action="${kind}"]`)?.focus();
    },
    submit: async (comment, kind, text) => {
      if (this.busy) return;
      this.busy = true;
      try {
        const {comment: saved} = kind === 'edit' ? await this.api.edit(comment.id, text) : await this.api.reply(comment.id, text);
        if (kind === 'edit') this.comments = this.comments.map((c) => (c.id === comment.id ? saved : c));
        // An owner's reply is published at once: it joins the all-comments list at the top, never the queue.
        else if (!this.queue) this.comments = [saved, ...this.comments];
        this.busy = false;
        await this.handlers.close(comment);
        this.announce(kind === 'edit' ? 'Saved the edit.' : `Posted your reply to ${comment.author || '(no name)'}.`);
      } catch (error) {
        this.fail(error);
      } finally {
        this.busy = false;
      }
    },
    select: (comment, on) => {
      const selected = new Set(this.selected);
      if (on) selected.add(comment.id);
      else selected.delete(comment.id);
      this.selected = selected;
    },
  };

  private selectAll(on: boolean) {
    this.selected = new Set(on ? this.comments.map((c) => c.id) : []);
  }

  protected render() {
    const params = new URLSearchParams(location.search);
    const n = this.selected.size;
    const all = n > 0 && n === this.comments.length;
    return html`<h2 tabindex="-1">${this.queue ? 'Moderation queue' : 'All comments'}</h2>
      <p class="hint">${this.queue ? 'Comments waiting for you and comments held as spam, newest first.' : 'Every comment, newest first. Search by thread, author or text.'}</p>
      ${this.queue
        ? nothing
        : html`<form class="search" role="search" aria-label="Comments" @submit=${this.handleSearch}>
            <div><label for="f-thread">Thread</label><input id="f-thread" name="thread" .value=${params.get('thread') ?? ''}></div>
            <div><label for="f-author">Author</label><input id="f-author" name="author" .value=${params.get('author') ?? ''}></div>
            <div><label for="f-q">Text</label><input id="f-q" name="q" type="search" .value=${params.get('q') ?? ''}></div>
            <div><label for="f-status">Status</label><select id="f-status" name="status">
              ${['all', 'published', 'pending', 'spam', 'deleted'].map((s) => html`<option value=${s} ?selected=${(params.get('status') || 'all') === s}>${s === 'all' ? 'Any' : s[0]!.toUpperCase() + s.slice(1)}</option>`)}
            </select></div>
            <button type="submit">Search</button>
          </form>`}
      ${this.comments.length
        ? html`<div class="bulk" role="group" aria-label="Act on the selected comments">
            <label><input type="checkbox" id="select-all" .checked=${all} .indeterminate=${n > 0 && !all} @change=${(e: Event) => this.selectAll((e.target as HTMLInputElement).checked)}>Select all shown</label>
            <span aria-live="polite">${n} selected</span>
            ${bulkActions.map(([action, label]) => html`<button type="button" data-bulk=${action} ?disabled=${!n} @click=${() => this.apply(action, [...this.selected])}>${label}</button>`)}
          </div>`
        : nothing}
      ${this.loadError ? html`<p class="error" role="alert">Could not load the comments: ${this.loadError} <button type="button" @click=${() => this.reload()}>Try again</button></p>` : nothing}
      <ol class="comments" aria-label=${this.queue ? 'Queue' : 'Comments'} aria-busy=${this.loading ? 'true' : 'false'}>
        ${this.comments.map(
          (c) => html`<li>${renderCard(c, this.selected.has(c.id), this.form?.id === c.id ? this.form.kind : null, this.handlers)}</li>`,
        )}
      </ol>
      ${this.loading ? html`<p>Loading…</p>` : nothing}
      ${!this.loading && !this.loadError && !this.comments.length ? html`<p class="empty">${this.queue ? 'Nothing is waiting: the queue is empty.' : 'No comments match.'}</p>` : nothing}
      ${this.next && !this.loading ? html`<button type="button" class="more" @click=${() => this.load(this.next!)}>Load more</button>` : nothing}`;
  }
}
