import type {LiveConfig} from '../config/readers.js';

/** One open stream, as the hub sees it. */
export interface OpenStream {
  /** Writes a heartbeat comment. */
  ping(): void;
  /** Ends the response cleanly. */
  end(): void;
}

/** The open /api/events streams of this process: the caps, one shared heartbeat, and closing them all at shutdown. */
export interface Streams {
  /** Takes a place for a client (its rate-limit key) or says which cap is full; the place is kept until `release`. */
  admit(client: string): {release(): void} | 'per_ip' | 'full';
  /** Registers an admitted stream for heartbeats and shutdown; the answer unregisters it. */
  add(stream: OpenStream): () => void;
  /** Open streams in this process. */
  count(): number;
  /** Ends every stream and refuses new ones (shutdown). */
  close(): void;
}

export function createStreams(config: LiveConfig): Streams {
  const perClient = new Map<string, number>();
  const open = new Set<OpenStream>();
  let total = 0;
  let closed = false;
  // One timer for every stream rather than one each: with thousands open, thousands of timers cost memory and wakeups.
  const heartbeat = setInterval(() => open.forEach((stream) => stream.ping()), config.heartbeatMs);
  heartbeat.unref();

  return {
    admit(client) {
      if (closed || total >= config.max) return 'full';
      const held = perClient.get(client) ?? 0;
      if (held >= config.perIp) return 'per_ip';
      perClient.set(client, held + 1);
      total++;
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          total--;
          const left = perClient.get(client)! - 1;
          if (left === 0) perClient.delete(client);
          else perClient.set(client, left);
        },
      };
    },
    add(stream) {
      open.add(stream);
      return () => open.delete(stream);
    },
    count: () => total,
    close() {
      closed = true;
      clearInterval(heartbeat);
      for (const stream of [...open]) stream.end();
    },
  };
}
