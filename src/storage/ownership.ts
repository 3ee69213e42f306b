import type {Kv} from './kv.js';

// Owner tokens: the secret a post answered, which lets this browser edit or delete that comment. Kept in IndexedDB
// beside the comment id, per scope (a server's tokens mean nothing to another), and in memory for this page; another
// browser has none, so it offers no Edit or Delete.
const known = new Map<string, string>();
const key = (scope: string, id: string) => ['own', scope, id];

/** The token for comment `id` in `scope`, if this browser wrote it (after `loadTokens`, or posted in this page). */
export const tokenFor = (scope: string, id: string) => known.get(`${scope} ${id}`);

/** Keeps a token for this page at once, and in IndexedDB (a failed write only loses it for later visits). */
export function keepToken(kv: Kv, scope: string, id: string, token: string | undefined) {
  if (token) {
    known.set(`${scope} ${id}`, token);
    void kv.write([[key(scope, id), {id, token}]]).catch(() => {});
  }
}

/** Forgets a token (its comment was deleted). */
export function dropToken(kv: Kv, scope: string, id: string) {
  known.delete(`${scope} ${id}`);
  void kv.write([], [key(scope, id)]).catch(() => {});
}

const loads = new Map<string, Promise<void>>();

/** Loads a scope's tokens into memory (once a page); resolves with whether this browser holds any there. */
export async function loadTokens(kv: Kv, scope: string): Promise<boolean> {
  if (!loads.has(scope)) {
    loads.set(scope, kv.values<{id: string; token: string}>(['own', scope]).then((all) => {
      for (const {id, token} of all) known.set(`${scope} ${id}`, token);
    }, () => {}));
  }
  await loads.get(scope);
  return [...known.keys()].some((k) => k.startsWith(`${scope} `));
}
