import type {Kv} from './kv.js';

// Owner tokens: the secret a post answered, which lets this browser edit or delete that comment (the server's PATCH
// and DELETE, the actions chunk's Edit and Delete). Kept in IndexedDB per scope (a server's tokens mean nothing to
// another) as `[id, token, body]`: the body as the reader sent it, which Edit starts from, since a list carries each
// body only as its tree (an edit keeps the new text here).
const key = (scope: string, id: string) => ['own', scope, id];

/** Keeps the token a post answered, with the text sent (a failed write only means no Edit for this comment). */
export function keepToken(kv: Kv, scope: string, id: string, token: string | undefined, body: string) {
  if (token) void kv.write([[key(scope, id), [id, token, body]]]).catch(() => {});
}
