import {sql} from 'kysely';
import type {Kysely, Selectable, SqlBool} from 'kysely';
import type {Comment} from '../../../adapters/adapter.js';
import {encodeCursor} from '../../cursor.js';
import type {BranchQuery, PagePosition, PageQuery, StoredBranch, StoredPage} from '../comment-store.js';
import type {CommentsTable, Schema} from './schema.js';
import {commentColumns, toComment} from './to-comment.js';

const columns = [...commentColumns, 'root'] as const;
type Row = Pick<Selectable<CommentsTable>, (typeof columns)[number]>;

// Spelled as a literal, as in the partial indexes (migrations 0004 and 0011): SQLite uses one only for the same text.
const listed = sql<SqlBool>`status in ('published', 'deleted')`;
// The replies' reads go this many branches at a time, so a page that fills its bytes early reads little past them.
const BRANCHES_PER_READ = 10;
// Room kept in a top-level comment's bytes for the `replyNext` it may get once its replies are counted in.
const REPLY_NEXT_BYTES = 120;
// Before every reply of any branch: where a branch page without a cursor starts.
const BRANCH_START: PagePosition = {createdAt: '0000-01-01T00:00:00.000Z', id: 1};

/** UTF-8 bytes of a comment's JSON, with the comma that joins it to the next one in a list. */
const stored = (comment: Comment) => Buffer.byteLength(JSON.stringify(comment)) + 1;
// Measured only for a page that has a byte bound (a page without one is not serialised twice).
const sizer = ({maxBytes, measure = stored}: {maxBytes?: number; measure?: (c: Comment) => number}) => (maxBytes === undefined || maxBytes === Infinity ? () => 0 : measure);
const positionOf = (row: Row): PagePosition => ({createdAt: row.created_at, id: Number(row.id)});

