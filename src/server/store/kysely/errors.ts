/** A foreign-key violation, as pg (23503) or better-sqlite3 reports it. */
export function isForeignKeyError(error: unknown): boolean {
  const code = (error as {code?: unknown})?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
