import type {CommentStore} from '../../store/comment-store.js';
import type {SpamCheckItem} from '../../store/spam-store.js';
import type {SpamQueue} from '../comments.js';
import type {EventBus} from '../events.js';
import type {Akismet} from './akismet.js';

// Checks stored comments with Akismet in the background, after the post has been answered. A comment waits as
// pending with its `spam_check` marker set, so whatever happens here (Akismet down, a crash, a restart) it is never
// published unchecked and never dropped: "not spam" publishes it (or leaves it held when the rules held it), "spam"
// moves it to spam, and no answer after every retry leaves it held for the owner.

export interface SpamChecker extends SpamQueue {
  /** Resolves when no check is running or waiting for a retry. */
  idle(): Promise<void>;
  stop(): void;
}

const MAX_RUNNING = 4;

/** Starts the checker, and with it every check a previous run left unfinished. */
export function startSpamChecker({store, bus, akismet, retryDelaysMs}: {store: CommentStore; bus: EventBus; akismet: Akismet; retryDelaysMs: readonly number[]}): SpamChecker {
  const known = new Set<string>();
  // Enqueued again while a check of them ran (an author's edit): checked once more when that one ends.
  const again = new Set<string>();
  const waiting: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const settled = new Set<() => void>();
  let running = 0;
  let stopped = false;

  const pump = () => {
    while (!stopped && running < MAX_RUNNING && waiting.length > 0) {
      const id = waiting.shift()!;
      running++;
      void attempt(id, 0).finally(() => {
        running--;
        pump();
      });
    }
    if (running === 0 && waiting.length === 0 && timers.size === 0) for (const done of settled) done();
  };

  const enqueue = (id: string) => {
    if (stopped) return;
    if (known.has(id)) return void again.add(id);
    known.add(id);
    waiting.push(id);
    pump();
  };

  /** One try; schedules the next while tries are left. */
  async function attempt(id: string, tries: number): Promise<void> {
    let item: SpamCheckItem | null = null;
    try {
      item = await store.spam.get(id);
      if (!item || item.check === null) return void forget(id);
      const permalink = (await store.threads.get(item.thread)).url;
      const verdict = await akismet.check(item, permalink);
      const to = verdict === 'ham' ? (item.check === 'publish' ? 'published' : null) : 'spam';
      const reason = verdict === 'ham' ? 'Akismet: not spam.' : verdict === 'spam' ? 'Akismet: spam.' : 'Akismet: blatant spam (it advises discarding it).';
      await finish(id, item.body, to, reason);
    } catch (error) {
      if (stopped) return;
      const message = error instanceof Error ? error.message : String(error);
      if (tries < retryDelaysMs.length) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          running++;
          void attempt(id, tries + 1).finally(() => {
            running--;
            pump();
          });
        }, retryDelaysMs[tries]);
        timer.unref();
        timers.add(timer);
        return;
      }
      console.error(`[natter] spam check of comment ${id} gave up after ${tries + 1} tries; it stays held for the owner: ${message}`);
      await finish(id, item?.body ?? null, null, `Akismet could not be reached (${tries + 1} tries); held for you to decide.`).catch((e: unknown) => {
        console.error(`[natter] could not record the failed spam check of comment ${id}:`, e instanceof Error ? e.message : e);
      });
    }
  }

  function forget(id: string) {
    known.delete(id);
    if (again.delete(id)) enqueue(id);
  }

  async function finish(id: string, body: string | null, to: 'published' | 'spam' | null, reason: string): Promise<void> {
    // No body: the comment could not even be read, so there is nothing to settle.
    const moved = body !== null && (await store.spam.settle(id, {to, reason, body}));
    forget(id);
    if (!moved || to === null) return;
    const comment = await store.getComment(id);
    if (comment) bus.emit('comment.moderated', {comment, from: 'pending', to, by: 'spam-check'});
  }

  // Checks left unfinished by a crash or a restart (their comments wait as pending meanwhile).
  void (async () => {
    try {
      for (const id of await store.spam.due(10_000)) enqueue(id);
    } catch (error) {
      console.error('[natter] could not resume the pending spam checks:', error instanceof Error ? error.message : error);
    }
  })();

  return {
    enqueue,
    idle: () => new Promise<void>((resolve) => {
      const done = () => {
        settled.delete(done);
        resolve();
      };
      settled.add(done);
      pump();
    }),
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
