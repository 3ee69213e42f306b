import {Migrator, sql} from 'kysely';
import type {Kysely, Migration, MigrationProvider} from 'kysely';
import type {StoreEngine} from '../comment-store.js';
import {laterMigrations} from './migrations/index.js';

// Migrations live in code, named so they sort in order. A released migration is never edited, only followed by a
// new one. Each runs in a transaction on both engines (SQLite has transactional DDL too; see sqlite.ts).

type Db = Kysely<any>;

/** The comments table in its current shape, under `name` (the legacy SQLite upgrade builds it beside the old one). */
function createComments(db: Db, engine: StoreEngine, name: string) {
  const idType = engine === 'postgres' ? 'bigint' : 'integer';
  return db.schema
    .createTable(name)
    .addColumn('id', idType, (col) => (engine === 'postgres' ? col.primaryKey().generatedAlwaysAsIdentity() : col.primaryKey().autoIncrement()))
    .addColumn('thread', 'text', (col) => col.notNull())
    .addColumn('parent', idType, (col) => col.references(`${name}.id`))
    .addColumn('root', idType, (col) => col.references(`${name}.id`))
    .addColumn('author', 'text', (col) => col.notNull())
    .addColumn('email', 'text')
    .addColumn('website', 'text')
    .addColumn('body', 'text', (col) => col.notNull())
    // ISO times compare as bytes, whatever the database's default collation is.
    .addColumn('created_at', engine === 'postgres' ? sql`text collate "C"` : 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('published', 'pending')`))
    .addColumn('ip', 'text');
}

function createKeys(db: Db, engine: StoreEngine, name: string, comments: string) {
  return db.schema
    .createTable(name)
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('request_hash', 'text', (col) => col.notNull())
    .addColumn('comment_id', engine === 'postgres' ? 'bigint' : 'integer', (col) => col.notNull().references(`${comments}.id`))
    .addColumn('created_at', 'text', (col) => col.notNull());
}

async function createIndexes(db: Db): Promise<void> {
  await db.schema.createIndex('comments_roots').on('comments').columns(['thread', 'created_at', 'id'])
    .where(sql.ref('parent'), 'is', null).where(sql.ref('status'), '=', 'published').execute();
  await db.schema.createIndex('comments_by_root').on('comments').columns(['root', 'created_at', 'id']).execute();
  await db.schema.createIndex('comments_by_thread_status').on('comments').columns(['thread', 'status']).execute();
  await db.schema.createIndex('comments_ip_age').on('comments').column('created_at').where(sql.ref('ip'), 'is not', null).execute();
}

/** The schema, oldest first. */
export function migrations(engine: StoreEngine): Record<string, Migration> {
  return {
    '0001-comments': {
      async up(db) {
        const legacy = (await db.introspection.getTables()).some((t) => t.name === 'comments');
        if (!legacy) {
          await createComments(db, engine, 'comments').execute();
          await createKeys(db, engine, 'idempotency_keys', 'comments').execute();
          await createIndexes(db);
          return;
        }
        // A SQLite file from before Kysely (PRAGMA user_version 1): ids were MAX(id)+1 and root was NOT NULL.
        // Rebuild both tables in the new shape, keeping every row and id, then swap them in.
        await createComments(db, engine, 'comments_new').execute();
        await sql`insert into comments_new (id, thread, parent, root, author, email, website, body, created_at, status, ip)
          select id, thread, parent, root, author, email, website, body, created_at, status, ip from comments order by id`.execute(db);
        await createKeys(db, engine, 'idempotency_keys_new', 'comments_new').execute();
        await sql`insert into idempotency_keys_new select key, request_hash, comment_id, created_at from idempotency_keys`.execute(db);
        await db.schema.dropTable('idempotency_keys').execute();
        await db.schema.dropTable('comments').execute();
        await db.schema.alterTable('comments_new').renameTo('comments').execute();
        await db.schema.alterTable('idempotency_keys_new').renameTo('idempotency_keys').execute();
        await createIndexes(db);
      },
    },
    '0002-rate-limits': {
      async up(db) {
        await db.schema
          .createTable('rate_limits')
          .addColumn('key', 'text', (col) => col.primaryKey())
          .addColumn('hits', 'text', (col) => col.notNull())
          .addColumn('updated_at', 'bigint', (col) => col.notNull())
          .execute();
      },
    },
    ...laterMigrations(engine),
  };
}

/** Brings the database up to the newest schema. Refuses one written by a newer Natter, naming what it found. */
export async function migrateToLatest(db: Db, engine: StoreEngine, steps: Record<string, Migration> = migrations(engine)): Promise<void> {
  const provider: MigrationProvider = {getMigrations: async () => steps};
  const {error, results} = await new Migrator({db, provider, migrationTableName: 'natter_migrations', migrationLockTableName: 'natter_migrations_lock'}).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const message = error instanceof Error ? error.message : String(error);
    if (/missing/i.test(message)) {
      throw new Error(`The database has schema changes this Natter doesn't know (${message}). Upgrade Natter, or use another database.`, {cause: error});
    }
    throw new Error(`Migrating the database failed${failed ? ` at ${failed}` : ''}: ${message}`, {cause: error});
  }
}
