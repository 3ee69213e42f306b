import Database from 'better-sqlite3';
import pg from 'pg';
import {openStore} from '../../src/server/store/open-store.js';
import {freshDatabase, postgresBinDir, startCluster} from '../../tests/lib/postgres.js';

/** A Postgres database holding the same comments as a seeded SQLite file, on a temporary cluster. */
export interface SeededPostgres {
  url: string;
  ms: number;
  stop(): void;
}

const columns = ['id', 'thread', 'parent', 'root', 'author', 'email', 'website', 'body', 'created_at', 'status', 'ip'] as const;

/**
 * Starts Debian's Postgres on a temporary data directory (as the tests do), creates Natter's schema through the store
 * and copies every comment from `sqlitePath`, ids included, so both stores serve the very same pages. Null when
 * Postgres is not installed.
 */
export async function copyToPostgres(sqlitePath: string): Promise<SeededPostgres | null> {
  if (!postgresBinDir()) return null;
  const started = performance.now();
  const cluster = await startCluster();
  try {
    const url = await freshDatabase(cluster.url);
    await (await openStore({databaseUrl: url, dbPath: ''})).close();
    const source = new Database(sqlitePath, {readonly: true});
    const client = new pg.Client({connectionString: url});
    await client.connect();
    try {
      const rows = source.prepare(`SELECT ${columns.join(', ')} FROM comments ORDER BY id`).raw().iterate() as IterableIterator<unknown[]>;
      let batch: unknown[][] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const values = batch.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
        await client.query(`INSERT INTO comments (${columns.join(', ')}) OVERRIDING SYSTEM VALUE VALUES ${values}`, batch.flat());
        batch = [];
      };
      await client.query('BEGIN');
      for (const row of rows) {
        batch.push(row);
        if (batch.length === 1000) await flush();
      }
      await flush();
      await client.query(`SELECT setval(pg_get_serial_sequence('comments', 'id'), (SELECT MAX(id) FROM comments))`);
      await client.query('COMMIT');
      await client.query('ANALYZE comments');
    } finally {
      source.close();
      await client.end();
    }
    return {url, ms: Math.round(performance.now() - started), stop: () => cluster.stop()};
  } catch (error) {
    cluster.stop();
    throw error;
  }
}
