import {sql} from 'kysely';
import type {Kysely, Migration} from 'kysely';
import type {StoreEngine} from '../../comment-store.js';

// Reply subscriptions are confirmed per comment, not per address: an address confirmed once no longer makes every
// later comment written with it a watch (anyone can type an address), so a watch has its own `confirmed` flag. And
// an address is mailed at most one confirmation per day, whatever is posted with it: `confirm_mailed_at` (ms) is
// when the last one was queued. Watches of addresses already confirmed were confirmed under the old rule and stay
// so. Frozen: a later change is a new migration.

type Db = Kysely<any>;

export function notifyFixes(engine: StoreEngine): Migration {
  const big = engine === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Db) {
      await db.schema.alterTable('notify_watches').addColumn('confirmed', 'integer', (col) => col.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('notify_emails').addColumn('confirm_mailed_at', big as 'integer').execute();
      await sql`update notify_watches set confirmed = 1 where email in (select email from notify_emails where state = 'confirmed')`.execute(db);
    },
  };
}
