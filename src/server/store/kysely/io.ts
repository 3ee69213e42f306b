import {sql} from 'kysely';
import type {Kysely, Transaction} from 'kysely';
import type {StoreEngine} from '../comment-store.js';
import type {CommentRecord, ImportOutcome, ImportRow, IoStore, ThreadRecord} from '../io-store.js';
import type {Schema} from './schema.js';

/** Rows per statement where many go at once: well under SQLite's and pg's bound-parameter limits. */
const CHUNK = 400;

function chunks<T>(list: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Rows that an earlier run stored (same source, or the same comment at a kept id), else refused as id_taken. */
async function findExisting(trx: Transaction<Schema>, rows: readonly ImportRow[], placed: Map<string, {id: string; root: string}>, outcomes: Map<string, ImportOutcome>): Promise<void> {
  const sources = rows.flatMap((r) => (r.source === null ? [] : [r.source]));
  const bySource = new Map<string, {id: number | string; root: number | string | null}>();
  if (sources.length > 0) {
    for (const r of await trx.selectFrom('comments').select(['id', 'root', 'source']).where('source', 'in', sources).execute()) if (r.source !== null) bySource.set(r.source, r);
  }
  const ids = rows.flatMap((r) => (r.id === undefined ? [] : [Number(r.id)]));
  const byId = new Map<string, {id: number | string; root: number | string | null; thread: string; created_at: string}>();
  if (ids.length > 0) {
    for (const r of await trx.selectFrom('comments').select(['id', 'root', 'thread', 'created_at']).where('id', 'in', ids).execute()) byId.set(String(r.id), r);
  }
  for (const row of rows) {
    let same: {id: number | string; root: number | string | null} | undefined = row.source === null ? undefined : bySource.get(row.source);
    if (!same && row.id !== undefined) {
      const at = byId.get(row.id);
      if (at && at.thread === row.thread && at.created_at === row.createdAt) same = at;
    }
    if (same && same.root !== null) {
      placed.set(row.key, {id: String(same.id), root: String(same.root)});
      outcomes.set(row.key, {kind: 'existing', id: String(same.id)});
    } else {
      outcomes.set(row.key, {kind: 'id_taken'});
    }
  }
}

export function createIoStore(db: Kysely<Schema>, engine: StoreEngine): IoStore {
  // Threads sort by their bytes on both engines (pg's default collation may follow the locale), so an export is
  // the same file wherever it was made.
  const threadOrder = engine === 'postgres' ? sql`id collate "C"` : sql`id`;

  async function rootsOf(trx: Transaction<Schema>, ids: readonly string[]): Promise<Map<string, string>> {
    const roots = new Map<string, string>();
    for (const part of chunks([...new Set(ids)])) {
      const rows = await trx.selectFrom('comments').select(['id', 'root']).where('id', 'in', part.map(Number)).execute();
      for (const row of rows) if (row.root !== null) roots.set(String(row.id), String(row.root));
    }
    return roots;
  }

  return {
    async insertMany(rows) {
      return db.transaction().execute(async (trx) => {
        const outcomes = new Map<string, ImportOutcome>();
        // Where each row of this batch went, so a later row can name it as its parent.
        const placed = new Map<string, {id: string; root: string}>();
        const keys = new Set(rows.map((r) => r.key));
        const outside = await rootsOf(trx, rows.flatMap((r) => (r.parentId === null ? [] : [r.parentId])));
        const tops: number[] = [];
        let explicitIds = false;
        // Level by level: every row whose parent is placed goes in one multi-row statement (per chunk), then the
        // rows that reply to those, and so on; a prepared statement per row would cost more than the row.
        let pending = [...rows];
        while (pending.length > 0) {
          const ready: {row: ImportRow; parent: string | null; root: string | null}[] = [];
          const later: ImportRow[] = [];
          for (const row of pending) {
            if (row.parentKey !== null) {
              const above = placed.get(row.parentKey);
              if (above) ready.push({row, parent: above.id, root: above.root});
              else if (keys.has(row.parentKey) && !outcomes.has(row.parentKey)) later.push(row);
              else outcomes.set(row.key, {kind: 'parent_not_stored'});
            } else if (row.parentId !== null) {
              const root = outside.get(row.parentId);
              if (root === undefined) outcomes.set(row.key, {kind: 'parent_not_stored'});
              else ready.push({row, parent: row.parentId, root});
            } else {
              ready.push({row, parent: null, root: null});
            }
          }
          if (ready.length === 0) {
            for (const row of later) outcomes.set(row.key, {kind: 'parent_not_stored'});
            break;
          }
          for (const part of chunks(ready, 100)) {
            const restore = part.some(({row}) => row.id !== undefined || row.source === null);
            const insert = trx.insertInto('comments').values(part.map(({row, parent, root}) => ({
              ...(row.id === undefined ? {} : {id: Number(row.id)}),
              thread: row.thread, parent: parent === null ? null : Number(parent), root: root === null ? null : Number(root),
              author: row.author, email: row.email, website: row.website, body: row.body,
              created_at: row.createdAt, edited_at: row.editedAt, status: row.status, ip: null,
              owner: row.owner ? 1 : 0, source: row.source,
            })));
            // A kept id may clash too, so a restore catches any conflict; an import only its own source's.
            const guarded = restore
              ? insert.onConflict((oc) => oc.doNothing())
              : insert.onConflict((oc) => oc.column('source').where('source', 'is not', null).doNothing());
            const inserted = await guarded.returning(['id', 'source']).execute();
            const byId = new Map(inserted.map((r) => [String(r.id), r]));
            const bySource = new Map(inserted.flatMap((r) => (r.source === null ? [] : [[r.source, r] as const])));
            const missed: typeof part = [];
            for (const item of part) {
              const row = item.row;
              const got = row.id !== undefined ? byId.get(row.id) : row.source === null ? undefined : bySource.get(row.source);
              if (!got) {
                missed.push(item);
                continue;
              }
              const id = String(got.id);
              if (row.id !== undefined) explicitIds = true;
              if (item.parent === null) tops.push(Number(got.id));
              placed.set(row.key, {id, root: item.root ?? id});
              outcomes.set(row.key, {kind: 'created', id});
            }
            if (missed.length > 0) await findExisting(trx, missed.map((m) => m.row), placed, outcomes);
          }
          pending = later;
        }
        for (const part of chunks(tops)) {
          await trx.updateTable('comments').set({root: sql`id`}).where('id', 'in', part).execute();
        }
        if (explicitIds && engine === 'postgres') {
          await sql`select setval(pg_get_serial_sequence('comments', 'id'), (select max(id) from comments))`.execute(trx);
        }
        return outcomes;
      });
    },

    async existingSources(sources) {
      const found = new Set<string>();
      for (const part of chunks([...new Set(sources)])) {
        const rows = await db.selectFrom('comments').select('source').where('source', 'in', part).execute();
        for (const row of rows) if (row.source !== null) found.add(row.source);
      }
      return found;
    },

    async putThreads(threads) {
      for (const part of chunks(threads, 200)) {
        await db.insertInto('threads')
          .values(part.map((t) => ({id: t.id, title: t.title, url: t.url, closed: t.closed ? 1 : 0, created_at: t.createdAt})))
          .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({
            title: eb.fn.coalesce(eb.ref('excluded.title'), eb.ref('threads.title')),
            url: eb.fn.coalesce(eb.ref('excluded.url'), eb.ref('threads.url')),
            closed: sql<number>`case when excluded.closed = 1 then 1 else threads.closed end`,
          }))).execute();
      }
    },

    async threadPage(after, limit) {
      let query = db.selectFrom('threads').select(['id', 'title', 'url', 'closed', 'created_at']);
      if (after !== null) query = query.where(sql<boolean>`${threadOrder} > ${after}`);
      const rows = await query.orderBy(threadOrder).limit(limit).execute();
      return rows.map((r): ThreadRecord => ({id: r.id, title: r.title, url: r.url, closed: Number(r.closed) === 1, createdAt: r.created_at}));
    },

    async commentPage(after, limit, {emails}) {
      const rows = await db.selectFrom('comments')
        .select(['id', 'thread', 'parent', 'author', 'email', 'website', 'body', 'created_at', 'edited_at', 'status', 'owner', 'source'])
        .where('id', '>', after).orderBy('id').limit(limit).execute();
      return rows.map((r): CommentRecord => ({
        id: String(r.id), thread: r.thread, parent: r.parent === null ? null : String(r.parent), author: r.author,
        email: emails ? r.email : null, website: r.website, body: r.body, createdAt: r.created_at, editedAt: r.edited_at,
        status: r.status, owner: Number(r.owner) === 1, source: r.source,
      }));
    },
  };
}
