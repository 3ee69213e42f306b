import {timingSafeEqual} from 'node:crypto';
import {sql} from 'kysely';
import type {Expression, Kysely, SqlBool} from 'kysely';
import type {AdminComment, AdminStore, Removal, ThreadSummary} from '../admin-store.js';
import type {Schema} from './schema.js';
import {isForeignKeyError} from './errors.js';
import {commentColumns, toComment, type CommentRow} from './to-comment.js';

const columns = [...commentColumns, 'email', 'ip', 'reasons'] as const;

interface Row extends CommentRow {
  email: string | null;
  ip: string | null;
  reasons: string | null;
  replies?: number | string | bigint | null;
}

const validId = (id: string) => /^[1-9]\d{0,14}$/.test(id);

/** `%text%` for LIKE, with the wildcards in `text` taken literally. */
const containing = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

export function createAdminStore(db: Kysely<Schema>): AdminStore {
  const selectAdmin = () =>
    db.selectFrom('comments').select(columns).select((eb) =>
      eb.selectFrom('comments as r').select((e) => e.fn.countAll().as('n')).whereRef('r.parent', '=', 'comments.id').as('replies'));

  return {
    async createSession(idHash, {csrf, createdAt, expiresAt, ip}) {
      await db.insertInto('admin_sessions').values({id_hash: idHash, csrf, created_at: createdAt, expires_at: expiresAt, ip}).execute();
    },
    async findSession(idHash, now) {
      const row = await db.selectFrom('admin_sessions').select(['id_hash', 'csrf', 'created_at', 'expires_at'])
        .where('id_hash', '=', idHash).where('expires_at', '>', now).executeTakeFirst();
      // The look-up went by hash; compare the whole hash once more in constant time, as every privileged check does.
      if (!row || row.id_hash.length !== idHash.length || !timingSafeEqual(Buffer.from(row.id_hash), Buffer.from(idHash))) return null;
      return {csrf: row.csrf, createdAt: row.created_at, expiresAt: row.expires_at};
    },
    async deleteSession(idHash) {
      await db.deleteFrom('admin_sessions').where('id_hash', '=', idHash).execute();
    },
    async endAllSessions() {
      await db.deleteFrom('admin_sessions').execute();
    },
    async purgeSessions(now) {
      const result = await db.deleteFrom('admin_sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async search({status, thread, author, q, after, limit}) {
      let query = selectAdmin();
      if (status === 'queue') query = query.where('status', 'in', ['pending', 'spam']);
      else if (status !== 'all') query = query.where('status', '=', status);
      if (thread !== undefined) query = query.where('thread', '=', thread);
      if (author !== undefined) {
        const pattern = containing(author);
        query = query.where(sql<SqlBool>`(lower(author) like ${pattern} escape '\\' or lower(coalesce(email, '')) like ${pattern} escape '\\')`);
      }
      if (q !== undefined) query = query.where(sql<SqlBool>`lower(body) like ${containing(q)} escape '\\'`);
      if (after) query = query.where(({eb, refTuple, tuple}) => eb(refTuple('created_at', 'id'), '<', tuple(after.createdAt, after.id)));
      const rows = (await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute()) as Row[];
      const more = rows.length > limit;
      if (more) rows.length = limit;
      const last = rows.at(-1);
      return {comments: rows.map(toAdminComment), next: more && last ? {createdAt: last.created_at, id: Number(last.id)} : null};
    },

    async get(id) {
      if (!validId(id)) return null;
      const row = (await selectAdmin().where('id', '=', Number(id)).executeTakeFirst()) as Row | undefined;
      return row ? toAdminComment(row) : null;
    },

    async threads({q, after, limit}) {
      const conditions: Expression<SqlBool>[] = [];
      if (q !== undefined) {
        const pattern = containing(q);
        conditions.push(sql<SqlBool>`(lower(ids.id) like ${pattern} escape '\\' or lower(coalesce(t.title, '')) like ${pattern} escape '\\')`);
      }
      if (after !== undefined) conditions.push(sql<SqlBool>`ids.id > ${after}`);
      const where = conditions.length === 0 ? sql`` : sql`where ${sql.join(conditions, sql` and `)}`;
      const count = (status: string) => sql`(select count(*) from comments c where c.thread = ids.id and c.status = ${status})`;
      const {rows} = await sql<{id: string; title: string | null; url: string | null; closed: number | null; published: unknown; pending: unknown; spam: unknown}>`
        with ids as (select thread as id from comments union select id from threads)
        select ids.id as id, t.title as title, t.url as url, t.closed as closed,
          ${count('published')} as published, ${count('pending')} as pending, ${count('spam')} as spam
        from ids left join threads t on t.id = ids.id
        ${where}
        order by ids.id limit ${limit + 1}`.execute(db);
      const more = rows.length > limit;
      if (more) rows.length = limit;
      const threads: ThreadSummary[] = rows.map((r) => ({
        id: r.id, title: r.title, url: r.url, closed: Number(r.closed ?? 0) === 1,
        published: Number(r.published), pending: Number(r.pending), spam: Number(r.spam),
      }));
      return {threads, next: more ? threads.at(-1)!.id : null};
    },

    async setStatus(id, to) {
      if (!validId(id)) return {kind: 'not_found'};
      return db.transaction().execute(async (trx) => {
        // Writes first so SQLite takes its write lock before the read (see insertComment); the old state comes back
        // from the same statement on neither engine, so read it under the lock.
        const before = await trx.updateTable('comments').set({status: sql`status`}).where('id', '=', Number(id))
          .returning('status').executeTakeFirst();
        if (!before) return {kind: 'not_found'} as const;
        if (before.status === 'deleted') return {kind: 'deleted'} as const;
        const row = await trx.updateTable('comments').set({status: to}).where('id', '=', Number(id))
          .returning(columns).executeTakeFirstOrThrow();
        return {kind: 'changed', from: before.status, comment: toComment(row as Row)} as const;
      });
    },

    async edit(id, changes, now) {
      if (!validId(id)) return null;
      const row = await db.updateTable('comments').set({...changes, edited_at: now})
        .where('id', '=', Number(id)).where('status', '!=', 'deleted').returning(columns).executeTakeFirst();
      return row ? toComment(row as Row) : null;
    },

    async remove(id) {
      if (!validId(id)) return null;
      // A reply committed between counting replies and deleting (Postgres) fails the delete's foreign key: try once
      // more, and the reply is counted, so the comment becomes a placeholder that keeps it.
      try {
        return await removeOnce(id);
      } catch (error) {
        if (!isForeignKeyError(error)) throw error;
        return removeOnce(id);
      }
    },
  };

  function removeOnce(id: string) {
      return db.transaction().execute(async (trx) => {
        const target = await trx.updateTable('comments').set({status: sql`status`}).where('id', '=', Number(id))
          .returning(['thread', 'parent']).executeTakeFirst();
        if (!target) return null;
        const removal: Removal = {kind: 'removed', thread: target.thread, alsoRemoved: []};
        let current: number | string | null = Number(id);
        while (current !== null) {
          const children = await trx.selectFrom('comments').select((eb) => eb.fn.countAll().as('n')).where('parent', '=', current).executeTakeFirstOrThrow();
          if (Number(children.n) > 0) {
            // Replies stay in place under an empty placeholder: nothing of what its author wrote is kept.
            if (Number(current) === Number(id)) {
              // Its votes go too: order=top would otherwise sort the placeholder by a score nobody sees (and its cursor
              // would tell it).
              await trx.updateTable('comments').set({status: 'deleted', author: '', body: '', email: null, website: null, ip: null, user_agent: null, referrer: null, votes_up: 0, votes_down: 0})
                .where('id', '=', current).execute();
              await trx.deleteFrom('votes').where('comment_id', '=', current).execute();
              removal.kind = 'placeholder';
            }
            break;
          }
          const row = await trx.selectFrom('comments').select(['parent', 'status']).where('id', '=', current).executeTakeFirst();
          if (!row) break;
          if (Number(current) !== Number(id)) {
            // An ancestor goes with it only when it is a placeholder left with no reply.
            if (row.status !== 'deleted') break;
            removal.alsoRemoved.push(String(current));
          }
          // The keys stay known as removed: the widget's outbox may resend a post whose answer it never got.
          await trx.insertInto('removed_keys').columns(['key', 'request_hash', 'removed_at'])
            .expression((eb) => eb.selectFrom('idempotency_keys').select(['key', 'request_hash', eb.val(new Date().toISOString()).as('removed_at')]).where('comment_id', '=', current!))
            .onConflict((oc) => oc.column('key').doNothing()).execute();
          await trx.deleteFrom('idempotency_keys').where('comment_id', '=', current).execute();
          await trx.deleteFrom('comments').where('id', '=', current).execute();
          current = row.parent;
        }
        return removal;
      });
  }
}

function toAdminComment(row: Row): AdminComment {
  // The public fields as a reader gets them, then the state and what only the owner sees.
  const {owner: _owner, editedAt: _edited, status: _status, ...shown} = toComment(row);
  return {
    ...shown,
    status: row.status,
    email: row.email,
    ip: row.ip,
    editedAt: row.edited_at,
    owner: Number(row.owner) === 1,
    reasons: row.reasons === null ? [] : row.reasons.split('\n').filter((r) => r !== ''),
    replies: Number(row.replies ?? 0),
  };
}
