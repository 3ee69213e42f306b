import {toTree, type Tree} from '../markdown/tree.js';
import {AdapterError} from './adapter.js';
import type {Adapter, BranchOptions, BranchPage, Comment, CommentPage, ListOptions, LiveEvent, NewComment, PostedComment, PostOptions, SubscribeHandlers, VoteValue, Votes} from './adapter.js';

export interface MemoryAdapterOptions {
  /** Comments the adapter starts with. */
  seed?: Comment[];
  /** Hold new comments for moderation instead of publishing them. */
  moderate?: boolean;
  /** Names its drafts and outbox; default `memory`, apart from every REST adapter's (whose ids are URLs). */
  id?: string;
  /** Threads closed to new comments (lists say `closed: true`; posts are refused with 403 `thread_closed`), or true for all. */
  closed?: boolean | string[];
  /** Which votes readers may cast: `up` (default, as the reference server), `updown`, or `off`. */
  votes?: 'up' | 'updown' | 'off';
  /** Seconds after posting during which the author may edit; default 900 (15 minutes, as the server); 0 turns editing off. */
  editWindow?: number;
  /** How many live events it keeps for `subscribe`'s `after` (default all); resuming from an older point resets. */
  keepEvents?: number;
}

// What the reference server's list and branch responses may weigh (their comments' part), so a test here sees the same pages.
const MAX_BYTES = 256 * 1024 - 1024;
const size = (c: Comment) => new TextEncoder().encode(JSON.stringify(c)).length + 1;
const fail = (message: string, status: number, code: string) => new AdapterError(message, {status, code});
const notFound = () => fail('This comment no longer exists.', 404, 'not_found');
const random = () => Array.from(crypto.getRandomValues(new Uint8Array(24)), (b) => b.toString(36)).join('');

