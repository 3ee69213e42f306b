import {createStore, promisifyRequest, type UseStore} from 'idb-keyval';

/** Keys are arrays, so that one thread's entries sort together and come back with one range query. */
export type Key = (string | number)[];

/** A small key-value store over IndexedDB that keeps nothing where IndexedDB is missing or refused. */
export interface Kv {
  get<T>(key: Key): Promise<T | undefined>;
  /** Every value whose key starts with `prefix`. */
  values<T>(prefix: Key): Promise<T[]>;
  /**
   * Puts each value under its key, or deletes the key where the value is null or left out, in one transaction, so a
   * value can move from one key to another without a moment where it is in neither.
   */
  write(changes: readonly (readonly [Key, unknown?])[]): Promise<void>;
}

// Without IndexedDB (some private modes) nothing is kept across visits; the element holds drafts and queued
// comments in memory for the visit anyway, so a store that keeps nothing is enough and costs no bytes.
const noKv: Kv = {get: async () => undefined, values: async () => [], write: async () => {}};

function idbKv(store: UseStore): Kv {
  return {
    get: (key) => store('readonly', (s) => promisifyRequest(s.get(key))),
    // An array sorts after every string and number, so `[...prefix, []]` comes after every key that starts with `prefix`.
    values: (prefix) => store('readonly', (s) => promisifyRequest(s.getAll(IDBKeyRange.bound(prefix, [...prefix, []])))),
    write: (changes) =>
      store('readwrite', (s) => {
        for (const [k, v] of changes) {
          if (v == null) s.delete(k);
          else s.put(v, k);
        }
        // Commit now rather than when the task ends: a write made in pagehide then survives the page going away.
        s.transaction.commit?.();
        return promisifyRequest(s.transaction);
      }),
  };
}

/** Opens the store, or one that keeps nothing when IndexedDB can't be used. Never rejects. */
export async function openKv(dbName = 'natter'): Promise<Kv> {
  try {
    const store = createStore(dbName, 'kv');
    await store('readonly', (s) => promisifyRequest(s.count()));
    return idbKv(store);
  } catch {
    return noKv;
  }
}
