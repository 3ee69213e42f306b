import {sql} from 'kysely';
import type {Kysely} from 'kysely';
import type {LiveEvent} from '../../../adapters/adapter.js';
import type {StoreEngine} from '../comment-store.js';
import type {LiveStore} from '../live-store.js';
import type {Schema} from './schema.js';

// One advisory lock for every appender on the database ("natter live" as digits); any constant not used elsewhere.
const appendLock = 6_272_617_406_540_102;

// The largest seq ever pruned, kept with the server's settings.
const prunedKey = 'live.pruned';

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

    async bounds(thread) {
      const [log, pruned, own] = await Promise.all([
        db.selectFrom('live_events').select((eb) => eb.fn.max('seq').as('last')).executeTakeFirst(),
        db.selectFrom('settings').select('value').where('key', '=', prunedKey).executeTakeFirst(),
        thread === undefined
          ? Promise.resolve(undefined)
          : db.selectFrom('live_events').select((eb) => eb.fn.max('seq').as('last')).where('thread', '=', thread).executeTakeFirst(),
      ]);
      return {last: Number(log?.last ?? 0), pruned: pruned ? Number(JSON.parse(pruned.value)) : 0, threadLast: Number(own?.last ?? 0)};
    },

    async since(after, {thread, limit}) {
      let query = db.selectFrom('live_events').select(['seq', 'thread', 'data']).where('seq', '>', after);
      if (thread !== undefined) query = query.where('thread', '=', thread);
      const rows = await query.orderBy('seq').limit(limit).execute();
      return rows.map((row) => ({seq: Number(row.seq), thread: row.thread, event: JSON.parse(row.data) as LiveEvent}));
    },

    async prune(before) {
      return db.transaction().execute(async (trx) => {
        // Under the append lock, so no thread gains a newer event (making its old newest prunable) midway.
        if (engine === 'postgres') await sql`select pg_advisory_xact_lock(${appendLock})`.execute(trx);
        const prunable = trx.selectFrom('live_events').where('created_at', '<', before)
          .where('seq', 'not in', (eb) => eb.selectFrom('live_events').select((e) => e.fn.max('seq').as('m')).groupBy('thread'));
        const top = await prunable.select((eb) => [eb.fn.max('seq').as('top'), eb.fn.countAll().as('n')]).executeTakeFirst();
        if (!top || top.top == null) return 0;
        const through = Number(top.top);
        await trx.deleteFrom('live_events').where('created_at', '<', before).where('seq', '<=', through)
          .where('seq', 'not in', (eb) => eb.selectFrom('live_events').select((e) => e.fn.max('seq').as('m')).groupBy('thread'))
          .execute();
        // A stream resuming before this point may have missed something of its thread, and gets a reset.
        const old = await trx.selectFrom('settings').select('value').where('key', '=', prunedKey).executeTakeFirst();
        const value = JSON.stringify(Math.max(through, old ? Number(JSON.parse(old.value)) : 0));
        await trx.insertInto('settings').values({key: prunedKey, value, updated_at: new Date().toISOString()})
          .onConflict((oc) => oc.column('key').doUpdateSet({value})).execute();
        return Number(top.n);
      });
    },
  };
}