/** An adapter that keeps comments in the page: for demos, tests and previews. It offers every optional capability. */
export function createMemoryAdapter({seed = [], moderate = false, id = 'memory', closed = false, votes: mode = 'up', editWindow = 900, keepEvents = 1 / 0}: MemoryAdapterOptions = {}): Adapter {
  const isClosed = (thread: string) => closed === true || (Array.isArray(closed) && closed.includes(thread));
  // Each with its body parsed, as the reference server sends it (the widget then never loads the parser for these).
  const comments = seed.map((c) => ({...c, tree: c.tree ?? toTree(c.body ?? '')}));
  const byKey = new Map<string, {request: string; comment: PostedComment}>();
  const tokens = new Map<string, string>();
  // Per comment: each voter's value.
  const ballots = new Map<string, Map<string, VoteValue>>();
  let nextId = comments.length + 1;

  // The live log: every event with its sequence number; subscribers read it from their own point, in order.
  const log: {seq: number; thread: string; event: LiveEvent}[] = [];
  const listeners = new Set<() => void>();
  let seq = 0;
  const emit = (thread: string, event: LiveEvent) => {
    log.push({seq: ++seq, thread, event: structuredClone(event)});
    if (log.length > keepEvents) log.shift();
    for (const deliver of listeners) queueMicrotask(deliver);
  };

  const visible = (thread: string) => comments.filter((c) => c.thread === thread && c.status === 'published');
  // A deleted comment is listed as a placeholder while it has listed replies (they stay under it), and not counted.
  const shows = (c: Comment): boolean => c.status === 'published' || (c.status === 'deleted' && comments.some((r) => r.parent === c.id && shows(r)));
  const listed = (thread: string) => comments.filter((c) => c.thread === thread && shows(c));
  // Every top-level comment's listed replies at any depth, oldest first (equal times keep the order they came in), in
  // one pass: each reply's top-level comment is found through a map of ids and remembered for the replies below it (a
  // search of the whole thread per reply made a page of a 10,000-comment thread take over a minute).
  const branchesOf = (all: Comment[]) => {
    const byId = new Map(comments.map((c) => [c.id, c]));
    const roots = new Map<string, string>();
    const rootOf = (c: Comment): string => {
      const path: Comment[] = [];
      let node = c;
      while (node.parent && !roots.has(node.id) && path.length < 1000) {
        path.push(node);
        const parent = byId.get(node.parent);
        if (!parent) break;
        node = parent;
      }
      const root = roots.get(node.id) ?? node.id;
      for (const n of path) roots.set(n.id, root);
      return root;
    };
    const branches = new Map<string, Comment[]>();
    for (const c of all) {
      if (!c.parent) continue;
      const root = rootOf(c);
      if (!branches.has(root)) branches.set(root, []);
      branches.get(root)!.push(c);
    }
    for (const branch of branches.values()) branch.sort((x, y) => x.createdAt.localeCompare(y.createdAt));
    return branches;
  };
  const score = (c: Comment) => (c.votes ? c.votes.up - c.votes.down : 0);
  // The author's own comment, with the token `post` gave for it.
  const own = (commentId: string, token: string) => {
    const c = comments.find((x) => x.id === commentId && x.status !== 'deleted');
    if (!c) throw notFound();
    if (!token) throw fail('This comment can only be changed from the browser that wrote it.', 401, 'token_missing');
    if (tokens.get(commentId) !== token) throw fail('This comment can only be changed from the browser that wrote it.', 403, 'token_invalid');
    return c;
  };

  return {
    id,
    async list(thread: string, {cursor, limit = 50, order = 'oldest', replies = 100, signal}: ListOptions = {}): Promise<CommentPage> {
      signal?.throwIfAborted();
      if (!(Number.isInteger(replies) && replies >= 0 && replies <= 100)) throw fail('The replies must be a whole number from 0 to 100.', 400, 'invalid_replies');
      const all = listed(thread);
      const roots = all.filter((c) => !c.parent);
      if (order === 'newest') roots.reverse();
      // Stable: equal scores keep creation order, oldest first.
      if (order === 'top') roots.sort((a, b) => score(b) - score(a));
      const start = cursor ? roots.findIndex((r) => r.id === cursor) + 1 : 0;
      if (cursor && start === 0) throw new AdapterError('This page of comments no longer exists.', {status: 400, code: 'invalid_cursor'});
      const page: Comment[] = [];
      let bytes = 0;
      let full = false;
      // As the reference server: each branch's oldest replies, and no more bytes than a response may weigh.
      const branches = branchesOf(all);
      for (const root of roots.slice(start, start + limit)) {
        const branch = branches.get(root.id) ?? [];
        const top = {...root, replyCount: branch.length};
        bytes += size(top) + 120;
        if (page.length && bytes > MAX_BYTES) {
          full = true;
          break;
        }
        page.push(top);
        let given = 0;
        for (const reply of branch.slice(0, replies)) {
          if ((bytes += size(reply)) > MAX_BYTES) {
            full = true;
            break;
          }
          page.push(reply);
          given++;
        }
        if (given < branch.length) top.replyNext = given ? branch[given - 1].id : root.id;
        if (full) break;
      }
      const last = page.filter((c) => !c.parent).at(-1);
      // A next page while top-level comments follow the last one here (one cut short on the thread's last has only its branch left).
      const end = roots.findIndex((r) => r.id === last?.id) + 1;
      return {
        comments: structuredClone(page),
        next: last && end < roots.length ? last.id : null,
        total: visible(thread).length,
        ...(isClosed(thread) ? {closed: true} : {}),
        ...(mode !== 'off' ? {votes: mode} : {}),
        ...(editWindow > 0 ? {editWindow} : {}),
        events: String(seq),
      };
    },

    async post(input: NewComment, {idempotencyKey, signal}: PostOptions): Promise<PostedComment> {
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
      const comment: Comment & {tree: Tree} = {
        id: `m${nextId++}`,
        thread: input.thread,
        parent: input.parent ?? null,
        author: input.author,
        website: input.website || null,
        body: input.body,
        tree: toTree(input.body),
        createdAt: new Date().toISOString(),
        status: moderate ? 'pending' : 'published',
      };
      const token = random();
      comments.push(comment);
      tokens.set(comment.id, token);
      byKey.set(idempotencyKey, {request, comment: {...comment, token}});
      if (!moderate) emit(comment.thread, {type: 'created', comment});
      return {...comment, token};
    },

    async branch(thread: string, rootId: string, {cursor = rootId, limit = 50, signal}: BranchOptions = {}): Promise<BranchPage> {
      signal?.throwIfAborted();
      const all = listed(thread);
      if (!all.some((c) => c.id === rootId && !c.parent)) throw fail('There is no such top-level comment in this thread.', 404, 'not_found');
      const branch = branchesOf(all).get(rootId) ?? [];
      // The root stands for the branch's start; any other cursor is the last reply handed out.
      const start = cursor === rootId ? 0 : branch.findIndex((r) => r.id === cursor) + 1;
      if (start === 0 && cursor !== rootId) throw fail('This page of replies no longer exists.', 400, 'invalid_cursor');
      const comments: Comment[] = [];
      let bytes = 0;
      for (const reply of branch.slice(start, start + limit)) {
        bytes += size(reply);
        if (comments.length && bytes > MAX_BYTES) break;
        comments.push(reply);
      }
      return {comments: structuredClone(comments), next: start + comments.length < branch.length ? comments[comments.length - 1].id : null};
    },

    async count(threads: string[]): Promise<Record<string, number>> {
      return Object.fromEntries(threads.map((t) => [t, visible(t).length]));
    },

    async edit(commentId, {body}, {token, signal}) {
      signal?.throwIfAborted();
      const c = own(commentId, token);
      if (!(editWindow > 0)) throw fail('Editing is turned off.', 403, 'editing_off');
      if (Date.now() - Date.parse(c.createdAt) > editWindow * 1e3) {
        throw fail(`Comments can be edited for ${editWindow < 60 ? `${editWindow} seconds` : `${Math.round(editWindow / 60)} minutes`} after posting.`, 403, 'edit_window_closed');
      }
      if (comments.some((r) => r.parent === c.id)) throw fail('A comment that has replies can no longer be edited.', 403, 'has_replies');
      if (!body.trim()) throw fail('Write something before posting.', 400, 'invalid_body');
      Object.assign(c, {body, tree: toTree(body), editedAt: new Date().toISOString()});
      if (c.status === 'published') emit(c.thread, {type: 'updated', comment: c});
      return {...c};
    },

    async remove(commentId, {token, signal}) {
      signal?.throwIfAborted();
      const c = own(commentId, token);
      tokens.delete(commentId);
      ballots.delete(commentId);
      const was = listed(c.thread);
      // With replies it stays as a placeholder that keeps them; without, it goes.
      if (comments.some((r) => r.parent === c.id)) {
        Object.assign(c, {status: 'deleted', author: '', website: null, body: '', tree: []});
        delete c.votes;
        delete c.editedAt;
      } else comments.splice(comments.indexOf(c), 1);
      // What the thread no longer lists: this comment, and a placeholder above it that was kept only for its replies.
      for (const x of was) {
        if (x === c && c.status === 'deleted') emit(c.thread, {type: 'updated', comment: c});
        else if (!listed(c.thread).includes(x)) emit(c.thread, {type: 'deleted', id: x.id});
      }
      return c.status === 'deleted' ? {...c} : null;
    },

    async vote(commentId, value, {voter, signal}) {
      signal?.throwIfAborted();
      if (mode === 'off') throw fail('Voting is turned off.', 403, 'votes_off');
      if (![1, 0, -1].includes(value) || (value === -1 && mode === 'up')) throw fail('This vote is not allowed here.', 400, 'invalid_vote');
      if (!/^[\w-]{22,64}$/.test(voter)) throw fail('The voter key is not valid.', 400, 'invalid_voter');
      const c = comments.find((x) => x.id === commentId && x.status === 'published');
      if (!c) throw notFound();
      const mine = ballots.get(commentId) ?? new Map<string, VoteValue>();
      ballots.set(commentId, mine);
      if (value) mine.set(voter, value);
      else mine.delete(voter);
      const votes: Votes = {up: 0, down: 0};
      for (const v of mine.values()) votes[v > 0 ? 'up' : 'down']++;
      if (votes.up || votes.down) c.votes = votes;
      else delete c.votes;
      emit(c.thread, {type: 'voted', id: c.id, votes});
      return {...votes};
    },

    subscribe(thread: string, {after, onEvent, onReset, onStatus}: SubscribeHandlers) {
      let at = after === undefined ? seq : Number(after);
      let stopped = false;
      // Each delivery sends everything after this subscriber's point, in order, so a late one never overtakes.
      const deliver = () => {
        if (stopped) return;
        for (const {seq: n, thread: t, event} of log) {
          if (n <= at) continue;
          at = n;
          if (t === thread) onEvent(structuredClone(event), String(n));
        }
      };
      queueMicrotask(() => {
        if (stopped) return;
        // A point this log never gave, or one older than what it keeps: the caller lists again.
        if (!Number.isInteger(at) || at > seq || (at < seq && (log[0]?.seq ?? seq + 1) > at + 1)) {
          at = seq;
          onReset?.();
        }
        listeners.add(deliver);
        onStatus?.(true);
        deliver();
      });
      return () => {
        stopped = true;
        listeners.delete(deliver);
      };
    },
  };
}
