import {sql} from 'kysely';
import type {Kysely, Migration} from 'kysely';

// The spam side of a comment: why it was held (shown in admin), whether the spam checker still has to look at it,
// and a hash of its normalised text for the duplicate check. Frozen: a later change is a new migration.

type Db = Kysely<any>;

export function spam(): Migration {
  return {
    async up(db: Db) {
      // Plain text, one reason per line, e.g. "4 links (more than 3)"; null for a comment nothing held.
      await db.schema.alterTable('comments').addColumn('reasons', 'text').execute();
      // 'publish' or 'hold': the checker (Akismet) has yet to look at it, and what a "not spam" answer does.
      // Written with the comment, so a crash between the insert and the check never publishes it unchecked.
      await db.schema.alterTable('comments').addColumn('spam_check', 'text', (col) => col.check(sql`spam_check in ('publish', 'hold')`)).execute();
      await db.schema.alterTable('comments').addColumn('body_hash', 'text').execute();
      await db.schema.createIndex('comments_body_hash').on('comments').columns(['body_hash', 'created_at']).execute();
      await db.schema.createIndex('comments_spam_check').on('comments').column('spam_check').where(sql.ref('spam_check'), 'is not', null).execute();
      // The first-comment rule counts an email's approved comments on every post.
      await sql`create index comments_by_email on comments (lower(email), status)`.execute(db);
    },
  };
}
