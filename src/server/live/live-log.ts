import type {LiveEvent} from '../../adapters/adapter.js';

/**
 * The live log: every change a reader's stream shows, in one order shared by all instances on the database
 * (src/server/live). Streams replay it after their Last-Event-ID and follow it as it grows.
 */
export interface LiveLog {
  /** The latest event id this process knows of. A list page carries it, taken before the page is read. */
  position(): string;
  /** Calls `listener` with each new event of `thread` after `after`, in order, until the returned stop is called. */
  follow(thread: string, after: string, listener: (event: LiveEvent, id: string) => void): (() => void) | 'reset';
}

/** A log with no events: live updates off (placeholder until the live log is built). */
export const noLiveLog: LiveLog = {
  position: () => '0',
  follow: () => () => {},
};
