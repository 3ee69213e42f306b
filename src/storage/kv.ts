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
  // Thread ids and keys never hold NUL (the server refuses control characters), so joining on it is unambiguous.
  const map = new Map<string, unknown>();
  const id = (k: Key) => k.join('\0');
  return {
    durable: false,
    get: async (key) => structuredClone(map.get(id(key))) as any,
    values: async (prefix) => [...map].filter(([k]) => k.startsWith(id(prefix) + '\0')).map(([, v]) => structuredClone(v)) as any,
    async write(puts, deletes = []) {
      for (const k of deletes) map.delete(id(k));
      for (const [k, v] of puts) map.set(id(k), structuredClone(v));
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
        // Commit now rather than when the task ends: a write made in pagehide then survives the page going away.
        s.transaction.commit?.();
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
