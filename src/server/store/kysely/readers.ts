import {sql} from 'kysely';
import type {Kysely} from 'kysely';
import type {ReadersStore} from '../readers-store.js';
import type {Schema} from './schema.js';
import {commentColumns, toComment} from './to-comment.js';

const validId = (id: string) => /^[1-9]\d{0,14}$/.test(id);

export function createReadersStore(db: Kysely<Schema>): ReadersStore {
  // Replies that hold a comment in place: a spam reply is never shown, so it must not lock its parent's author out.
  const replies = sql<number>`(select count(*) from comments r where r.parent = comments.id and r.status != 'spam')`;
  return {
    async owned(id) {
      if (!validId(id)) return null;
      const row = await db.selectFrom('comments').select([...commentColumns, 'token_hash', 'email', 'spam_check', replies.as('replies')])
        .where('id', '=', Number(id)).executeTakeFirst();
      if (!row) return null;
      return {comment: toComment(row), status: row.status, tokenHash: row.token_hash, email: row.email, replies: Number(row.replies), spamCheck: row.spam_check};
    },

    async edit(id, {body, bodyHash, status, reasons, spamCheck, editedAt, createdAfter}) {
      if (!validId(id)) return null;
      // One statement: a reply or the window's end that came after the service's checks still refuses the edit.
      const row = await db.updateTable('comments')
        .set({body, body_hash: bodyHash, status, spam_check: spamCheck, edited_at: editedAt, ...(reasons === undefined ? {} : {reasons})})
        .where('id', '=', Number(id)).where('status', '!=', 'deleted').where('created_at', '>', createdAfter)
        .where(sql<boolean>`${replies} = 0`)
        .returning(commentColumns).executeTakeFirst();
      return row ? toComment(row) : null;
    },

    async vote(id, {voter, ipHash, value, maxPerIp, now}) {
      if (!validId(id)) return {kind: 'not_found'};
      const commentId = Number(id);
      return db.transaction().execute(async (trx) => {
        // Writes first: locks the comment's row (pg) or the database (SQLite), so two votes on one comment count in
        // turn and the per-address limit can't be raced past.
        const target = await trx.updateTable('comments').set({votes_up: sql`votes_up`}).where('id', '=', commentId)
          .returning(['thread', 'status', 'votes_up', 'votes_down']).executeTakeFirst();
        if (target?.status !== 'published') return {kind: 'not_found'} as const;
        const earlier = await trx.selectFrom('votes').select('value').where('comment_id', '=', commentId).where('voter', '=', voter).executeTakeFirst();
        const before = earlier ? Number(earlier.value) : 0;
        const votes = {up: Number(target.votes_up), down: Number(target.votes_down)};
        if (before === value) return {kind: 'voted', thread: target.thread, votes, changed: false} as const;
        if (value === 0) {
          await trx.deleteFrom('votes').where('comment_id', '=', commentId).where('voter', '=', voter).execute();
        } else if (earlier) {
          await trx.updateTable('votes').set({value}).where('comment_id', '=', commentId).where('voter', '=', voter).execute();
        } else {
          // A new voter: a household shares an address, a script rotating voter keys does too.
          const others = await trx.selectFrom('votes').select((eb) => eb.fn.countAll().as('n'))
            .where('comment_id', '=', commentId).where('ip_hash', '=', ipHash).executeTakeFirstOrThrow();
          if (Number(others.n) >= maxPerIp) return {kind: 'limit'} as const;
          await trx.insertInto('votes').values({comment_id: commentId, voter, ip_hash: ipHash, value, created_at: now}).execute();
        }
        votes.up += (value === 1 ? 1 : 0) - (before === 1 ? 1 : 0);
        votes.down += (value === -1 ? 1 : 0) - (before === -1 ? 1 : 0);
        await trx.updateTable('comments').set({votes_up: votes.up, votes_down: votes.down}).where('id', '=', commentId).execute();
        return {kind: 'voted', thread: target.thread, votes, changed: true} as const;
      });
    },
  };
}
