import type {Key, Kv} from './kv.js';

/** What a reader has typed into one composer. */
export interface Draft {
  /** The thread's scope (endpoint) and id, and the comment replied to ('' for top level). */
  thread: string;
  parent: string;
  body: string;
  author: string;
  email: string;
  website: string;
  /** "Notify me of replies by email" is ticked. */
  notify?: boolean;
  /** The honeypot field's value: empty unless a bot filled it. */
  subject?: string;
  /** When it was last edited (ms since epoch): the newer of two copies wins. */
  at?: number;
}

/** The name, email and website a reader asked this browser to remember. */
export type Identity = Pick<Draft, 'author' | 'email' | 'website'>;

export const draftKey = (scope: string, thread: string, parent: string): Key => ['draft', scope, thread, parent];
const identityKey: Key = ['identity'];

/** Every draft saved for a thread, top-level and replies. */
export function loadDrafts(kv: Kv, scope: string, thread: string): Promise<Draft[]> {
  return kv.values<Draft>(['draft', scope, thread]);
}

/** Saves a draft, or deletes it once it holds no text. */
export function saveDraft(kv: Kv, scope: string, draft: Draft): Promise<void> {
  return kv.write([[draftKey(scope, draft.thread, draft.parent), draft.body.trim() ? draft : null]]);
}

export function loadIdentity(kv: Kv): Promise<Identity | undefined> {
  return kv.get<Identity>(identityKey);
}

/** Remembers the identity, or forgets it when `identity` is null. */
export function rememberIdentity(kv: Kv, identity: Identity | null): Promise<void> {
  return kv.write([[identityKey, identity]]);
}
