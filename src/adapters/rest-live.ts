// The REST adapter's live half, in the write chunk (src/write/index.ts re-exports it), beside the live updates.
import type {SubscribeHandlers} from './adapter.js';

/**
 * Live changes to a thread over Server-Sent Events (`GET /api/events`). After a dropped connection the browser
 * reconnects by itself and sends `Last-Event-ID`; a stream it gave up on (an HTTP error, a proxy's page) starts
 * again here, after the last event seen, so nothing is missed or doubled.
 */
export function subscribe(base: string, thread: string, {after, onEvent, onReset, onStatus}: SubscribeHandlers): () => void {
  let source: EventSource;
  let timer: ReturnType<typeof setTimeout>;
  let tries = 0;
  const open = () => {
    source = new EventSource(`${base}/api/events?${new URLSearchParams(after ? {thread, after} : {thread})}`);
    const handle = (e: MessageEvent) => onEvent(JSON.parse(e.data), (after = e.lastEventId));
    for (const type of ['created', 'updated', 'deleted', 'voted']) source.addEventListener(type, handle as EventListener);
    // Too old to replay (or a log started afresh): this stream has nothing to add; the caller lists again.
    source.addEventListener('reset', () => (source.close(), onReset?.()));
    source.onopen = () => ((tries = 0), onStatus?.(true));
    source.onerror = () => {
      onStatus?.(false);
      // CLOSED: the browser won't try again (e.g. 429 too_many_streams, 503 live_full); 2, 4, 6… s, at most a minute.
      if (source.readyState === 2) timer = setTimeout(open, Math.min(6e4, 2e3 * ++tries));
    };
  };
  open();
  return () => (clearTimeout(timer), source.close());
}
