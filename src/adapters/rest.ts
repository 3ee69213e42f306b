import {AdapterError} from './adapter.js';
import type {Adapter, CommentPage, ListOptions} from './adapter.js';
import type {Prefetch} from './prefetch.js';

export interface RestAdapterOptions {
  /** Base URL of a Natter server, e.g. `https://comments.example.com`. */
  endpoint: string;
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
  /** Milliseconds before a request counts as lost. Default 15,000. */
  timeout?: number;
  /** A first-page request already under way (the loader starts one); used once, and only for the same URL. */
  prefetched?: Prefetch;
  /** Names this server's drafts and outbox; default the endpoint without trailing slashes, the scope the `endpoint` attribute uses. */
  id?: string;
}

/** What the posting half of the adapter (src/adapters/rest-post.ts) needs from the half that lists. */
export interface RestContext {
  request<T>(path: string, init: RequestInit & {signal?: AbortSignal}): Promise<T>;
  list: Adapter['list'];
  /** The latest `Natter-Form` token per thread, from list responses: a post sends its thread's as `form`. */
  forms: Map<string, string>;
}

// Posting, counting and a branch's further replies are never needed before the first comments paint: they come with the write chunk (which
// re-exports them), so they are in before any post, and a post made offline later finds them there.
const later = () => import('../write/index.js');

/** An adapter that speaks Natter's REST protocol (see README, "Server protocol"). */
export function createRestAdapter({endpoint, fetch: doFetch = (...a) => fetch(...a), timeout = 15000, prefetched, id}: RestAdapterOptions): Adapter {
  // Also the default id: the endpoint attribute's scope is this same string (src/write/scope.ts).
  const base = endpoint.replace(/\/+$/, '');
  const forms = new Map<string, string>();

  async function request<T>(path: string, init: RequestInit & {signal?: AbortSignal}, thread?: string): Promise<T> {
    const timer = AbortSignal.timeout(timeout);
    let response: Response;
    try {
      // AbortSignal.any is missing before Safari 17.4 and Firefox 124; there the caller's signal can't cut a request short.
      // Only the first list page can match: a post goes to a URL without a query.
      const early = prefetched?.url === base + path && prefetched.response;
      if (early) prefetched!.url = '';
      response = await (early || doFetch(base + path, {...init, signal: AbortSignal.any?.([timer, init.signal ?? timer]) ?? timer}));
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new AdapterError('Could not reach the comments server.', {status: 0, code: 'network'});
    }
    const headers = response.headers;
    // Every list response carries a fresh token, the loader's prefetched one too (it keeps the whole response).
    const form = headers.get('Natter-Form');
    if (thread && form) forms.set(thread, form);
    let data: any = null;
    try {
      data = await response.json();
    } catch {
      // A proxy's HTML error page or a cut-off reply: the status below still says what happened.
    }
    if (!response.ok || data === null) {
      const error = data?.error ?? {};
      throw new AdapterError(typeof error.message === 'string' ? error.message : `The comments server answered ${response.status}.`, {
        status: response.status,
        code: typeof error.code === 'string' ? error.code : 'http',
        // A 2xx whose body can't be read (cut off on the way) is worth sending again with the same key.
        retryable: response.ok || undefined,
        retryAfter: 1e3 * +headers.get('Retry-After')! || undefined,
      });
    }
    return data as T;
  }

  // The methods past listing are added below.
  const adapter = {
    id: id ?? base,
    list(thread: string, options: ListOptions = {}): Promise<CommentPage> {
      // Bodies as trees, which the widget renders with no parser (README, Server protocol).
      const query = new URLSearchParams({thread, format: 'tree'});
      // Each option that is given, `replies: 0` too (without `replies` the server lists up to 100 a branch); `branch` comes from `branch` (rest-post.ts).
      for (const name of ['cursor', 'limit', 'order', 'replies', 'branch'] as const) if (options[name as 'cursor'] != null) query.set(name, options[name as 'cursor']!);
      return request<CommentPage>(`/api/comments?${query}`, {signal: options.signal}, thread);
    },
    // In the write chunk, with the live updates it feeds, which is in by the time the widget subscribes.
    subscribe(thread, handlers) {
      const stop = later().then((m) => m.restSubscribe(base, thread, handlers));
      return () => void stop.then((s) => s());
    },
  } as Adapter;
  // Each method past listing calls its namesake in the write chunk, with this adapter's context first.
  for (const name of ['post', 'count', 'edit', 'remove', 'vote', 'branch'] as const) {
    adapter[name] = ((...args: unknown[]) => later().then((m) => (m.rest[name] as (...a: unknown[]) => unknown)(context, ...args))) as never;
  }
  const context: RestContext = {request, list: adapter.list, forms};
  return adapter;
}
