import {sql} from 'kysely';
import type {Kysely, Migration} from 'kysely';
import type {StoreEngine} from '../../comment-store.js';

// Opens the schema to the owner's side: comments may be spam or a deleted placeholder, an owner may reply, a comment
// may be edited or come from an import; threads get a row of their own (closed, title, URL) and the server a settings
// table. Frozen: a later change is a new migration.

type Db = Kysely<any>;

const STATUSES = sql`status in ('published', 'pending', 'spam', 'deleted')`;

export function statusesThreadsSettings(engine: StoreEngine): Migration {
  return {
    async up(db: Db) {
      if (engine === 'postgres') {
        await sql`alter table comments drop constraint if exists comments_status_check`.execute(db);
        await sql`alter table comments add constraint comments_status_check check (${STATUSES})`.execute(db);
      } else {
        await rebuildSqliteComments(db);
      }
      await db.schema.alterTable('comments').addColumn('owner', 'integer', (col) => col.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('comments').addColumn('edited_at', 'text').execute();
      // Where an imported comment came from, e.g. `disqus:1234`: a re-run finds it and adds nothing.
      await db.schema.alterTable('comments').addColumn('source', 'text').execute();
      // Sent to the spam checker; cleared with the IP address after the retention period.
      await db.schema.alterTable('comments').addColumn('user_agent', 'text').execute();
      await db.schema.alterTable('comments').addColumn('referrer', 'text').execute();
      await db.schema.createIndex('comments_source').unique().on('comments').column('source').where(sql.ref('source'), 'is not', null).execute();
      await db.schema.createIndex('comments_by_status').on('comments').columns(['status', 'created_at']).execute();

      await db.schema
        .createTable('threads')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('title', 'text')
        .addColumn('url', 'text')
        .addColumn('closed', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();

      // Authors whose comments go to spam: an email (lowercase) or an IP (IPv6 as its /64).
      await db.schema
        .createTable('bans')
        .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('email', 'ip')`))
        .addColumn('value', 'text', (col) => col.notNull())
        .addColumn('reason', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('bans_pk', ['kind', 'value'])
        .execute();

      // Server settings changed at run time (admin password hash, moderation settings), each value JSON.
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (col) => col.primaryKey())
        .addColumn('value', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();
    },
  };
}

/** SQLite can't alter a CHECK constraint: build the table anew beside the old one, keep every row and id, swap. */
async function rebuildSqliteComments(db: Db): Promise<void> {
  await db.schema
    .createTable('comments_new')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('thread', 'text', (col) => col.notNull())
    .addColumn('parent', 'integer', (col) => col.references('comments_new.id'))
    .addColumn('root', 'integer', (col) => col.references('comments_new.id'))
    .addColumn('author', 'text', (col) => col.notNull())
    .addColumn('email', 'text')
    .addColumn('website', 'text')
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(STATUSES))
    .addColumn('ip', 'text')
    .execute();
  await sql`insert into comments_new (id, thread, parent, root, author, email, website, body, created_at, status, ip)
    select id, thread, parent, root, author, email, website, body, created_at, status, ip from comments order by id`.execute(db);
  // The keys point at comments; rebuild them too so their foreign key names the new table after the swap.
  await db.schema
    .createTable('idempotency_keys_new')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('request_hash', 'text', (col) => col.notNull())
    .addColumn('comment_id', 'integer', (col) => col.notNull().references('comments_new.id'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await sql`insert into idempotency_keys_new select key, request_hash, comment_id, created_at from idempotency_keys`.execute(db);
  await db.schema.dropTable('idempotency_keys').execute();
  await db.schema.dropTable('comments').execute();
  await db.schema.alterTable('comments_new').renameTo('comments').execute();
  await db.schema.alterTable('idempotency_keys_new').renameTo('idempotency_keys').execute();
  await db.schema.createIndex('comments_roots').on('comments').columns(['thread', 'created_at', 'id'])
    .where(sql.ref('parent'), 'is', null).where(sql.ref('status'), '=', 'published').execute();
  await db.schema.createIndex('comments_by_root').on('comments').columns(['root', 'created_at', 'id']).execute();
  await db.schema.createIndex('comments_by_thread_status').on('comments').columns(['thread', 'status']).execute();
  await db.schema.createIndex('comments_ip_age').on('comments').column('created_at').where(sql.ref('ip'), 'is not', null).execute();
}
