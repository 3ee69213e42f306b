import type {Kv} from './kv.js';

// Owner tokens: the secret a post answered, which lets this browser edit or delete that comment. Kept in IndexedDB
// beside the comment id, per scope (a server's tokens mean nothing to another). Another browser, or this one after
// its site data was cleared, has none, so it offers no Edit or Delete; so does a browser without IndexedDB.
const key = (scope: string, id: string) => ['own', scope, id];

/** Keeps the token a post answered (a failed write only means no Edit for this comment). */
export function keepToken(kv: Kv, scope: string, id: string, token: string | undefined) {
  if (token) void kv.write([[key(scope, id), [id, token]]]).catch(() => {});
}

/** Forgets a token (its comment was deleted). */
export function dropToken(kv: Kv, scope: string, id: string) {
  void kv.write([], [key(scope, id)]).catch(() => {});
}

/** This browser's tokens in a scope, by comment id (read again on each list, so a cleared store shows at once). */
export const loadTokens = (kv: Kv, scope: string): Promise<Map<string, string>> => kv.values<[string, string]>(['own', scope]).then((all) => new Map(all), () => new Map());
