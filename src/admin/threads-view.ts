import {html, nothing} from 'lit';
import type {AdminThread} from './api.js';
import {LightElement} from './light-element.js';

/** `<natter-admin-threads>`: every thread with its counts, searchable, each closed to new comments or opened again. */
export class ThreadsView extends LightElement {
  declare threads: AdminThread[];
  declare next: string | null;
  declare loading: boolean;
  declare loadError: string;
  declare q: string;

  static properties = {threads: {state: true}, next: {state: true}, loading: {state: true}, loadError: {state: true}};

  constructor() {
    super();
    this.threads = [];
    this.next = null;
    this.loading = true;
    this.loadError = '';
    this.q = '';
  }

  connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load(cursor?: string) {
    this.loading = true;
    this.loadError = '';
    try {
      const page = await this.api.threads(this.q, cursor);
      this.threads = cursor ? [...this.threads, ...page.threads] : page.threads;
      this.next = page.next;
    } catch (error) {
      this.loadError = error instanceof Error ? error.message : String(error);
    } finally {
      this.loading = false;
    }
  }

  private handleSearch(e: SubmitEvent) {
    e.preventDefault();
    this.q = String(new FormData(e.target as HTMLFormElement).get('q') ?? '').trim();
    void this.load().then(() => {
      if (!this.loadError) this.announce(this.threads.length ? `Found ${this.threads.length}${this.next ? ' or more' : ''} threads.` : 'No threads match.');
    });
  }

  private async toggle(thread: AdminThread) {
    const closed = !thread.closed;
    try {
      await this.api.closeThread(thread.id, closed);
      this.threads = this.threads.map((t) => (t.id === thread.id ? {...t, closed} : t));
      this.announce(`${closed ? 'Closed' : 'Opened'} comments on ${thread.title || thread.id}.`);
    } catch (error) {
      this.fail(error);
    }
  }

  protected render() {
    return html`<h2 tabindex="-1">Threads</h2>
      <p class="hint">A closed thread keeps its comments and takes no new ones.</p>
      <form class="search" role="search" aria-label="Threads" @submit=${this.handleSearch}>
        <div><label for="t-q">Thread title or address</label><input id="t-q" name="q" type="search" .value=${this.q}></div>
        <button type="submit">Search</button>
      </form>
      ${this.loadError ? html`<p class="error" role="alert">Could not load the threads: ${this.loadError}</p>` : nothing}
      ${this.threads.length
        ? html`<div class="table"><table>
            <caption class="visually-hidden">Threads, with their comments by state</caption>
            <thead><tr><th scope="col">Thread</th><th scope="col">Published</th><th scope="col">Pending</th><th scope="col">Spam</th><th scope="col">Comments</th></tr></thead>
            <tbody>
              ${this.threads.map(
                (t, i) => html`<tr>
                  <th scope="row" id="thread-${i}"><a href="/admin/comments?thread=${encodeURIComponent(t.id)}">${t.title || t.id}</a>${t.title ? html`<br><small>${t.id}</small>` : nothing}</th>
                  <td>${t.published}</td><td>${t.pending}</td><td>${t.spam}</td>
                  <td>${t.closed ? 'Closed' : 'Open'} <button type="button" aria-describedby="thread-${i}" @click=${() => this.toggle(t)}>${t.closed ? 'Open' : 'Close'}</button></td>
                </tr>`,
              )}
            </tbody>
          </table></div>`
        : nothing}
      ${this.loading ? html`<p>Loading…</p>` : nothing}
      ${!this.loading && !this.loadError && !this.threads.length ? html`<p class="empty">No threads${this.q ? ' match' : ' yet'}.</p>` : nothing}
      ${this.next && !this.loading ? html`<button type="button" class="more" @click=${() => this.load(this.next!)}>Load more</button>` : nothing}`;
  }
}
