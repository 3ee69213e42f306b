import type {CommentStore} from '../store/comment-store.js';
import type {Queuer} from './queue.js';

// The catch-up for the one gap between a comment's commit and its outbox rows' insert: a process killed right there
// leaves a comment nobody was told about. At start and every half minute this runs the created handler (which is
// deduplicated) for every comment after a cursor kept in settings, then moves the cursor. The cursor only passes
// comments older than a minute, so a Postgres id committed out of order is still seen. It runs only while mail or
// webhooks are on; the first such start sets the cursor to the newest comment, so old comments are never news.

const settleMs = 60_000;
const cursorKey = 'notify.sweptThrough';

/** Sweeps once. */
export async function sweep({store, queue, now}: {store: CommentStore; queue: Queuer; now: () => Date}): Promise<void> {
  const t = now();
  const stored = await store.settings.get<string>(cursorKey);
  if (stored === undefined) {
    // First start with this feature: the comments already there are history, not news.
    await store.settings.claim(cursorKey, await store.notify.lastCommentId(), t.toISOString());
    return;
  }
  let cursor: string = stored;
  for (;;) {
    const batch = await store.notify.commentsAfter(cursor, 100);
    let through = cursor;
    // The cursor moves over an unbroken run of settled comments only.
    let settled = true;
    for (const comment of batch) {
      // An import writes many comments at once, without events: history, not news.
      if (!comment.imported) await queue.created(comment.id);
      settled &&= Date.parse(comment.createdAt) < t.getTime() - settleMs;
      if (settled) through = comment.id;
    }
    if (through !== cursor) await moveCursor(store, through, t.toISOString());
    if (batch.length < 100 || through === cursor) return;
    cursor = through;
  }
}

/** Sets the cursor to `id` unless it is past it already (an import may have moved it meanwhile). */
async function moveCursor(store: CommentStore, id: string, at: string): Promise<void> {
  const stored = await store.settings.get<string>(cursorKey);
  if (stored === undefined || Number(stored) < Number(id)) await store.settings.set(cursorKey, id, at);
}

/**
 * Called at the end of an import (not a dry run): moves the cursor past every comment there is now, so the sweep
 * never announces restored history. A Natter export comes back as native rows (no `source`), which the sweep alone
 * could not tell from news. Before mail or webhooks were ever on there is no cursor, and none is set here: the first
 * start sets it to the newest comment anyway.
 */
export async function skipImportedComments(store: CommentStore, now: Date): Promise<void> {
  if ((await store.settings.get<string>(cursorKey)) === undefined) return;
  await moveCursor(store, await store.notify.lastCommentId(), now.toISOString());
}

/** Sweeps at start and every `everyMs`; answers the stop. */
export function startSweep({store, queue, now, everyMs = 30_000}: {store: CommentStore; queue: Queuer; now: () => Date; everyMs?: number}): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(() => sweep({store, queue, now})).catch((error: unknown) => {
      console.error('[natter] the notification catch-up failed; trying again later:', error instanceof Error ? error.message : error);
    });
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
