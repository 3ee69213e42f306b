// The REST adapter's posting and counting, in the write chunk: nothing here is needed before the first comments paint.
import type {AdapterError, Comment, NewComment, PostOptions} from './adapter.js';
import type {RestContext} from './rest.js';

// The server answers these when the post carries no token, or one too old: a list response brings a fresh one.
const stale = ({code}: AdapterError) => code === 'form_expired' || code === 'form_missing';

/**
 * Posts a comment with its thread's latest form token. Without a token, or with an expired one, it lists one
 * comment of the thread for a fresh token and sends the same request (same idempotency key) once more.
 */
export async function post({request, list, forms}: RestContext, comment: NewComment, {idempotencyKey, signal}: PostOptions): Promise<Comment> {
  const send = () =>
    request<{comment: Comment}>('/api/comments', {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey},
      body: JSON.stringify({...comment, form: forms.get(comment.thread)}),
      signal,
    });
  try {
    return (await send()).comment;
  } catch (error) {
    // Only AdapterErrors come from `request`, apart from an abort (which has no such code).
    if (!stale(error as AdapterError)) throw error;
    await list(comment.thread, {limit: 1, signal});
    return (await send()).comment;
  }
}

/** Counts for several threads in one call. */
export async function count({request}: RestContext, threads: string[], {signal}: {signal?: AbortSignal} = {}): Promise<Record<string, number>> {
  const query = new URLSearchParams(threads.map((t) => ['thread', t]));
  return (await request<{counts: Record<string, number>}>(`/api/counts?${query}`, {signal})).counts;
}
