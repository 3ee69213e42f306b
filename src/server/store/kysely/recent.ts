import type {Kysely} from 'kysely';
import type {Comment} from '../../../adapters/adapter.js';
import type {RecentStore} from '../recent-store.js';
import type {Schema} from './schema.js';

export function createRecentStore(db: Kysely<Schema>): RecentStore {
  return {
    async list({thread, since, limit}) {
      let query = db.selectFrom('comments')
        .select(['id', 'thread', 'parent', 'author', 'website', 'body', 'created_at', 'owner'])
        .where('status', '=', 'published');
      if (thread !== undefined) query = query.where('thread', '=', thread);
      if (since !== undefined) query = query.where('created_at', '>', since);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map((row): Comment => ({
        id: String(row.id),
        thread: row.thread,
        parent: row.parent === null ? null : String(row.parent),
        author: row.author,
        website: row.website,
        body: row.body,
        createdAt: row.created_at,
        status: 'published',
        ...(Number(row.owner) === 1 ? {owner: true as const} : {}),
      }));
    },
  };
}
