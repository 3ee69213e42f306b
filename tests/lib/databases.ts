// Each suite runs on every store engine the machine has: SQLite always, Postgres when installed (required in CI).
import {join} from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type {StoreSettings} from '../../src/server/store/open-store.js';
import {freshDatabase, postgresAdminUrl} from './postgres.js';

export type Engine = 'sqlite' | 'postgres';

const adminUrl = await postgresAdminUrl();

/** The engines to run the suites on. */
export const engines: Engine[] = adminUrl ? ['sqlite', 'postgres'] : ['sqlite'];

/** A fresh empty database for one store, and a side door for tests to read (or change) it as another client would. */
export interface TestDatabase {
  engine: Engine;
  settings: StoreSettings;
  /** Runs SQL on its own connection, `?` placeholders on both engines. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

let serial = 0;

/** A new database of `engine`; a SQLite file goes in `dir`. */
export async function makeDatabase(engine: Engine, dir: string): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dbPath = join(dir, `natter-${process.pid}-${++serial}.db`);
    return {
      engine,
      settings: {dbPath},
      async query<T>(text: string, params: unknown[] = []) {
        const db = new Database(dbPath);
        try {
          const statement = db.prepare(text);
          return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[];
        } finally {
          db.close();
        }
      },
    };
  }
  if (!adminUrl) throw new Error('Postgres is not available on this machine');
  const databaseUrl = await freshDatabase(adminUrl);
  return {
    engine,
    settings: {databaseUrl, dbPath: join(dir, 'unused.db')},
    async query<T>(text: string, params: unknown[] = []) {
      let n = 0;
      // Counts and ids (int8) as numbers, as SQLite gives them, for this side door only.
      const types = {getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format))};
      const client = new pg.Client({connectionString: databaseUrl, types: types as pg.CustomTypesConfig});
      await client.connect();
      try {
        return (await client.query(text.replace(/\?/g, () => `$${++n}`), params)).rows as T[];
      } finally {
        await client.end();
      }
    },
  };
}
