import type {LiveEvent} from '../../adapters/adapter.js';
import type {LiveConfig} from '../config/readers.js';
import type {EventBus} from '../services/events.js';
import type {CommentStore} from '../store/comment-store.js';
import type {LiveRow} from '../store/live-store.js';
import {onReaderChanges} from './live-events.js';
import type {LiveLog} from './live-log.js';

/** More events than this after a stream's point are not replayed: the stream is reset and the reader lists again. */
export const REPLAY_LIMIT = 1000;
/** Rows read per poll query; a poll goes on until it has caught up. */
const POLL_BATCH = 500;
/** How often old events are pruned. */
const PRUNE_EVERY_MS = 10 * 60_000;

interface Follower {
  /** The last seq this stream was given. */
  last: number;
  listener: (event: LiveEvent, id: string) => void;
  /** Rows the poll found while the stream's replay was still being read; given after it, in order. */
  held: LiveRow[] | null;
}

/**
 * The live log over the live_events table. Every instance appends what its own bus reports, then announces it;
 * each polls the table (once for all its streams, whatever their thread) when told of a change by another instance,
 * after its own appends, and on every heartbeat in case a notification was lost.
 */
export function createTableLog({store, bus, config, now}: {store: CommentStore; bus: EventBus; config: LiveConfig; now: () => Date}): LiveLog {
  const byThread = new Map<string, Set<Follower>>();
  // The poll's position: every row up to here has been handed to the followers.
  let seen = 0;
  // What a list page may carry: `seen`, or this process's own latest append if the poll hasn't read it back yet.
  let known = 0;
  let polling: Promise<void> | null = null;
  let again = false;
  let closed = false;

  const started = store.live.bounds().then(
    ({last}) => {
      seen = Math.max(seen, last);
    },
    (error: unknown) => console.error('[natter] could not read the live log:', message(error)),
  );

  // Appends one after another, so this process's events keep the bus's order (an edit never lands before its post).
  let appending: Promise<unknown> = started;
  const stopMapping = onReaderChanges(bus, (thread, event) => {
    appending = appending.then(async () => {
      try {
        const seq = await store.live.append(thread, event, now().toISOString());
        // Every event up to this one has committed (appends are serialised), so a page read from now on has them all.
        known = Math.max(known, seq);
        poll();
        // The announce names the thread's comment, if any, so the other instances poll and drop that page.
        await store.announce({id: 'id' in event ? event.id : event.comment.id, thread});
      } catch (error) {
        console.error('[natter] could not write a live event:', message(error));
      }
    });
  });

  function poll(): void {
    // Even with no streams open: the position a list page carries must keep up, or a page served after the log has
    // been pruned would send its reader to a reset on every connect.
    if (closed) return;
    if (polling) {
      again = true;
      return;
    }
    polling = (async () => {
      try {
        await started;
        for (;;) {
          const rows = await store.live.since(seen, {limit: POLL_BATCH});
          for (const row of rows) {
            seen = row.seq;
            for (const follower of byThread.get(row.thread) ?? []) give(follower, row);
          }
          if (rows.length < POLL_BATCH) break;
        }
      } catch (error) {
        console.error('[natter] could not read the live log:', message(error));
      } finally {
        polling = null;
        if (again) {
          again = false;
          poll();
        }
      }
    })();
  }

  const stopWatching = bus.on('store.changed', () => poll());
  // The safety net: a NOTIFY lost while the listener reconnected is caught up within one heartbeat.
  const heartbeat = setInterval(poll, config.heartbeatMs);
  heartbeat.unref();
  const prune = () => {
    store.live.prune(new Date(now().getTime() - config.keepMs).toISOString()).catch((error: unknown) => {
      console.error('[natter] could not prune the live log:', message(error));
    });
  };
  const pruning = setInterval(prune, PRUNE_EVERY_MS);
  pruning.unref();
  void started.then(prune);

  return {
    position: () => String(Math.max(seen, known)),

    async follow(thread, after, listener) {
      const {last, pruned, threadLast} = await store.live.bounds(thread);
      const from = after ?? last;
      // Ahead: an id from another database, or from before a restore. Too old: the thread has events after the
      // point, and some of them may have been pruned.
      if (from > last || (from < threadLast && from < pruned)) return 'reset';
      const follower: Follower = {last: from, listener, held: []};
      let set = byThread.get(thread);
      if (!set) byThread.set(thread, (set = new Set()));
      set.add(follower);
      const stop = () => {
        set.delete(follower);
        if (set.size === 0 && byThread.get(thread) === set) byThread.delete(thread);
      };
      try {
        const replay = from < last ? await store.live.since(from, {thread, limit: REPLAY_LIMIT + 1}) : [];
        if (replay.length > REPLAY_LIMIT) {
          stop();
          return 'reset';
        }
        const held = follower.held!;
        follower.held = null;
        for (const row of [...replay, ...held]) give(follower, row);
      } catch (error) {
        stop();
        throw error;
      }
      // Catch up with whatever committed between the bounds read and now.
      poll();
      return stop;
    },

    close() {
      closed = true;
      stopMapping();
      stopWatching();
      clearInterval(heartbeat);
      clearInterval(pruning);
      byThread.clear();
    },
  };

  function give(follower: Follower, row: LiveRow): void {
    if (follower.held) follower.held.push(row);
    else if (row.seq > follower.last) {
      follower.last = row.seq;
      follower.listener(row.event, String(row.seq));
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
