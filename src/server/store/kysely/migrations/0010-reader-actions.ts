import {sql} from 'kysely';
import type {Kysely, Migration} from 'kysely';
import type {StoreEngine} from '../../comment-store.js';

// What readers do to comments after posting them: edit and delete their own (by the hash of the owner token the
// post answered), vote, and follow a thread live. Frozen: a later change is a new migration.

type Db = Kysely<any>;

export function readerActions(engine: StoreEngine): Migration {
  const id = engine === 'postgres' ? 'bigint' : 'integer';
  const serial = engine === 'postgres' ? 'bigserial' : 'integer';
  return {
    async up(db: Db) {
      // SHA-256 (hex) of the owner token; null for imported, owner-written and older comments (nobody can edit them).
      await db.schema.alterTable('comments').addColumn('token_hash', 'text').execute();
      // Running totals, changed in the same transaction as the votes table, so a list never counts votes.
      await db.schema.alterTable('comments').addColumn('votes_up', 'integer', (col) => col.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('comments').addColumn('votes_down', 'integer', (col) => col.notNull().defaultTo(0)).execute();

      // One row per reader and comment: `voter` is an HMAC of the browser's random voter key, `ip_hash` one of its
      // address (IPv6 as its /64). The raw key and address are never stored.
      await db.schema
        .createTable('votes')
        .addColumn('comment_id', id as 'integer', (col) => col.notNull().references('comments.id').onDelete('cascade'))
        .addColumn('voter', 'text', (col) => col.notNull())
        .addColumn('ip_hash', 'text', (col) => col.notNull())
        .addColumn('value', 'integer', (col) => col.notNull().check(sql`value in (1, -1)`))
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('votes_pk', ['comment_id', 'voter'])
        .execute();
      await db.schema.createIndex('votes_by_ip').on('votes').columns(['comment_id', 'ip_hash']).execute();

      // The live log: what a reader's stream replays after Last-Event-ID. `seq` orders it across instances (appends
      // are serialised, so a later seq never commits before an earlier one); old rows are pruned.
      await db.schema
        .createTable('live_events')
        .addColumn('seq', serial as 'integer', (col) => (engine === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement()))
        .addColumn('thread', 'text', (col) => col.notNull())
        .addColumn('type', 'text', (col) => col.notNull().check(sql`type in ('created', 'updated', 'deleted', 'voted')`))
        // The LiveEvent as JSON: public fields only, never an email or IP address.
        .addColumn('data', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('live_events_by_thread').on('live_events').columns(['thread', 'seq']).execute();
      await db.schema.createIndex('live_events_by_time').on('live_events').column('created_at').execute();
    },
  };
}
