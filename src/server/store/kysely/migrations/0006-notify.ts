import {sql} from 'kysely';
import type {Kysely, Migration} from 'kysely';
import type {StoreEngine} from '../../comment-store.js';

// Mail and webhooks: one outbox table per channel (rows written after a comment's commit, sent in the background by
// whichever instance holds a row's lease), a delivery log, the commenters' reply subscriptions (double opt-in), and
// the nonces of mail links already used. Frozen: a later change is a new migration.

type Db = Kysely<any>;

export function notifyTables(engine: StoreEngine): Migration {
  const id = engine === 'postgres' ? 'bigserial' : 'integer';
  const big = engine === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Db) {
      for (const table of ['mail_outbox', 'webhook_outbox']) {
        await db.schema
          .createTable(table)
          .addColumn('id', id as 'integer', (col) => (engine === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement()))
          // What the row is for, e.g. `owner:12` or `reply:14:ada@example.org`: the same event never queues twice.
          .addColumn('dedupe_key', 'text', (col) => col.unique())
          .addColumn('kind', 'text', (col) => col.notNull())
          // The recipient's address (mail) or the receiver's URL (webhook).
          .addColumn('recipient', 'text', (col) => col.notNull())
          // JSON: the rendered message (mail) or the body to POST (webhook).
          .addColumn('payload', 'text', (col) => col.notNull())
          .addColumn('state', 'text', (col) => col.notNull().defaultTo('queued').check(sql`state in ('queued', 'sending', 'sent', 'failed', 'dropped')`))
          .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
          // ms since 1970: when the row is next due, and until when an instance's claim on it holds.
          .addColumn('next_at', big as 'integer', (col) => col.notNull())
          .addColumn('lease_until', big as 'integer')
          .addColumn('lease_owner', 'text')
          .addColumn('last_error', 'text')
          .addColumn('created_at', 'text', (col) => col.notNull())
          .addColumn('sent_at', 'text')
          .execute();
        await db.schema.createIndex(`${table}_due`).on(table).columns(['state', 'next_at']).execute();
      }

      await db.schema
        .createTable('notify_deliveries')
        .addColumn('id', id as 'integer', (col) => (engine === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement()))
        .addColumn('channel', 'text', (col) => col.notNull().check(sql`channel in ('mail', 'webhook')`))
        .addColumn('outbox_id', big as 'integer', (col) => col.notNull())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('attempt', 'integer', (col) => col.notNull())
        .addColumn('ok', 'integer', (col) => col.notNull())
        // The receiver's HTTP status (webhooks), or null when there was no answer.
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addColumn('duration_ms', 'integer', (col) => col.notNull())
        .addColumn('at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('notify_deliveries_by_channel').on('notify_deliveries').columns(['channel', 'id']).execute();

      // One row per commenter address that asked for reply mail: pending until the confirmation link is used.
      await db.schema
        .createTable('notify_emails')
        .addColumn('email', 'text', (col) => col.primaryKey())
        .addColumn('state', 'text', (col) => col.notNull().check(sql`state in ('pending', 'confirmed', 'unsubscribed')`))
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();
      // The comments whose replies an address wants to hear of.
      await db.schema
        .createTable('notify_watches')
        .addColumn('comment_id', big as 'integer', (col) => col.primaryKey())
        .addColumn('email', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('notify_watches_by_email').on('notify_watches').column('email').execute();

      // Single-use mail links: a nonce is written in the transaction that acts on it; kept until the link expires.
      await db.schema
        .createTable('used_nonces')
        .addColumn('nonce', 'text', (col) => col.primaryKey())
        .addColumn('purpose', 'text', (col) => col.notNull())
        .addColumn('expires_at', big as 'integer', (col) => col.notNull())
        .addColumn('used_at', 'text', (col) => col.notNull())
        .execute();
    },
  };
}
