import {AdapterError} from './adapter.js';
import type {Adapter, Comment, CommentPage, ListOptions, NewComment, PostOptions} from './adapter.js';

export interface MemoryAdapterOptions {
  /** Comments the adapter starts with. */
  seed?: Comment[];
  /** Hold new comments for moderation instead of publishing them. */
  moderate?: boolean;
  /** Names its drafts and outbox; default `memory`, apart from every REST adapter's (whose ids are URLs). */
  id?: string;
  /** Threads closed to new comments (lists say `closed: true`; posts are refused with 403 `thread_closed`), or true for all. */
  closed?: boolean | string[];
}

/** An adapter that keeps comments in the page: for demos, tests and previews. */
export function createMemoryAdapter({seed = [], moderate = false, id = 'memory', closed = false}: MemoryAdapterOptions = {}): Adapter {
  const isClosed = (thread: string) => closed === true || (Array.isArray(closed) && closed.includes(thread));
  const comments = seed.map((c) => ({...c}));
  const byKey = new Map<string, {request: string; comment: Comment}>();
  let nextId = comments.length + 1;

  const visible = (thread: string) => comments.filter((c) => c.thread === thread && c.status === 'published');
  // A deleted comment is listed as a placeholder while it has listed replies (they stay under it), and not counted.
  const shows = (c: Comment): boolean => c.status === 'published' || (c.status === 'deleted' && comments.some((r) => r.parent === c.id && shows(r)));
  const listed = (thread: string) => comments.filter((c) => c.thread === thread && shows(c));
  const rootOf = (c: Comment): string => {
    let node = c;
    for (let hops = 0; node.parent && hops < 1000; hops++) {
      const parent = comments.find((p) => p.id === node.parent);
      if (!parent) break;
      node = parent;
    }
    return node.id;
  };

  return {
    id,
    async list(thread: string, {cursor, limit = 50, order = 'oldest', signal}: ListOptions = {}): Promise<CommentPage> {
      signal?.throwIfAborted();
      const all = listed(thread);
      const roots = all.filter((c) => !c.parent);
      if (order === 'newest') roots.reverse();
      const start = cursor ? roots.findIndex((r) => r.id === cursor) + 1 : 0;
      if (cursor && start === 0) throw new AdapterError('This page of comments no longer exists.', {status: 400, code: 'invalid_cursor'});
      const page = roots.slice(start, start + limit);
      const ids = new Set(page.map((r) => r.id));
      const replies = all.filter((c) => c.parent && ids.has(rootOf(c)));
      return {
        comments: [...page, ...replies].map((c) => ({...c})),
        next: start + limit < roots.length ? page[page.length - 1].id : null,
        total: visible(thread).length,
        ...(isClosed(thread) ? {closed: true} : {}),
      };
    },

    async post(input: NewComment, {idempotencyKey, signal}: PostOptions): Promise<Comment> {
      signal?.throwIfAborted();
      const request = JSON.stringify(input);
      const earlier = byKey.get(idempotencyKey);
      if (earlier) {
        if (earlier.request !== request) throw new AdapterError('This comment was already sent with different text.', {status: 409, code: 'idempotency_conflict'});
        return {...earlier.comment};
      }
      if (isClosed(input.thread)) throw new AdapterError('Comments are closed on this thread.', {status: 403, code: 'thread_closed'});
      if (!input.body.trim()) throw new AdapterError('Write something before posting.', {status: 400, code: 'invalid_body'});
      if (!input.author.trim()) throw new AdapterError('Please give a name.', {status: 400, code: 'invalid_author'});
      if (input.parent && !comments.some((c) => c.id === input.parent && c.thread === input.thread)) {
        throw new AdapterError('The comment you replied to no longer exists.', {status: 400, code: 'invalid_parent'});
      }
      const comment: Comment = {
        id: `m${nextId++}`,
        thread: input.thread,
        parent: input.parent ?? null,
        author: input.author,
        website: input.website || null,
        body: input.body,
        createdAt: new Date().toISOString(),
        status: moderate ? 'pending' : 'published',
      };
      comments.push(comment);
      byKey.set(idempotencyKey, {request, comment});
      return {...comment};
    },

    async count(threads: string[]): Promise<Record<string, number>> {
      return Object.fromEntries(threads.map((t) => [t, visible(t).length]));
    },
  };
}
