import type {HttpBindings} from '@hono/node-server';
import {Hono} from 'hono';
import {streamSSE} from 'hono/streaming';
import type {LiveEvent} from '../../adapters/adapter.js';
import {ApiError} from '../api-error.js';
import {clientIp, rateLimitKey} from '../client-ip.js';
import type {ServerConfig} from '../config.js';
import type {LiveLog} from '../live/live-log.js';
import type {Streams} from '../live/streams.js';
import {validateThread} from '../validation.js';

/** A client this far behind (events written but not yet sent) is dropped; it reconnects and replays what it missed. */
const MAX_QUEUED_WRITES = 256;

/**
 * GET /api/events?thread=ID[&after=SEQ]: the thread's live events as Server-Sent Events (README, Server protocol).
 * Mounted before the compression middleware: a compressor would buffer the stream (or wait for its end forever).
 */
export function eventRoutes({live, streams, config}: {live: LiveLog; streams: Streams; config: ServerConfig}) {
  const {max} = config.readers.live;
  return new Hono<{Bindings: Partial<HttpBindings>}>().get('/', async (c) => {
    if (max === 0) {
      throw new ApiError(404, 'live_off', 'Live updates are turned off on this server (NATTER_LIVE_MAX=0); list the thread again to see new comments.');
    }
    const threads = c.req.queries('thread') ?? [];
    if (threads.length > 1) throw new ApiError(400, 'invalid_thread', 'Ask for one thread at a time.', {field: 'thread'});
    const thread = validateThread(threads[0]);
    // EventSource sends the id of the last event it got when it reconnects; that is later than the `after` it began with.
    const lastId = c.req.header('last-event-id');
    const after = parseAfter(lastId !== undefined && lastId !== '' ? lastId : c.req.query('after'));

    const place = streams.admit(rateLimitKey(clientIp(c, config.trustProxy)));
    if (place === 'per_ip') {
      throw new ApiError(429, 'too_many_streams', 'Too many live streams are open from your address. Close a tab or try again later.', {headers: {'Retry-After': '30'}});
    }
    if (place === 'full') {
      throw new ApiError(503, 'live_full', 'The server has as many live streams open as it can take. Try again later.', {headers: {'Retry-After': '30'}});
    }

    // nginx buffers proxied responses unless told otherwise; this asks it not to for this one (README, Live updates).
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      let stop: (() => void) | 'reset' | undefined;
      let queued = 0;
      let finish!: () => void;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const write = (text: string) => {
        if (stream.closed || stream.aborted) return;
        if (++queued > MAX_QUEUED_WRITES) return finish();
        void stream.write(text).then(() => queued--);
      };
      // The server's idle timeout would cut a quiet stream between heartbeats; the heartbeats keep it honest instead.
      const socket = c.env?.incoming?.socket;
      const idleBefore = socket?.timeout;
      socket?.setTimeout(0);
      const unregister = streams.add({ping: () => write(': ping\n\n'), end: () => finish()});
      stream.onAbort(() => finish());
      try {
        write('retry: 2000\n\n');
        stop = await live.follow(thread, after, (event: LiveEvent, id: string) => {
          write(`id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
        });
        if (stop === 'reset') write('event: reset\ndata: {}\n\n');
        else if (!stream.aborted) await finished;
      } catch (error) {
        // The database failed: end the stream (nothing of the error goes to the reader); EventSource comes back.
        console.error('[natter] a live stream failed:', error instanceof Error ? error.message : error);
      } finally {
        if (typeof stop === 'function') stop();
        unregister();
        place.release();
        if (socket && !socket.destroyed) socket.setTimeout(idleBefore ?? 0);
      }
      // streamSSE ends the response when this returns.
    });
  });
}

function parseAfter(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,15}$/.test(value)) throw new ApiError(400, 'invalid_after', 'The event id to resume after must be a whole number, as the stream sent it.', {field: 'after'});
  return Number(value);
}
