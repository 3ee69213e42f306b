import type {Kv} from './kv.js';

// Owner tokens: the secret a post answered, which lets this browser edit or delete that comment (the server's
// PATCH and DELETE; the widget's Edit and Delete buttons are still to come, see README). Kept in IndexedDB beside the
// comment id, per scope (a server's tokens mean nothing to another), from the first post on, so the comments readers
// write now can be edited once the buttons are there.
const key = (scope: string, id: string) => ['own', scope, id];

/** Keeps the token a post answered (a failed write only means no Edit for this comment). */
export function keepToken(kv: Kv, scope: string, id: string, token: string | undefined) {
  if (token) void kv.write([[key(scope, id), [id, token]]]).catch(() => {});
}
