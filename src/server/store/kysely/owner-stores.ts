import type {Kysely} from 'kysely';
import {normalizeIp, rateLimitKey} from '../../client-ip.js';
import type {Ban, BanStore, SettingsStore, ThreadStore} from '../owner-stores.js';
import type {Schema} from './schema.js';

export function createSettingsStore(db: Kysely<Schema>): SettingsStore {
  return {
    async get<T>(key: string) {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    async set(key, value, now) {
      const json = JSON.stringify(value);
      await db.insertInto('settings').values({key, value: json, updated_at: now})
        .onConflict((oc) => oc.column('key').doUpdateSet({value: json, updated_at: now})).execute();
    },
    async claim<T>(key: string, value: T, now: string) {
      await db.insertInto('settings').values({key, value: JSON.stringify(value), updated_at: now})
        .onConflict((oc) => oc.column('key').doNothing()).execute();
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
      return JSON.parse(row.value) as T;
    },
  };
}

export function createThreadStore(db: Kysely<Schema>): ThreadStore {
  return {
    async get(id) {
      const row = await db.selectFrom('threads').select(['title', 'url', 'closed']).where('id', '=', id).executeTakeFirst();
      return {id, title: row?.title ?? null, url: row?.url ?? null, closed: Number(row?.closed ?? 0) === 1};
    },
    async setClosed(id, closed, now) {
      const flag = closed ? 1 : 0;
      await db.insertInto('threads').values({id, closed: flag, created_at: now})
        .onConflict((oc) => oc.column('id').doUpdateSet({closed: flag})).execute();
    },
    async describe(id, {title, url}, now) {
      await db.insertInto('threads').values({id, title, url, created_at: now})
        .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({
          title: eb.fn.coalesce(eb.val(title), eb.ref('threads.title')),
          url: eb.fn.coalesce(eb.val(url), eb.ref('threads.url')),
        }))).execute();
    },
  };
}

/** The stored form of a ban's value, or null when it isn't a valid email or IP. */
export function normaliseBan(kind: Ban['kind'], value: string): string | null {
  if (kind === 'email') {
    const email = value.trim().toLowerCase();
    return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(email) && email.length <= 254 ? email : null;
  }
  const ip = normalizeIp(value.replace(/\/64$/, ''));
  return ip === null ? null : rateLimitKey(ip);
}

export function createBanStore(db: Kysely<Schema>): BanStore {
  const toBan = (row: {kind: string; value: string; reason: string | null; created_at: string}): Ban => ({
    kind: row.kind as Ban['kind'], value: row.value, reason: row.reason, createdAt: row.created_at,
  });
  return {
    async add(kind, value, {reason, now}) {
      const normal = normaliseBan(kind, value);
      if (normal === null) throw new RangeError(`Not a valid ${kind === 'email' ? 'email address' : 'IP address'}: ${value}`);
      await db.insertInto('bans').values({kind, value: normal, reason, created_at: now})
        .onConflict((oc) => oc.columns(['kind', 'value']).doNothing()).execute();
      return toBan(await db.selectFrom('bans').selectAll().where('kind', '=', kind).where('value', '=', normal).executeTakeFirstOrThrow());
    },
    async remove(kind, value) {
      const normal = normaliseBan(kind, value);
      if (normal === null) return false;
      const result = await db.deleteFrom('bans').where('kind', '=', kind).where('value', '=', normal).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async list() {
      return (await db.selectFrom('bans').selectAll().orderBy('created_at', 'desc').execute()).map(toBan);
    },
    async match({email, ip}) {
      const candidates: {kind: Ban['kind']; value: string}[] = [];
      const e = email === null ? null : normaliseBan('email', email);
      const i = ip === null ? null : normaliseBan('ip', ip);
      if (e) candidates.push({kind: 'email', value: e});
      if (i) candidates.push({kind: 'ip', value: i});
      if (candidates.length === 0) return null;
      const row = await db.selectFrom('bans').selectAll()
        .where((eb) => eb.or(candidates.map((c) => eb.and([eb('kind', '=', c.kind), eb('value', '=', c.value)]))))
        .executeTakeFirst();
      return row ? toBan(row) : null;
    },
  };
}
