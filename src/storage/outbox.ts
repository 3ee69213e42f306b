import type {Comment, NewComment} from '../adapters/adapter.js';
import {draftKey, type Draft} from './drafts.js';
import {heldKey} from './held.js';
import type {Key, Kv} from './kv.js';

/** A comment the reader sent that the server has not acknowledged yet. */
export interface OutboxEntry {
  /** The idempotency key: the same key is sent on every attempt, so the server stores it once. */
  key: string;
  comment: NewComment;
  /** When the reader pressed Post (ms since epoch); keeps queued comments in order. */
  queuedAt: number;
  /** The draft this came from, to put back if the server refuses it. */
  draft: Draft;
}

export const entryKey = (scope: string, thread: string, key: string): Key => ['outbox', scope, thread, key];

/** Every queued comment for a thread, oldest first. */
export async function loadOutbox(kv: Kv, scope: string, thread: string): Promise<OutboxEntry[]> {
  return (await kv.values<OutboxEntry>(['outbox', scope, thread])).sort((a, b) => a.queuedAt - b.queuedAt);
}

/** Moves a draft into the outbox in one transaction: the text is always in one place or the other. */
export function enqueue(kv: Kv, scope: string, entry: OutboxEntry): Promise<void> {
  return kv.write([[entryKey(scope, entry.comment.thread, entry.key), entry], [draftKey(scope, entry.draft.thread, entry.draft.parent)]]);
}

/**
 * Forgets an entry once the server has acknowledged it. A comment it holds for moderation is kept instead, in the
 * same transaction, so it shows as "Awaiting moderation" after a reload too (src/storage/held.ts).
 */
export function settle(kv: Kv, scope: string, entry: OutboxEntry, held?: Comment): Promise<void> {
  const gone = [entryKey(scope, entry.comment.thread, entry.key)] as const;
  return kv.write(held ? [gone, [heldKey(scope, held.thread, held.id), held]] : [gone]);
}

/** Puts a refused entry's text back as `draft`, in one transaction. */
export function returnToDraft(kv: Kv, scope: string, entry: OutboxEntry, draft: Draft): Promise<void> {
  return kv.write([[draftKey(scope, draft.thread, draft.parent), draft], [entryKey(scope, entry.comment.thread, entry.key)]]);
}
