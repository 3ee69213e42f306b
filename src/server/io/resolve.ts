import type {CommentState} from '../store/comment-store.js';
import type {Tally} from './report.js';

const STATES: CommentState[] = ['published', 'pending', 'spam', 'deleted'];

/**
 * What the importer remembers of each staged comment between its passes, in flat arrays by index (no object per
 * comment), so a file of a million comments fits: its key, its parent's key (then index), thread, status, and why
 * it won't be stored. The comments themselves wait in the staging file.
 */
export class Tree {
  readonly index = new Map<string, number>();
  readonly keys: string[] = [];
  readonly parentKeys: (string | null)[] = [];
  /** After settle(): the parent's index, or -1 for a top-level comment. */
  parents: number[] = [];
  readonly threads: (string | null)[] = [];
  readonly states: number[] = [];
  readonly skips = new Map<number, string>();
  /** Pass two: the stored id of each comment (0 until stored). */
  ids: number[] = [];

  get size(): number {
    return this.keys.length;
  }
  has(key: string): boolean {
    return this.index.has(key);
  }
  add(key: string, parentKey: string | null, thread: string, status: CommentState): void {
    this.index.set(key, this.keys.length);
    this.keys.push(key);
    this.parentKeys.push(parentKey);
    this.threads.push(thread);
    this.states.push(STATES.indexOf(status));
  }
  status(i: number): CommentState {
    return STATES[this.states[i]!]!;
  }
  kept(i: number): boolean {
    return !this.skips.has(i);
  }

  /**
   * Settles the tree once the whole file was read, so nesting never depends on the order of the file: a reply
   * whose parent is missing, skipped, in another thread or in a loop becomes top-level (noted); a deleted comment
   * that nothing kept replies to is skipped (a placeholder keeps replies, and only them). `keepDeleted` (a Natter
   * restore) keeps every deleted comment as it was.
   */
  settle(notes: Tally, {keepDeleted}: {keepDeleted: boolean}): void {
    const n = this.size;
    this.parents = new Array<number>(n).fill(-1);
    for (let i = 0; i < n; i++) {
      const parentKey = this.parentKeys[i];
      if (!this.kept(i) || parentKey === null || parentKey === undefined) continue;
      const p = this.index.get(parentKey);
      if (p === undefined || !this.kept(p)) notes.add('parent_missing', this.keys[i]!);
      else if (this.threads[p] !== this.threads[i]) notes.add('parent_in_other_thread', this.keys[i]!);
      else this.parents[i] = p;
    }
    this.parentKeys.length = 0;
    // Loops: walk up from each comment; reaching the walk itself breaks the loop at that comment.
    const settled = new Uint8Array(n);
    const onPath = new Uint8Array(n);
    for (let start = 0; start < n; start++) {
      if (settled[start]) continue;
      const path: number[] = [];
      for (let at = start; at >= 0 && !settled[at]; at = this.parents[at]!) {
        if (onPath[at]) {
          notes.add('parent_cycle', this.keys[at]!);
          this.parents[at] = -1;
          break;
        }
        onPath[at] = 1;
        path.push(at);
      }
      for (const k of path) settled[k] = 1;
    }
    if (keepDeleted) return;
    const replies = new Uint32Array(n);
    for (let i = 0; i < n; i++) if (this.kept(i) && this.parents[i]! >= 0) replies[this.parents[i]!]!++;
    const bare: number[] = [];
    for (let i = 0; i < n; i++) if (this.kept(i) && this.status(i) === 'deleted' && replies[i] === 0) bare.push(i);
    while (bare.length > 0) {
      const i = bare.pop()!;
      this.skips.set(i, 'deleted_without_replies');
      const up = this.parents[i]!;
      if (up < 0) continue;
      if (--replies[up]! === 0 && this.status(up) === 'deleted') bare.push(up);
    }
  }
}