/** The reader's list pages and branch pages, over Kysely: indexed range reads only, never a whole branch. */
export function createPageReader(db: Kysely<Schema>) {
  const replies = () => db.selectFrom('comments').select(columns).where('parent', 'is not', null).where(listed);

  /** The first `n` replies of each branch, in one statement (each part reads its branch's index range only). */
  async function firstReplies(roots: readonly number[], n?: number): Promise<Map<number, Row[]>> {
    const branch = (root: number) => replies().where('root', '=', root).orderBy('created_at').orderBy('id');
    const part = (root: number) => db.selectFrom((n === undefined ? branch(root) : branch(root).limit(n)).as('b')).selectAll();
    let query = part(roots[0]!);
    for (const root of roots.slice(1)) query = query.unionAll(part(root));
    const byRoot = new Map<number, Row[]>(roots.map((r) => [r, []]));
    for (const row of await query.execute()) byRoot.get(Number(row.root))?.push(row);
    // A union keeps no order: each branch is put back in its own.
    for (const list of byRoot.values()) list.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : Number(a.id) - Number(b.id)));
    return byRoot;
  }

  async function replyCounts(roots: readonly number[]): Promise<Map<number, number>> {
    const counts = new Map<number, number>(roots.map((r) => [r, 0]));
    if (roots.length === 0) return counts;
    const rows = await db.selectFrom('comments').select(['root', (eb) => eb.fn.countAll().as('n')])
      .where('root', 'in', [...roots]).where('parent', 'is not', null).where(listed).groupBy('root').execute();
    for (const row of rows) counts.set(Number(row.root), Number(row.n));
    return counts;
  }

  async function readRoots(thread: string, {order, limit, after}: PageQuery): Promise<Row[]> {
    // Placeholders of deleted comments are listed too, so the replies under them stay in place.
    let roots = db.selectFrom('comments').select(columns).where('thread', '=', thread).where('parent', 'is', null).where(listed);
    if (order === 'top') {
      // Votes up minus down, then oldest first; the cursor carries the score the last root had.
      // In bigint, so neither the difference nor a comparison with the cursor's score can leave int4 on Postgres.
      const score = sql<number>`(cast(votes_up as bigint) - cast(votes_down as bigint))`;
      if (after) {
        const {createdAt, id} = after;
        const s = after.score ?? 0;
        roots = roots.where(({eb, or, and, refTuple, tuple}) => or([
          eb(score, '<', s),
          and([eb(score, '=', s), eb(refTuple('created_at', 'id'), '>', tuple(createdAt, id))]),
        ]));
      }
      return roots.orderBy(score, 'desc').orderBy('created_at', 'asc').orderBy('id', 'asc').limit(limit + 1).execute();
    }
    if (after) {
      roots = roots.where(({eb, refTuple, tuple}) => eb(refTuple('created_at', 'id'), order === 'oldest' ? '>' : '<', tuple(after.createdAt, after.id)));
    }
    const direction = order === 'oldest' ? 'asc' : 'desc';
    return roots.orderBy('created_at', direction).orderBy('id', direction).limit(limit + 1).execute();
  }

  return {
    async listPage(thread: string, query: PageQuery): Promise<StoredPage> {
      const {order, limit, replies: perBranch, maxBytes = Infinity} = query;
      const bytesOf = sizer(query);
      const [found, total] = await Promise.all([readRoots(thread, query), countOne(thread)]);
      const more = found.length > limit;
      if (more) found.length = limit;
      const ids = found.map((r) => Number(r.id));
      const counts = await replyCounts(ids);
      const comments: Comment[] = [];
      let bytes = 0;
      let last: Row | undefined;
      let full = false;
      for (let start = 0; start < found.length && !full; start += BRANCHES_PER_READ) {
        const chunk = found.slice(start, start + BRANCHES_PER_READ);
        const withReplies = perBranch === 0 ? [] : chunk.map((r) => Number(r.id)).filter((id) => counts.get(id)! > 0);
        const byRoot = withReplies.length === 0 ? new Map<number, Row[]>() : await firstReplies(withReplies, perBranch);
        for (const row of chunk) {
          const replyCount = counts.get(Number(row.id))!;
          const root: Comment = {...toComment(row), replyCount};
          const size = bytesOf(root) + REPLY_NEXT_BYTES;
          if (comments.length > 0 && bytes + size > maxBytes) {
            full = true;
            break;
          }
          comments.push(root);
          bytes += size;
          last = row;
          let shown: Row | undefined;
          let given = 0;
          for (const reply of byRoot.get(Number(row.id)) ?? []) {
            const comment = toComment(reply);
            const replySize = bytesOf(comment);
            if (bytes + replySize > maxBytes) {
              full = true;
              break;
            }
            comments.push(comment);
            bytes += replySize;
            shown = reply;
            given++;
          }
          if (given < replyCount) root.replyNext = encodeCursor(shown ? positionOf(shown) : BRANCH_START);
          if (full) break;
        }
      }
      // A page cut short by its bytes goes on after its last top-level comment (whose other replies `replyNext` reaches),
      // unless that was the thread's last: then there is no next page, only the branch.
      const next = last && (more || last !== found.at(-1)) ? {...(order === 'top' ? {score: Number(last.votes_up) - Number(last.votes_down)} : {}), ...positionOf(last)} : null;
      return {comments, next, total};
    },

    async branchPage(thread: string, root: string, query: BranchQuery): Promise<StoredBranch | null> {
      const {limit, after, maxBytes = Infinity} = query;
      const bytesOf = sizer(query);
      if (!/^[1-9]\d{0,14}$/.test(root)) return null;
      const id = Number(root);
      const top = await db.selectFrom('comments').select('id').where('id', '=', id).where('thread', '=', thread).where('parent', 'is', null).where(listed).executeTakeFirst();
      if (!top) return null;
      const from = after ?? BRANCH_START;
      const rows = await replies().where('root', '=', id)
        .where(({eb, refTuple, tuple}) => eb(refTuple('created_at', 'id'), '>', tuple(from.createdAt, from.id)))
        .orderBy('created_at').orderBy('id').limit(limit + 1).execute();
      const comments: Comment[] = [];
      let bytes = 0;
      for (const row of rows.slice(0, limit)) {
        const comment = toComment(row);
        const size = bytesOf(comment);
        if (comments.length > 0 && bytes + size > maxBytes) break;
        comments.push(comment);
        bytes += size;
      }
      const more = rows.length > comments.length;
      return {comments, next: more ? positionOf(rows[comments.length - 1]!) : null};
    },
  };

  async function countOne(thread: string): Promise<number> {
    const row = await db.selectFrom('comments').select((eb) => eb.fn.countAll().as('n'))
      .where('thread', '=', thread).where('status', '=', 'published').executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
