import {mkdirSync} from 'node:fs';
import {dirname} from 'node:path';
import Database from 'better-sqlite3';
import {Kysely, SqliteAdapter, SqliteDialect} from 'kysely';
import type {CommentStore, StoreChange} from '../comment-store.js';
import {createKyselyStore} from './kysely-store.js';
import {migrateToLatest} from './migrations.js';
import type {Schema} from './schema.js';

/** The last `PRAGMA user_version` the pre-Kysely store wrote; later versions live in natter_migrations. */
const legacyVersion = 1;
/** Written after migrating, so a Natter from before Kysely refuses the file instead of misreading it. */
const kyselyVersion = 2;

// SQLite runs DDL inside transactions fine; Kysely's adapter just doesn't claim it. Claiming it makes each migration
// all-or-nothing, as the pre-Kysely migrations were.
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}
class NatterSqliteDialect extends SqliteDialect {
  override createAdapter(): SqliteAdapter {
    return new TransactionalSqliteAdapter();
  }
}

/** The Kysely dialect for a better-sqlite3 handle, with each migration in one transaction. */
export function sqliteDialect(database: Database.Database): SqliteDialect {
  return new NatterSqliteDialect({database});
}

/** Opens (creating and migrating) the SQLite file at `path`. Acknowledged writes survive a crash or power cut. */
export async function openSqliteStore(path: string, {watchMs = 250, busyTimeoutMs = 5000}: {watchMs?: number; busyTimeoutMs?: number} = {}): Promise<CommentStore> {
  if (path !== ':memory:') mkdirSync(dirname(path), {recursive: true});
  const database = new Database(path);
  let db: Kysely<Schema> | undefined;
  try {
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
    // How long a write waits for another connection's lock before the request is answered 503 (to retry).
    database.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    const version = database.pragma('user_version', {simple: true}) as number;
    if (version > kyselyVersion) {
      throw new Error(`The database is at schema version ${version}, but this Natter knows only up to ${kyselyVersion}. Upgrade Natter, or use another --db.`);
    }
    db = new Kysely<Schema>({dialect: sqliteDialect(database)});
    await migrateToLatest(db, 'sqlite');
    if (version <= legacyVersion) database.pragma(`user_version = ${kyselyVersion}`);
  } catch (error) {
    await db?.destroy();
    if (database.open) database.close();
    throw error;
  }
  const kysely = db;

  const listeners = new Set<(change: StoreChange) => void>();
  // data_version moves when another connection (a moderation tool, a second process) commits to the file; this
  // process's own writes reach the cache through service events instead.
  let seen = database.pragma('data_version', {simple: true}) as number;
  const timer = setInterval(() => {
    if (!database.open || listeners.size === 0) return;
    const now = database.pragma('data_version', {simple: true}) as number;
    if (now === seen) return;
    seen = now;
    for (const listener of listeners) listener({thread: null});
  }, watchMs);
  timer.unref();

  return createKyselyStore(kysely, {
    engine: 'sqlite',
    announce: async () => {},
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    isBusy: (error) => typeof (error as {code?: unknown})?.code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test((error as {code: string}).code),
    async close() {
      clearInterval(timer);
      listeners.clear();
      await kysely.destroy();
      if (database.open) database.close();
    },
  });
}
