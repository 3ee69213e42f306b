import type {CommentState} from '../store/comment-store.js';
import type {Tally} from './report.js';

/** What the importer remembers of each staged comment between its passes: enough to settle the tree. */
export interface Entry {
  parentKey: string | null;
  thread: string | null;
  status: CommentState;
  label: string;
  /** Set when the comment won't be stored, with the reason. */
  skip?: string;
}

/**
 * Settles the tree once the whole file was read, so nesting never depends on the order of the file: a reply
 * whose parent is missing, skipped, in another thread or in a loop becomes top-level (noted); a deleted comment
 * that nothing kept replies to is skipped (a placeholder keeps replies, and only them). `keepDeleted` (a Natter
 * restore) keeps every deleted comment as it was.
 */
export function resolveTree(entries: Map<string, Entry>, notes: Tally, {keepDeleted}: {keepDeleted: boolean}): void {
  const kept = (key: string | null) => {
    const entry = key === null ? undefined : entries.get(key);
    return entry !== undefined && entry.skip === undefined ? entry : undefined;
  };
  for (const entry of entries.values()) {
    if (entry.skip !== undefined || entry.parentKey === null) continue;
    const parent = kept(entry.parentKey);
    if (!parent || parent.thread !== entry.thread) {
      notes.add(parent ? 'parent_in_other_thread' : 'parent_missing', entry.label);
      entry.parentKey = null;
    }
  }
  // Loops: walk up from each comment; reaching the walk itself breaks the loop at that comment.
  const settled = new Set<string>();
  for (const [key, start] of entries) {
    if (start.skip !== undefined || settled.has(key)) continue;
    const path = new Set<string>();
    let at: string | null = key;
    while (at !== null && !settled.has(at)) {
      if (path.has(at)) {
        const looped = entries.get(at)!;
        notes.add('parent_cycle', looped.label);
        looped.parentKey = null;
        break;
      }
      path.add(at);
      at = entries.get(at)!.parentKey;
    }
    for (const k of path) settled.add(k);
  }
  if (keepDeleted) return;
  const replies = new Map<string, number>();
  for (const entry of entries.values()) {
    if (entry.skip === undefined && entry.parentKey !== null) replies.set(entry.parentKey, (replies.get(entry.parentKey) ?? 0) + 1);
  }
  const bare = [...entries].filter(([key, e]) => e.skip === undefined && e.status === 'deleted' && !replies.get(key));
  while (bare.length > 0) {
    const [, entry] = bare.pop()!;
    entry.skip = 'deleted_without_replies';
    const up = entry.parentKey;
    if (up === null) continue;
    const left = (replies.get(up) ?? 1) - 1;
    replies.set(up, left);
    const parent = entries.get(up)!;
    if (left === 0 && parent.status === 'deleted') bare.push([up, parent]);
  }
}
