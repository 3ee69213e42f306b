import {sql} from 'kysely';
import type {Kysely} from 'kysely';
import type {LiveEvent} from '../../../adapters/adapter.js';
import type {StoreEngine} from '../comment-store.js';
import type {LiveStore} from '../live-store.js';
import type {Schema} from './schema.js';

// One advisory lock for every appender on the database ("natter live" as digits); any constant not used elsewhere.
const appendLock = 6_272_617_406_540_102;

export function createLiveStore(db: Kysely<Schema>, engine: StoreEngine): LiveStore {
  return {
    async append(thread, event, createdAt) {
      return db.transaction().execute(async (trx) => {
        // bigserial hands out seqs at insert time, but transactions commit in any order: a reader polling "seq > last"
        // could see 12 commit before 11 and never look back. Holding one lock to commit makes seq order commit order.
        // SQLite has one writer at a time already.
        if (engine === 'postgres') await sql`select pg_advisory_xact_lock(${appendLock})`.execute(trx);
        const row = await trx.insertInto('live_events')
          .values({thread, type: event.type, data: JSON.stringify(event), created_at: createdAt})
          .returning('seq').executeTakeFirstOrThrow();
        return Number(row.seq);
      });
    },

    async bounds() {
      const row = await db.selectFrom('live_events')
        .select((eb) => [eb.fn.min('seq').as('first'), eb.fn.max('seq').as('last')]).executeTakeFirst();
      return {first: row?.first == null ? null : Number(row.first), last: row?.last == null ? 0 : Number(row.last)};
    },

    async since(after, {thread, limit}) {
      let query = db.selectFrom('live_events').select(['seq', 'thread', 'data']).where('seq', '>', after);
      if (thread !== undefined) query = query.where('thread', '=', thread);
      const rows = await query.orderBy('seq').limit(limit).execute();
      return rows.map((row) => ({seq: Number(row.seq), thread: row.thread, event: JSON.parse(row.data) as LiveEvent}));
    },

    async prune(before) {
      const result = await db.deleteFrom('live_events')
        .where('created_at', '<', before)
        .where('seq', '<', (eb) => eb.selectFrom('live_events').select((e) => e.fn.max('seq').as('m')))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
