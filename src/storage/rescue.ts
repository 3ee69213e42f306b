import type {Draft} from './drafts.js';
import type {OutboxEntry} from './outbox.js';

/** What a page held when it went away: its drafts and its unacknowledged comments. */
export interface Rescue {
  drafts: Draft[];
  outbox: OutboxEntry[];
}

// Chromium often drops IndexedDB writes made while a page unloads, even committed ones (reproduced with a reload
// right after typing), so pagehide also leaves a synchronous copy in localStorage. The next page moves it into
// IndexedDB and only then removes it. Each page writes under a name of its own, so two tabs of one thread going away
// together (a browser quit) leave two copies, not one overwriting the other; a copy an earlier version left under the
// plain name is still found.
const name = (scope: string, thread: string) => `natter:${scope}\0${thread}`;
const page = `\0${Math.random().toString(36).slice(2)}`;

/** Leaves `rescue` for the next page under this page's own name, or with null clears it. Never throws (storage may be off or full). */
export function leaveRescue(scope: string, thread: string, rescue: Rescue | null): boolean {
  const key = name(scope, thread) + page;
  try {
    if (rescue) localStorage.setItem(key, JSON.stringify(rescue));
    else localStorage.removeItem(key);
    return !!rescue;
  } catch {
    // Nothing better can be done while the page goes away.
    return false;
  }
}

/** What earlier pages left, each with the name to remove once it is stored elsewhere. */
export function findRescues(scope: string, thread: string): [string, Rescue][] {
  const plain = name(scope, thread);
  const found: [string, Rescue][] = [];
  try {
    for (const key of Object.keys(localStorage)) {
      if (key !== plain && !key.startsWith(`${plain}\0`)) continue;
      try {
        found.push([key, JSON.parse(localStorage.getItem(key)!)]);
      } catch {
        // An unreadable copy is left as it is.
      }
    }
  } catch {
    // Storage off: nothing was left.
  }
  return found;
}

/** Removes one copy `findRescues` gave. */
export const dropRescue = (key: string) => {
  try {
    localStorage.removeItem(key);
  } catch {}
};
