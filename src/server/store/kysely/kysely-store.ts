import {sql} from 'kysely';
import type {Kysely, Selectable} from 'kysely';
import type {CommentStore, InsertResult, StoreChange, StoreEngine} from '../comment-store.js';
import {ParentGoneError, StoreBusyError} from '../comment-store.js';
import {createAdminStore} from './admin.js';
import {createIoStore} from './io.js';
import {createLiveStore} from './live.js';
import {createNotifyStore} from './notify.js';
import {createBanStore, createSettingsStore, createThreadStore} from './owner-stores.js';
import {createReadersStore} from './readers.js';
import {createRecentStore} from './recent.js';
import {createSpamStore} from './spam.js';
import {createPageReader} from './pages.js';
import type {CommentsTable, Schema} from './schema.js';
import {commentColumns, toComment} from './to-comment.js';
import {isForeignKeyError} from './errors.js';

/** What differs between engines: telling other processes about a change, hearing of theirs, and busy errors. */
export interface EngineHooks {
  engine: StoreEngine;
  announce(change: {id: string; thread: string}): Promise<void>;
  watch(listener: (change: StoreChange) => void): () => void;
  isBusy(error: unknown): boolean;
  close(): Promise<void>;
}

const columns = [...commentColumns, 'root'] as const;
type Row = Pick<Selectable<CommentsTable>, (typeof columns)[number]>;

/** Thrown inside the insert transaction when the idempotency key turns out to be taken, to roll the comment back. */
class KeyTaken extends Error {}

