import type {Kysely} from 'kysely';
import type {RecentStore} from '../recent-store.js';
import type {Schema} from './schema.js';
import {commentColumns, toComment} from './to-comment.js';

export function createRecentStore(db: Kysely<Schema>): RecentStore {
  return {
    async list({thread, since, limit}) {
      let query = db.selectFrom('comments')
        .select(commentColumns)
        .where('status', '=', 'published');
      if (thread !== undefined) query = query.where('thread', '=', thread);
      if (since !== undefined) query = query.where('created_at', '>', since);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toComment);
    },
  };
}
