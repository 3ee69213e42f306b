import {sql} from 'kysely';
import type {Kysely, Migration, SqlBool} from 'kysely';
import type {StoreEngine} from '../../comment-store.js';

// The owner's sign-in: one row per admin session, kept by the SHA-256 of its cookie (a stolen copy of the database
// holds no usable cookie). Also an index for the lists, which now show deleted placeholders beside published
// comments. Frozen: a later change is a new migration.

type Db = Kysely<any>;

export function admin(_engine: StoreEngine): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .createTable('admin_sessions')
        .addColumn('id_hash', 'text', (col) => col.primaryKey())
        .addColumn('csrf', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('expires_at', 'text', (col) => col.notNull())
        .addColumn('ip', 'text')
        .execute();
      await db.schema.createIndex('admin_sessions_expiry').on('admin_sessions').column('expires_at').execute();
      // The reader's list: top-level comments that are shown (published, or a placeholder that keeps its replies).
      await db.schema.createIndex('comments_visible_roots').on('comments').columns(['thread', 'created_at', 'id'])
        .where(sql.ref('parent'), 'is', null).where(sql<SqlBool>`status in ('published', 'deleted')`).execute();
      // The admin lists: newest first across every thread.
      await db.schema.createIndex('comments_by_created').on('comments').columns(['created_at', 'id']).execute();
      await db.schema.createIndex('comments_by_parent').on('comments').column('parent').execute();
    },
  };
}
