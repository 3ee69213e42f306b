import {createStore, promisifyRequest, type UseStore} from 'idb-keyval';

/** Keys are arrays, so that one thread's entries sort together and come back with one range query. */
export type Key = (string | number)[];

/** A small key-value store over IndexedDB that falls back to memory where IndexedDB is missing or refused. */
export interface Kv {
  get<T>(key: Key): Promise<T | undefined>;
  /** Every value whose key starts with `prefix`. */
  values<T>(prefix: Key): Promise<T[]>;
  /** Puts and deletes in one transaction, so a value can move from one key to another without a moment where it is in neither. */
  write(puts: [Key, unknown][], deletes?: Key[]): Promise<void>;
  /** False when storage fell back to memory (e.g. some private modes). */
  readonly durable: boolean;
}

const upper = (prefix: Key) => [...prefix, []];

function memoryKv(): Kv {
  const map = new Map<string, {key: Key; value: unknown}>();
  const id = (k: Key) => JSON.stringify(k);
  return {
    durable: false,
    async get<T>(key: Key) {
      return structuredClone(map.get(id(key))?.value) as T | undefined;
    },
    async values<T>(prefix: Key) {
      const p = id(prefix).slice(0, -1);
      return [...map.entries()].filter(([k]) => k.startsWith(p + ',') || k === p + ']').map(([, v]) => structuredClone(v.value) as T);
    },
    async write(puts, deletes = []) {
      for (const k of deletes) map.delete(id(k));
      for (const [k, value] of puts) map.set(id(k), {key: k, value: structuredClone(value)});
    },
  };
}

function idbKv(store: UseStore): Kv {
  return {
    durable: true,
    get: (key) => store('readonly', (s) => promisifyRequest(s.get(key))),
    values: (prefix) => store('readonly', (s) => promisifyRequest(s.getAll(IDBKeyRange.bound(prefix, upper(prefix))))),
    write: (puts, deletes = []) =>
      store('readwrite', (s) => {
        for (const k of deletes) s.delete(k);
        for (const [k, v] of puts) s.put(v, k);
        return promisifyRequest(s.transaction);
      }),
  };
}

/** Opens the store, or a memory stand-in when IndexedDB can't be used. Never rejects. */
export async function openKv(dbName = 'natter'): Promise<Kv> {
  try {
    const store = createStore(dbName, 'kv');
    await store('readonly', (s) => promisifyRequest(s.count()));
    return idbKv(store);
  } catch {
    return memoryKv();
  }
}
