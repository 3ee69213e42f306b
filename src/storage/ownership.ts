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

/**
 * Reads a scope's tokens from IndexedDB again (on each list, so a browser whose site data was cleared meanwhile offers
 * no Edit); resolves with whether this browser holds any there. Without IndexedDB, tokens last until the next list.
 */
export async function loadTokens(kv: Kv, scope: string): Promise<boolean> {
  const all = await kv.values<{id: string; token: string}>(['own', scope]).catch(() => []);
  for (const k of known.keys()) if (k.startsWith(`${scope} `)) known.delete(k);
  for (const {id, token} of all) known.set(`${scope} ${id}`, token);
  return all.length > 0;
}
