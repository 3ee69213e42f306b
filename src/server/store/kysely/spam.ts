import {sql} from 'kysely';
import type {Kysely} from 'kysely';
import type {SpamCheckItem, SpamStore} from '../spam-store.js';
import type {Schema} from './schema.js';

export function createSpamStore(db: Kysely<Schema>): SpamStore {
  return {
    async approvedCount(email) {
      const row = await db.selectFrom('comments').select((eb) => eb.fn.countAll().as('n'))
        .where(sql`lower(email)`, '=', email.toLowerCase()).where('status', '=', 'published').executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async findDuplicate({bodyHash, since, email, ip, thread}) {
      const row = await db.selectFrom('comments').select(['id', 'email', 'ip'])
        .where('body_hash', '=', bodyHash).where('created_at', '>=', since)
        .where((eb) => {
          const or = [];
          if (email !== null) or.push(eb(sql`lower(email)`, '=', email.toLowerCase()));
          if (ip !== null) or.push(eb('ip', '=', ip));
          if (thread !== null) or.push(eb('thread', '=', thread));
          return or.length === 0 ? eb.val(false) : eb.or(or);
        })
        .orderBy('created_at', 'desc').limit(1).executeTakeFirst();
      if (!row) return null;
      const sameAuthor = (email !== null && row.email?.toLowerCase() === email.toLowerCase()) || (ip !== null && row.ip === ip);
      return {id: String(row.id), sameAuthor};
    },

    async due(limit) {
      const rows = await db.selectFrom('comments').select('id').where('spam_check', 'is not', null).orderBy('id').limit(limit).execute();
      return rows.map((r) => String(r.id));
    },

    async get(id) {
      if (!/^[1-9]\d{0,14}$/.test(id)) return null;
      const row = await db.selectFrom('comments')
        .select(['id', 'thread', 'author', 'email', 'website', 'body', 'created_at', 'status', 'ip', 'user_agent', 'referrer', 'spam_check', 'reasons'])
        .where('id', '=', Number(id)).executeTakeFirst();
      if (!row) return null;
      const item: SpamCheckItem = {
        id: String(row.id), thread: row.thread, author: row.author, email: row.email, website: row.website, body: row.body,
        createdAt: row.created_at, status: row.status, ip: row.ip, userAgent: row.user_agent, referrer: row.referrer,
        check: row.spam_check, reasons: row.reasons,
      };
      return item;
    },

    async settle(id, {to, reason, body}) {
      const reasons = sql<string>`case when reasons is null or reasons = '' then ${reason} else reasons || ${`\n${reason}`} end`;
      // Only a comment still pending moves: an owner who approved or removed it meanwhile has the last word. And only
      // the text that was checked: a verdict on what the author wrote before an edit says nothing about the edit.
      if (to !== null) {
        const moved = await db.updateTable('comments').set({status: to, spam_check: null, reasons})
          .where('id', '=', Number(id)).where('spam_check', 'is not', null).where('status', '=', 'pending').where('body', '=', body).executeTakeFirst();
        if (Number(moved.numUpdatedRows) > 0) return true;
      }
      await db.updateTable('comments').set({spam_check: null, reasons}).where('id', '=', Number(id)).where('spam_check', 'is not', null)
        .where('body', '=', body).execute();
      return false;
    },
  };
}
