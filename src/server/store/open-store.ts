import type {CommentStore} from './comment-store.js';
import {openPostgresStore} from './kysely/postgres.js';
import {openSqliteStore} from './kysely/sqlite.js';

/** Where the comments live: a Postgres URL when one is given, else the SQLite file. */
export interface StoreSettings {
  databaseUrl?: string | undefined;
  dbPath: string;
}

/** Opens the store the settings name, creating and migrating its schema. */
export function openStore({databaseUrl, dbPath}: StoreSettings): Promise<CommentStore> {
  return databaseUrl ? openPostgresStore(databaseUrl) : openSqliteStore(dbPath);
}
