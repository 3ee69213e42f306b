// The REST adapter's posting, counting, editing, deleting, voting and branch pages, in the write chunk: nothing here is needed
// before the first comments paint.
import type {AdapterError, BranchOptions, BranchPage, Comment, ListOptions, NewComment, PostedComment, PostOptions, VoteValue, Votes} from './adapter.js';
import type {RestContext} from './rest.js';

const json = (method: string, body: unknown, signal?: AbortSignal, headers?: Record<string, string>) => ({method, headers: {'Content-Type': 'application/json', ...headers}, body: JSON.stringify(body), signal});
const bearer = (token: string) => ({Authorization: `Bearer ${token}`});
const at = (id: string) => `/api/comments/${encodeURIComponent(id)}`;

/**
 * Posts a comment with its thread's latest form token. Without a token, or with an expired one, it lists one
 * comment of the thread for a fresh token and sends the same request (same idempotency key) once more.
 */
export async function post({request, list, forms}: RestContext, comment: NewComment, {idempotencyKey, signal}: PostOptions): Promise<PostedComment> {
  const send = async () => {
    const {comment: c, token} = await request<{comment: Comment; token?: string}>('/api/comments', json('POST', {...comment, form: forms.get(comment.thread)}, signal, {'Idempotency-Key': idempotencyKey}));
    return token ? {...c, token} : c;
  };
  try {
    return await send();
  } catch (error) {
    // The server answers these when the post carries no token, or one too old: a list response brings a fresh one.
    // Only AdapterErrors come from `request`, apart from an abort (which has no such code).
    const {code} = error as AdapterError;
    if (code !== 'form_expired' && code !== 'form_missing') throw error;
    await list(comment.thread, {limit: 1, signal});
    return send();
  }
}

/** Counts for several threads in one call. */
export async function count({request}: RestContext, threads: string[], {signal}: {signal?: AbortSignal} = {}): Promise<Record<string, number>> {
  const query = new URLSearchParams(threads.map((t) => ['thread', t]));
  return (await request<{counts: Record<string, number>}>(`/api/counts?${query}`, {signal})).counts;
}

/** Replaces the body of the author's own comment, with its owner token. */
export async function edit({request}: RestContext, id: string, change: {body: string}, {token, signal}: {token: string; signal?: AbortSignal}): Promise<Comment> {
  return (await request<{comment: Comment}>(at(id), json('PATCH', change, signal, bearer(token)))).comment;
}

/** Deletes the author's own comment: the placeholder kept for its replies, or null when it is gone. */
export async function remove({request}: RestContext, id: string, {token, signal}: {token: string; signal?: AbortSignal}): Promise<Comment | null> {
  return (await request<{comment: Comment | null}>(at(id), {method: 'DELETE', headers: bearer(token), signal})).comment;
}

/** Casts, changes or takes back this browser's vote. */
export async function vote({request}: RestContext, id: string, value: VoteValue, {voter, signal}: {voter: string; signal?: AbortSignal}): Promise<Votes> {
  return (await request<{votes: Votes}>(`${at(id)}/vote`, json('POST', {value, voter}, signal))).votes;
}

/** The next replies of a top-level comment's branch: a list request that names it (GET /api/comments?branch=ID). */
export function branch({list}: RestContext, thread: string, id: string, options?: BranchOptions): Promise<BranchPage> {
  return list(thread, {...options, branch: id} as ListOptions);
}
