import type {LiveEvent} from '../../adapters/adapter.js';

/**
 * The live log: every change a reader's stream shows, in one order shared by all instances on the database
 * (src/server/live). Streams replay it after their Last-Event-ID and follow it as it grows.
 */
export interface LiveLog {
  /**
   * The latest event id this process knows of; a list page carries it, taken before the page is read. Undefined
   * when live updates are off, so the page carries none.
   */
  position(): string | undefined;
  /**
   * Replays the events of `thread` after `after` (omitted: from now), then follows the log, calling `listener`
   * with each in order until the returned stop is called. 'reset' when the log can't replay from `after`: it is
   * older than the log keeps, or ahead of it.
   */
  follow(thread: string, after: number | undefined, listener: (event: LiveEvent, id: string) => void): Promise<(() => void) | 'reset'>;
  /** Stops polling and pruning (the streams are the route's to close). */
  close(): void;
}

/** A log with no events: live updates off (NATTER_LIVE_MAX=0). */
export const noLiveLog: LiveLog = {
  position: () => undefined,
  follow: async () => 'reset',
  close: () => {},
};
