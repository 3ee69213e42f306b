import type {Kysely, Selectable} from 'kysely';
import type {Channel, ClaimedRow, CommentFacts, Delivery, NotifyStore, SubscriptionState} from '../notify-store.js';
import type {CommentsTable, Schema} from './schema.js';

const tableOf = (channel: Channel) => (channel === 'mail' ? 'mail_outbox' : 'webhook_outbox') as 'mail_outbox';

/** The notify concern store over Kysely (same queries for SQLite and Postgres). */
export function createNotifyStore(db: Kysely<Schema>): NotifyStore {
  return {
    async enqueue(channel, items, {now, createdAt}) {
      if (items.length === 0) return 0;
      return db.transaction().execute(async (trx) => {
        let added = 0;
        for (const item of items) {
          const result = await trx.insertInto(tableOf(channel))
            .values({dedupe_key: item.dedupeKey, kind: item.kind, recipient: item.recipient, payload: item.payload, next_at: now, created_at: createdAt})
            .onConflict((oc) => oc.column('dedupe_key').doNothing())
            .executeTakeFirst();
          added += Number(result.numInsertedOrUpdatedRows ?? 0);
        }
        return added;
      });
    },

    async claim(channel, {owner, now, leaseMs, limit}) {
      const table = tableOf(channel);
      const due = await db.selectFrom(table).select('id')
        .where((eb) => eb.or([
          eb.and([eb('state', '=', 'queued'), eb('next_at', '<=', now)]),
          eb.and([eb('state', '=', 'sending'), eb('lease_until', '<', now)]),
        ]))
        .orderBy('next_at').orderBy('id').limit(limit).execute();
      const claimed: ClaimedRow[] = [];
      for (const {id} of due) {
        // Compare-and-set: the condition is checked again on the row itself, so only one instance's update lands.
        const row = await db.updateTable(table)
          .set((eb) => ({state: 'sending', lease_owner: owner, lease_until: now + leaseMs, attempts: eb('attempts', '+', 1)}))
          .where('id', '=', id)
          .where((eb) => eb.or([
            eb.and([eb('state', '=', 'queued'), eb('next_at', '<=', now)]),
            eb.and([eb('state', '=', 'sending'), eb('lease_until', '<', now)]),
          ]))
          .returning(['id', 'dedupe_key', 'kind', 'recipient', 'payload', 'attempts'])
          .executeTakeFirst();
        if (row) {
          claimed.push({id: String(row.id), dedupeKey: row.dedupe_key, kind: row.kind, recipient: row.recipient, payload: row.payload, attempt: Number(row.attempts)});
        }
      }
      return claimed;
    },

    async markSent(channel, id, owner, sentAt) {
      const result = await db.updateTable(tableOf(channel))
        .set({state: 'sent', sent_at: sentAt, lease_owner: null, lease_until: null, last_error: null})
        .where('id', '=', id).where('lease_owner', '=', owner).where('state', '=', 'sending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async markRetry(channel, id, owner, {error, retryAt}) {
      await db.updateTable(tableOf(channel))
        .set(retryAt === null
          ? {state: 'failed', last_error: error, lease_owner: null, lease_until: null}
          : {state: 'queued', last_error: error, next_at: retryAt, lease_owner: null, lease_until: null})
        .where('id', '=', id).where('lease_owner', '=', owner).where('state', '=', 'sending')
        .execute();
    },

    async drop(channel, id, owner, reason) {
      await db.updateTable(tableOf(channel))
        .set({state: 'dropped', last_error: reason, lease_owner: null, lease_until: null})
        .where('id', '=', id).where('lease_owner', '=', owner).where('state', '=', 'sending')
        .execute();
    },

    async log(entry) {
      await db.insertInto('notify_deliveries').values({
        channel: entry.channel, outbox_id: entry.outboxId, kind: entry.kind, attempt: entry.attempt, ok: entry.ok ? 1 : 0,
        status_code: entry.statusCode, error: entry.error, duration_ms: entry.durationMs, at: entry.at,
      }).execute();
    },

    async deliveries(channel, {limit, before}) {
      let query = db.selectFrom('notify_deliveries').selectAll().where('channel', '=', channel);
      if (before !== undefined) query = query.where('id', '<', before);
      const rows = await query.orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r): Delivery => ({
        id: String(r.id), channel: r.channel, outboxId: String(r.outbox_id), kind: r.kind, attempt: Number(r.attempt), ok: Number(r.ok) === 1,
        statusCode: r.status_code === null ? null : Number(r.status_code), error: r.error, durationMs: Number(r.duration_ms), at: r.at,
      }));
    },

    async purge({before, nowMs}) {
      for (const channel of ['mail', 'webhook'] as const) {
        await db.deleteFrom(tableOf(channel)).where('state', 'in', ['sent', 'failed', 'dropped']).where('created_at', '<', before).execute();
      }
      await db.deleteFrom('notify_deliveries').where('at', '<', before).execute();
      await db.deleteFrom('used_nonces').where('expires_at', '<', nowMs).where('expires_at', '!=', 0).execute();
      // Never confirmed: forget the request. Watches of comments that are gone go too.
      await db.deleteFrom('notify_emails').where('state', '=', 'pending').where('updated_at', '<', before).execute();
      await db.deleteFrom('notify_watches').where((eb) => eb.not(eb.exists(eb.selectFrom('comments').select('comments.id').whereRef('comments.id', '=', 'notify_watches.comment_id')))).execute();
    },

    async commentFacts(id) {
      if (!/^[1-9]\d{0,14}$/.test(id)) return null;
      const row = await db.selectFrom('comments').select(factColumns).where('id', '=', Number(id)).executeTakeFirst();
      return row ? toFacts(row) : null;
    },

    async commentsByEmail(email) {
      const rows = await db.selectFrom('comments').select(factColumns)
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase())).where('status', '!=', 'deleted')
        .orderBy('created_at').orderBy('id').execute();
      return rows.map(toFacts);
    },

    async lastCommentId() {
      const row = await db.selectFrom('comments').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
      return row?.id === null || row?.id === undefined ? '0' : String(row.id);
    },

    async commentsAfter(id, limit) {
      const rows = await db.selectFrom('comments').select(['id', 'created_at', 'source']).where('id', '>', Number(id)).orderBy('id').limit(limit).execute();
      return rows.map((r) => ({id: String(r.id), createdAt: r.created_at, imported: r.source !== null}));
    },

    async watch(commentId, email, now) {
      const address = email.toLowerCase();
      return db.transaction().execute(async (trx) => {
        await trx.insertInto('notify_watches').values({comment_id: Number(commentId), email: address, created_at: now})
          .onConflict((oc) => oc.column('comment_id').doNothing()).execute();
        const before = await trx.selectFrom('notify_emails').select('state').where('email', '=', address).executeTakeFirst();
        // An unsubscribed address stays so: anyone can type it into a post, so no post may undo the unsubscribe.
        if (!before) await trx.insertInto('notify_emails').values({email: address, state: 'pending', created_at: now, updated_at: now}).execute();
        return before ? before.state : null;
      });
    },

    async enqueueConfirmation(email, item, {now, createdAt, windowMs}) {
      const address = email.toLowerCase();
      return db.transaction().execute(async (trx) => {
        // Compare-and-set on the address: one confirmation per address per window, however many posts name it.
        const slot = await trx.updateTable('notify_emails').set({confirm_mailed_at: now})
          .where('email', '=', address).where('state', '!=', 'unsubscribed')
          .where((eb) => eb.or([eb('confirm_mailed_at', 'is', null), eb('confirm_mailed_at', '<=', now - windowMs)]))
          .executeTakeFirst();
        if (Number(slot.numUpdatedRows) === 0) return false;
        await trx.insertInto('mail_outbox')
          .values({dedupe_key: item.dedupeKey, kind: item.kind, recipient: item.recipient, payload: item.payload, next_at: now, created_at: createdAt})
          .execute();
        return true;
      });
    },

    async watcherOf(commentId) {
      if (!/^[1-9]\d{0,14}$/.test(commentId)) return null;
      const row = await db.selectFrom('notify_watches')
        .innerJoin('notify_emails', 'notify_emails.email', 'notify_watches.email')
        .select(['notify_watches.email', 'notify_emails.state', 'notify_watches.confirmed'])
        .where('notify_watches.comment_id', '=', Number(commentId)).executeTakeFirst();
      return row ? {email: row.email, state: row.state as SubscriptionState, confirmed: Number(row.confirmed) === 1} : null;
    },

    async subscription(email) {
      const row = await db.selectFrom('notify_emails').select('state').where('email', '=', email.toLowerCase()).executeTakeFirst();
      return row ? row.state : null;
    },

    async confirm(email, nonce, now, issuedAt) {
      const address = email.toLowerCase();
      return db.transaction().execute(async (trx) => {
        const used = await trx.insertInto('used_nonces').values({nonce: nonce.value, purpose: 'confirm', expires_at: nonce.expiresAt, used_at: now})
          .onConflict((oc) => oc.column('nonce').doNothing()).executeTakeFirst();
        if (Number(used.numInsertedOrUpdatedRows ?? 0) === 0) return 'used' as const;
        // An old confirmation link never undoes a later unsubscribe.
        const result = await trx.updateTable('notify_emails').set({state: 'confirmed', updated_at: now})
          .where('email', '=', address).where('state', '!=', 'unsubscribed').executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) throw new UnknownAddress();
        // The link confirms the watches that were waiting when it was mailed, never one begun after it.
        await trx.updateTable('notify_watches').set({confirmed: 1})
          .where('email', '=', address).where('confirmed', '=', 0).where('created_at', '<=', issuedAt).execute();
        return 'confirmed' as const;
      }).catch((error: unknown) => {
        if (error instanceof UnknownAddress) return 'unknown' as const;
        throw error;
      });
    },

    async unsubscribe(email, now) {
      const address = email.toLowerCase();
      await db.insertInto('notify_emails').values({email: address, state: 'unsubscribed', created_at: now, updated_at: now})
        .onConflict((oc) => oc.column('email').doUpdateSet({state: 'unsubscribed', updated_at: now})).execute();
    },

    async useNonce({value, purpose, expiresAt}, now) {
      const result = await db.insertInto('used_nonces').values({nonce: value, purpose, expires_at: expiresAt, used_at: now})
        .onConflict((oc) => oc.column('nonce').doNothing()).executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async nonceUsed(value) {
      return (await db.selectFrom('used_nonces').select('nonce').where('nonce', '=', value).executeTakeFirst()) !== undefined;
    },

    async releaseNonce(value) {
      await db.deleteFrom('used_nonces').where('nonce', '=', value).execute();
    },
  };
}

const factColumns = ['id', 'thread', 'parent', 'author', 'email', 'website', 'body', 'status', 'owner', 'source', 'created_at'] as const;

function toFacts(row: Pick<Selectable<CommentsTable>, (typeof factColumns)[number]>): CommentFacts {
  return {
    id: String(row.id), thread: row.thread, parent: row.parent === null ? null : String(row.parent), author: row.author, email: row.email,
    website: row.website, body: row.body, state: row.status, owner: Number(row.owner) === 1, imported: row.source !== null, createdAt: row.created_at,
  };
}

/** Rolls the confirm transaction back (the nonce stays unspent) when the address has no subscription. */
class UnknownAddress extends Error {}
