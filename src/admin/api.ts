// The admin page's client for /api/admin (the contract in the brief): the session cookie goes with every request
// (same origin), and every state change carries the CSRF token the session or the login answered.
// The shapes are the server's own (type-only imports: nothing of the server reaches the bundle).
import type {AdminComment, ThreadSummary} from '../server/store/admin-store.js';
import type {CommentState} from '../server/store/comment-store.js';
import type {Ban} from '../server/store/owner-stores.js';
import type {PolicySettings} from '../server/services/policy-settings.js';

export type {AdminComment, Ban, CommentState, PolicySettings};
/** A thread with its counts. */
export type AdminThread = ThreadSummary;

/** A moderation action on one or more comments. */
export type Action = 'approve' | 'hold' | 'spam' | 'ham' | 'delete';

/** One comment's outcome of an action: its new state (`removed`: gone entirely, it had no replies), or why not. */
export type ActionResult = {id: string; ok: true; status: CommentState | 'removed'} | {id: string; ok: false; code: string; message: string};

/** A refusal or failure, with the server's message when it sent one. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The request field the server refused, when it named one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

const base = '/api/admin';

/** The admin API, bound to one session's CSRF token. `onSignedOut` runs when the server answers 401. */
export class AdminApi {
  csrf = '';
  onSignedOut: () => void = () => undefined;

  /** Sends one request; resolves with the JSON answer, rejects with AdminApiError. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {Accept: 'application/json'};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && this.csrf) headers['X-Natter-CSRF'] = this.csrf;
    let response: Response;
    try {
      response = await fetch(base + path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin'});
    } catch {
      throw new AdminApiError(0, 'network', 'The server could not be reached. Check the connection and try again.');
    }
    const data = await response.json().catch(() => null);
    if (!response.ok) {
      const error = data?.error;
      if (response.status === 401 && path !== '/login' && path !== '/session') this.onSignedOut();
      throw new AdminApiError(response.status, error?.code ?? 'error', error?.message ?? `The server answered ${response.status}.`, error?.field);
    }
    return data as T;
  }

  /** The current session's CSRF token, or null when signed out. */
  async session(): Promise<string | null> {
    try {
      this.csrf = (await this.request<{csrf: string}>('GET', '/session')).csrf;
      return this.csrf;
    } catch (error) {
      if (error instanceof AdminApiError && error.status === 401) return null;
      throw error;
    }
  }

  async login(password: string): Promise<void> {
    this.csrf = (await this.request<{csrf: string}>('POST', '/login', {password})).csrf;
  }

  async logout(): Promise<void> {
    await this.request('POST', '/logout', {});
    this.csrf = '';
  }

  comments(query: Record<string, string>): Promise<{comments: AdminComment[]; next: string | null}> {
    return this.request('GET', `/comments?${new URLSearchParams(Object.entries(query).filter(([, v]) => v !== ''))}`);
  }

  act(action: Action, ids: string[]): Promise<{results: ActionResult[]}> {
    return this.request('POST', '/comments/actions', {action, ids});
  }

  edit(id: string, body: string): Promise<{comment: AdminComment}> {
    return this.request('PATCH', `/comments/${encodeURIComponent(id)}`, {body});
  }

  reply(id: string, body: string): Promise<{comment: AdminComment}> {
    return this.request('POST', `/comments/${encodeURIComponent(id)}/reply`, {body});
  }

  ban(id: string, kind: 'email' | 'ip'): Promise<unknown> {
    return this.request('POST', `/comments/${encodeURIComponent(id)}/ban`, {kind});
  }

  bans(): Promise<{bans: Ban[]}> {
    return this.request('GET', '/bans');
  }

  unban(kind: Ban['kind'], value: string): Promise<unknown> {
    return this.request('POST', '/bans/delete', {kind, value});
  }

  threads(q: string, cursor = ''): Promise<{threads: AdminThread[]; next: string | null}> {
    return this.request('GET', `/threads?${new URLSearchParams(Object.entries({q, cursor}).filter(([, v]) => v !== ''))}`);
  }

  closeThread(thread: string, closed: boolean): Promise<unknown> {
    return this.request('POST', '/threads/close', {thread, closed});
  }

  settings(): Promise<{policy: PolicySettings; ownerName: string}> {
    return this.request('GET', '/settings');
  }

  saveSettings(settings: {policy: Partial<PolicySettings>; ownerName: string}): Promise<{policy: PolicySettings; ownerName: string}> {
    return this.request('PUT', '/settings', settings);
  }

  deliveries(): Promise<unknown> {
    return this.request('GET', '/webhooks/deliveries');
  }
}
