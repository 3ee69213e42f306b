import {html, nothing} from 'lit';
import {AdminApi, AdminApiError} from './api.js';
import {LightElement, type AnnounceEvent} from './light-element.js';

/** The sections of the page, each at /admin/<name>; /admin itself is the queue. */
const views = [
  ['queue', 'Queue'],
  ['comments', 'All comments'],
  ['threads', 'Threads'],
  ['settings', 'Settings'],
  ['webhooks', 'Webhooks'],
] as const;
type View = (typeof views)[number][0];

/** The view a path names; anything unknown under /admin is the queue. */
function viewOf(path: string): View {
  const name = path.replace(/^\/admin\/?/, '').split('/')[0];
  return views.find(([v]) => v === name)?.[0] ?? 'queue';
}

/**
 * `<natter-admin>`: the whole admin page. Checks the session, shows the sign-in form or the signed-in page (a
 * header with the sections, the current view in `main`), and holds the live region every view announces into.
 */
export class AdminApp extends LightElement {
  declare state: 'checking' | 'signed-out' | 'signed-in';
  declare view: View;
  declare message: string;
  declare messageIsError: boolean;
  declare signInError: string;
  declare busy: boolean;

  static properties = {
    state: {state: true},
    view: {state: true},
    message: {state: true},
    messageIsError: {state: true},
    signInError: {state: true},
    busy: {state: true},
  };

  constructor() {
    super();
    this.api = new AdminApi();
    this.state = 'checking';
    this.view = viewOf(location.pathname);
    this.message = '';
    this.messageIsError = false;
    this.signInError = '';
    this.busy = false;
    this.api.onSignedOut = () => {
      if (this.state !== 'signed-in') return;
      this.state = 'signed-out';
      this.signInError = 'Your session has ended. Sign in again to go on.';
      void this.focusAfterRender('#password');
    };
    this.addEventListener('natter-admin-announce', (e) => this.say((e as AnnounceEvent).detail.message, (e as AnnounceEvent).detail.error));
    this.addEventListener('click', (e) => this.handleLink(e));
    addEventListener('popstate', () => this.show(viewOf(location.pathname), false));
  }

  protected createRenderRoot() {
    // The HTML's stand-in ("Loading…") goes once the page renders.
    this.replaceChildren();
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    this.api.session().then(
      (csrf) => (this.state = csrf ? 'signed-in' : 'signed-out'),
      (error: unknown) => {
        this.state = 'signed-out';
        this.signInError = error instanceof Error ? error.message : String(error);
      },
    );
  }

  /** Puts `message` in the live region; emptied first so that the same words said twice are announced twice. */
  private say(message: string, error = false) {
    this.message = '';
    this.messageIsError = error;
    clearTimeout(this.fading);
    requestAnimationFrame(() => (this.message = message));
    // The note sits over the page's corner: it goes once read (errors stay a while longer).
    this.fading = setTimeout(() => (this.message = ''), error ? 15000 : 6000);
  }

  private fading?: ReturnType<typeof setTimeout>;

  private async focusAfterRender(selector: string) {
    await this.updateComplete;
    // The view element renders after this one: wait for it too.
    await (this.querySelector('main > *') as LightElement | null)?.updateComplete;
    this.querySelector<HTMLElement>(selector)?.focus();
  }

  /** Follows links within the page (the sections, a thread's comments) without reloading it. */
  private handleLink(e: MouseEvent) {
    const link = (e.target as Element).closest('a');
    if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || link.hasAttribute('download')) return;
    const url = new URL(link.href);
    if (url.origin !== location.origin || !/^\/admin(\/|$)/.test(url.pathname) || link.getAttribute('href')!.startsWith('#')) return;
    e.preventDefault();
    history.pushState(null, '', url.pathname + url.search);
    this.show(viewOf(url.pathname), true);
  }

  /** Shows a section; `focus` moves focus to its heading, as a page load would put a reader at its top. */
  private show(view: View, focus: boolean) {
    // The same view with other search terms (a thread's comments) is told to load again.
    if (view === this.view) (this.querySelector('main > *') as {reload?: () => void} | null)?.reload?.();
    this.view = view;
    if (focus) void this.focusAfterRender('main h2');
  }

  private async handleSignIn(e: SubmitEvent) {
    e.preventDefault();
    const input = this.querySelector<HTMLInputElement>('#password')!;
    this.busy = true;
    this.signInError = '';
    try {
      await this.api.login(input.value);
      input.value = '';
      this.state = 'signed-in';
      this.say('Signed in.');
      await this.focusAfterRender('main h2');
    } catch (error) {
      this.signInError =
        error instanceof AdminApiError && error.status === 401 ? 'That password is not right. Try again.' : error instanceof Error ? error.message : String(error);
      input.select();
    } finally {
      this.busy = false;
    }
  }

  private async handleSignOut() {
    try {
      await this.api.logout();
      this.state = 'signed-out';
      this.signInError = '';
      this.say('Signed out.');
      await this.focusAfterRender('#password');
    } catch (error) {
      this.fail(error);
    }
  }

  protected render() {
    // One outer template in every state, so the live region stays the same node and is heard when it changes.
    return html`${this.renderPage()}<div class="notice ${this.messageIsError ? 'error' : ''}" role="status" aria-live="polite">${this.message}</div>`;
  }

  private renderPage() {
    if (this.state === 'checking') return html`<main id="main" tabindex="-1"><h1>Natter admin</h1><p>Loading…</p></main>`;
    if (this.state === 'signed-out') return this.renderSignIn();
    return html`<a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <h1 class="brand">Natter admin</h1>
        <nav aria-label="Admin sections">
          <ul>
            ${views.map(([v, label]) => html`<li><a href="/admin/${v}" aria-current=${this.view === v ? 'page' : nothing}>${label}</a></li>`)}
          </ul>
        </nav>
        <a class="export" href="/api/admin/export" download>Export comments</a>
        <button type="button" @click=${this.handleSignOut}>Sign out</button>
      </header>
      <main id="main" tabindex="-1">${this.renderView()}</main>`;
  }

  private renderView() {
    switch (this.view) {
      case 'queue':
        return html`<natter-admin-comments .api=${this.api} queue></natter-admin-comments>`;
      case 'comments':
        return html`<natter-admin-comments .api=${this.api}></natter-admin-comments>`;
      case 'threads':
        return html`<natter-admin-threads .api=${this.api}></natter-admin-threads>`;
      case 'settings':
        return html`<natter-admin-settings .api=${this.api}></natter-admin-settings>`;
      case 'webhooks':
        return html`<natter-admin-webhooks .api=${this.api}></natter-admin-webhooks>`;
    }
  }

  private renderSignIn() {
    return html`<main id="main" class="sign-in" tabindex="-1">
      <h1>Sign in to Natter admin</h1>
      <form @submit=${this.handleSignIn}>
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required
          aria-invalid=${this.signInError ? 'true' : 'false'} aria-describedby=${this.signInError ? 'sign-in-error' : nothing}>
        ${this.signInError ? html`<p id="sign-in-error" class="error" role="alert">${this.signInError}</p>` : nothing}
        <button type="submit" ?disabled=${this.busy}>Sign in</button>
      </form>
      <p class="hint">Set or change the password on the server with <code>natter admin set-password</code>.</p>
    </main>`;
  }
}
