import {sql} from 'kysely';
import type {Kysely, Migration, SqlBool} from 'kysely';

// Replies in pages: a list shows each branch's oldest replies and their count, and the rest comes a page at a time.
// The index holds exactly the replies a reader sees, in branch order, so a branch's first replies, the page after a
// cursor and its count are all range reads of it, whatever the branch's size. Frozen: a later change is a new migration.

export function replyPages(): Migration {
  return {
    async up(db: Kysely<any>) {
      // The queries spell the same literal condition (kysely-store.ts), which is how SQLite knows it may use a partial index.
      await db.schema.createIndex('comments_visible_replies').on('comments').columns(['root', 'created_at', 'id'])
        .where(sql.ref('parent'), 'is not', null).where(sql<SqlBool>`status in ('published', 'deleted')`).execute();
    },
  };
}
