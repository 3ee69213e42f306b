import type {Database} from 'better-sqlite3';

/** One step of the schema. Versions only grow; a released migration is never edited, only followed by a new one. */
export interface Migration {
  version: number;
  up(db: Database): void;
}

/** The schema, oldest first. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    up(db) {
      db.exec(`
        CREATE TABLE comments (
          id INTEGER PRIMARY KEY,
          thread TEXT NOT NULL,
          parent INTEGER REFERENCES comments(id),
          -- The top-level ancestor (itself for a top-level comment), so a page fetches whole conversations in one query.
          root INTEGER NOT NULL REFERENCES comments(id),
          author TEXT NOT NULL,
          email TEXT,
          website TEXT,
          body TEXT NOT NULL,
          created_at TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('published', 'pending')),
          ip TEXT
        );
        CREATE INDEX comments_roots ON comments (thread, created_at, id) WHERE parent IS NULL AND status = 'published';
        CREATE INDEX comments_by_root ON comments (root, created_at, id);
        CREATE INDEX comments_by_thread_status ON comments (thread, status);

        CREATE TABLE idempotency_keys (
          key TEXT PRIMARY KEY,
          request_hash TEXT NOT NULL,
          comment_id INTEGER NOT NULL REFERENCES comments(id),
          created_at TEXT NOT NULL
        );
      `);
    },
  },
];

/** Brings the database up to the newest version in one transaction, recording it in `PRAGMA user_version`. */
export function migrate(db: Database, steps: readonly Migration[] = migrations): void {
  const latest = steps.reduce((max, m) => Math.max(max, m.version), 0);
  db.transaction(() => {
    const current = db.pragma('user_version', {simple: true}) as number;
    if (current > latest) {
      throw new Error(`The database is at schema version ${current}, but this Natter knows only up to ${latest}. Upgrade Natter, or use another --db.`);
    }
    for (const step of [...steps].sort((a, b) => a.version - b.version)) {
      if (step.version <= current) continue;
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    }
  }).immediate();
}