/** The one CommentStore, over Kysely: the same portable queries for better-sqlite3 and pg. */
export function createKyselyStore(db: Kysely<Schema>, hooks: EngineHooks): CommentStore {
  async function findByIdempotencyKey(key: string, requestHash: string): Promise<InsertResult | null> {
    const row = await db.selectFrom('idempotency_keys').select(['request_hash', 'comment_id']).where('key', '=', key).executeTakeFirst();
    if (!row) {
      const removed = await db.selectFrom('removed_keys').select('request_hash').where('key', '=', key).executeTakeFirst();
      if (!removed) return null;
      return removed.request_hash === requestHash ? {kind: 'removed'} : {kind: 'conflict'};
    }
    if (row.request_hash !== requestHash) return {kind: 'conflict'};
    const comment = await db.selectFrom('comments').select(columns).where('id', '=', row.comment_id).executeTakeFirstOrThrow();
    return {kind: 'replayed', comment: toComment(comment)};
  }

  const pages = createPageReader(db);
  const store: CommentStore = {
    engine: hooks.engine,
    settings: createSettingsStore(db),
    threads: createThreadStore(db),
    bans: createBanStore(db),
    admin: createAdminStore(db),
    io: createIoStore(db, hooks.engine),
    recent: createRecentStore(db),
    spam: createSpamStore(db),
    notify: createNotifyStore(db),
    readers: createReadersStore(db),
    live: createLiveStore(db, hooks.engine),

    listPage: pages.listPage,
    branchPage: pages.branchPage,

    async insertComment(input, options) {
      // No look-up first: the service has already asked for the key, and a key taken since is caught below.
      try {
        return await db.transaction().execute(async (trx) => {
          // The first statement writes, so SQLite takes its write lock before reading anything (no busy snapshot).
          const parent = input.parent === null ? null : Number(input.parent);
          const inserted = await trx.insertInto('comments')
            .values({
              thread: input.thread, parent, author: input.author, email: input.email, website: input.website, body: input.body,
              created_at: options.createdAt, status: options.status, ip: options.ip,
              user_agent: options.userAgent ?? null, referrer: options.referrer ?? null, owner: options.owner ? 1 : 0, source: options.source ?? null,
              reasons: options.reasons ?? null, spam_check: options.spamCheck ?? null, body_hash: options.bodyHash ?? null,
              token_hash: options.tokenHash ?? null,
              root: parent === null ? null : sql<number>`(select c.root from comments c where c.id = ${parent})`,
            })
            .returning(columns).executeTakeFirstOrThrow();
          let row: Row = inserted;
          if (parent === null) {
            row = await trx.updateTable('comments').set({root: inserted.id}).where('id', '=', inserted.id).returning(columns).executeTakeFirstOrThrow();
          } else if (inserted.root === null) {
            throw new ParentGoneError(input.parent!);
          }
          // The unique key decides between two requests with one key at once (on two instances, too): the second
          // waits, then finds the key taken and rolls its comment back.
          const key = await trx.insertInto('idempotency_keys')
            .values({key: options.idempotencyKey, request_hash: options.requestHash, comment_id: inserted.id, created_at: options.createdAt})
            .onConflict((oc) => oc.column('key').doNothing())
            .returning('key').executeTakeFirst();
          if (!key) throw new KeyTaken();
          return {kind: 'created', comment: toComment(row)} as const;
        });
      } catch (error) {
        // Postgres refuses the reply's foreign key when a moderator's delete of its parent committed first.
        if (input.parent !== null && isForeignKeyError(error)) throw new ParentGoneError(input.parent);
        if (!(error instanceof KeyTaken)) throw error;
        const winner = await findByIdempotencyKey(options.idempotencyKey, options.requestHash);
        if (!winner) throw new Error('An idempotency key was taken and then vanished');
        return winner;
      }
    },

    findByIdempotencyKey,

    async getComment(id) {
      if (!/^[1-9]\d{0,14}$/.test(id)) return null;
      const row = await db.selectFrom('comments').select(columns).where('id', '=', Number(id)).executeTakeFirst();
      return row ? toComment(row) : null;
    },

    async countMany(threads) {
      const counts = new Map<string, number>(threads.map((t) => [t, 0]));
      if (threads.length === 0) return counts;
      const rows = await db.selectFrom('comments').select(['thread', (eb) => eb.fn.countAll().as('n')])
        .where('thread', 'in', [...new Set(threads)]).where('status', '=', 'published').groupBy('thread').execute();
      for (const row of rows) counts.set(row.thread, Number(row.n));
      return counts;
    },

    async takeRate(key, {limit, windowMs, now}) {
      return db.transaction().execute(async (trx) => {
        // The upsert locks the key's row (pg) or the database (SQLite) until commit, so two instances count in turn.
        await trx.insertInto('rate_limits').values({key, hits: '', updated_at: now})
          .onConflict((oc) => oc.column('key').doUpdateSet({updated_at: now})).execute();
        const row = await trx.selectFrom('rate_limits').select('hits').where('key', '=', key).executeTakeFirstOrThrow();
        const times = row.hits === '' ? [] : row.hits.split(',').map(Number).filter((t) => t > now - windowMs);
        const allowed = times.length < limit;
        if (allowed) times.push(now);
        await trx.updateTable('rate_limits').set({hits: times.join(',')}).where('key', '=', key).execute();
        return allowed ? {allowed: true} : {allowed: false, retryAfter: Math.max(1, Math.ceil((times[0]! + windowMs - now) / 1000))};
      });
    },

    async purgeOld({ipsBefore, ratesBefore}) {
      const cleared = await db.updateTable('comments').set({ip: null, user_agent: null, referrer: null}).where('ip', 'is not', null).where('created_at', '<', ipsBefore).executeTakeFirst();
      await db.updateTable('comments').set({user_agent: null, referrer: null}).where('ip', 'is', null).where('created_at', '<', ipsBefore)
        .where((eb) => eb.or([eb('user_agent', 'is not', null), eb('referrer', 'is not', null)])).execute();
      await db.deleteFrom('rate_limits').where('updated_at', '<', ratesBefore).execute();
      return {ipsCleared: Number(cleared.numUpdatedRows)};
    },

    announce: (change) => hooks.announce(change),
    watch: (listener) => hooks.watch(listener),
    close: () => hooks.close(),
  };

  return guardBusy(store, hooks.isBusy);
}

/**
 * Turns a busy or locked database into StoreBusyError, which the app answers with 503 and Retry-After. Wraps every
 * method, and those of the concern stores hung on it (one level down), so a new method can't forget it.
 */
export function guardBusy<T extends object>(target: T, isBusy: (error: unknown) => boolean, depth = 1): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(target)) {
    if (typeof value === 'function') {
      const translate = (error: unknown) => {
        throw isBusy(error) ? new StoreBusyError(error) : error;
      };
      // Synchronous methods (watch) answer as they are; a promise gets the translation on its rejection.
      out[name] = (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        return result instanceof Promise ? result.catch(translate) : result;
      };
    } else if (depth > 0 && value !== null && typeof value === 'object') {
      out[name] = guardBusy(value, isBusy, depth - 1);
    } else {
      out[name] = value;
    }
  }
  return out as T;
}
