import type {Kysely, Migration} from 'kysely';

// The idempotency keys of comments a moderator removed entirely. A widget that never got the answer to its post
// resends it with the same key; without this it would be stored again, as if new.
export function removedKeys(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('removed_keys')
        .addColumn('key', 'text', (col) => col.primaryKey())
        .addColumn('request_hash', 'text', (col) => col.notNull())
        .addColumn('removed_at', 'text', (col) => col.notNull())
        .execute();
    },
  };
}
