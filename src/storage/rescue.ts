import type {Draft} from './drafts.js';
import type {OutboxEntry} from './outbox.js';

/** What a page held when it went away: its drafts and its unacknowledged comments. */
export interface Rescue {
  drafts: Draft[];
  outbox: OutboxEntry[];
}

// Chromium often drops IndexedDB writes made while a page unloads, even committed ones (reproduced with a reload
// right after typing), so pagehide also leaves a synchronous copy in localStorage. The next page moves it into
// IndexedDB and only then removes it.
const name = (scope: string, thread: string) => `natter:${scope}\0${thread}`;

/**
 * Leaves `rescue` for the next page and returns what it wrote; with null clears it, or with `mine` too only if it is
 * still that (another tab's copy, written since, stays). Never throws (storage may be off or full).
 */
export function leaveRescue(scope: string, thread: string, rescue: Rescue | null, mine?: string): string | undefined {
  const key = name(scope, thread);
  try {
    if (rescue) localStorage.setItem(key, (mine = JSON.stringify(rescue)));
    else if (!mine || localStorage.getItem(key) === mine) localStorage.removeItem(key);
  } catch {
    // Nothing better can be done while the page goes away.
  }
  return mine;
}

/** What an earlier page left, if anything. */
export function findRescue(scope: string, thread: string): Rescue | undefined {
  try {
    return JSON.parse(localStorage.getItem(name(scope, thread)) ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
}
