// An in-page backend with live updates for the live tests: the memory adapter, plus a numbered event log that
// `subscribe` replays after `after` (asynchronously, as a stream would), and hooks to act as another reader.
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import type {Adapter, Comment, LiveEvent, NewComment, SubscribeHandlers} from '../../src/adapters/adapter.js';

export interface LiveBackend {
  adapter: Adapter;
  /** The open subscriptions, each with the `after` it started from. */
  open: Set<SubscribeHandlers>;
  /** Every `after` a subscription started from, in order. */
  starts: (string | undefined)[];
  /** Appends an event to the log and sends it to every open subscription. */
  emit(event: LiveEvent): void;
  /** Another reader posts (published at once); the event follows. */
  other(body: string, parent?: string | null): Promise<Comment>;
  /** Sets the delay of the reader's own post's answer, and whether its event goes out before that answer. */
  own: {delay: number; eventFirst: boolean};
}

const settle = () => new Promise((r) => setTimeout(r, 0));

export function createLiveBackend(seed: Comment[] = []): LiveBackend {
  const inner = createMemoryAdapter({seed});
  const log: LiveEvent[] = [];
  const open = new Set<SubscribeHandlers>();
  const starts: (string | undefined)[] = [];
  const own = {delay: 0, eventFirst: false};
  let keys = 0;
  const emit = (event: LiveEvent) => {
    log.push(event);
    const id = String(log.length);
    for (const h of open) h.onEvent(event, id);
  };
  const adapter: Adapter = {
    id: `live-${Math.random()}`,
    list: async (thread, options) => ({...(await inner.list(thread, options)), events: String(log.length)}),
    async post(comment: NewComment, options) {
      const posted = await inner.post(comment, options);
      if (own.eventFirst) emit({type: 'created', comment: {...posted}});
      await new Promise((r) => setTimeout(r, own.delay));
      if (!own.eventFirst) setTimeout(() => emit({type: 'created', comment: {...posted}}), 50);
      return posted;
    },
    count: inner.count,
    subscribe(_thread, handlers) {
      starts.push(handlers.after);
      let on = true;
      void settle().then(() => {
        if (!on) return;
        for (let i = Number(handlers.after ?? log.length); i < log.length; i++) handlers.onEvent(log[i], String(i + 1));
        open.add(handlers);
      });
      return () => {
        on = false;
        open.delete(handlers);
      };
    },
  };
  return {
    adapter, open, starts, emit, own,
    async other(body, parent = null) {
      const comment = await inner.post({thread: '/t', parent, author: 'Grace', body}, {idempotencyKey: `other-${++keys}`});
      emit({type: 'created', comment: {...comment}});
      return comment;
    },
  };
}
