import type {CommentState} from '../store/comment-store.js';
import type {Tally} from './report.js';

const STATES: CommentState[] = ['published', 'pending', 'spam', 'deleted'];

/**
 * What the importer holds of each staged comment between its passes: numbers only, by index (the keys and text
 * wait in the staging file), so memory stays small whatever the file's size.
 */
export class Tree {
  /** The parent's index, or -1 for a top-level comment. */
  readonly parents: Int32Array;
  /** The thread, as an index into `threadIds`; -1 until known. */
  readonly threads: Int32Array;
  readonly states: Uint8Array;
  readonly skips = new Map<number, string>();
  /** Pass two: each comment's stored id (0 until stored). */
  readonly ids: Float64Array;
  readonly threadIds: string[] = [];

  constructor(readonly size: number) {
    this.parents = new Int32Array(size).fill(-1);
    this.threads = new Int32Array(size).fill(-1);
    this.states = new Uint8Array(size);
    this.ids = new Float64Array(size);
  }

  setStatus(i: number, status: CommentState): void {
    this.states[i] = STATES.indexOf(status);
  }
  status(i: number): CommentState {
    return STATES[this.states[i]!]!;
  }
  kept(i: number): boolean {
    return !this.skips.has(i);
  }
  thread(i: number): string {
    return this.threadIds[this.threads[i]!]!;
  }

  /**
   * Settles the tree once the whole file was read, so nesting never depends on the order of the file: a reply
   * whose parent is missing, skipped, in another thread or in a loop becomes top-level (noted); a deleted comment
   * that nothing kept replies to is skipped (a placeholder keeps replies, and only them). `keepDeleted` (a Natter
   * restore) keeps every deleted comment as it was. `missing` lists the replies whose parent isn't in the file;
   * `label` names a comment for a note.
   */
  settle(missing: readonly number[], notes: Tally, label: (i: number) => string, {keepDeleted}: {keepDeleted: boolean}): void {
    const n = this.size;
    for (const i of missing) if (this.kept(i)) notes.add('parent_missing', label(i));
    for (let i = 0; i < n; i++) {
      const p = this.parents[i]!;
      if (p < 0) continue;
      if (!this.kept(i)) this.parents[i] = -1;
      else if (!this.kept(p)) {
        notes.add('parent_missing', label(i));
        this.parents[i] = -1;
      } else if (this.threads[p] !== this.threads[i]) {
        notes.add('parent_in_other_thread', label(i));
        this.parents[i] = -1;
      }
    }
    // Loops: walk up from each comment; reaching the walk itself breaks the loop at that comment.
    const settled = new Uint8Array(n);
    const onPath = new Uint8Array(n);
    for (let start = 0; start < n; start++) {
      if (settled[start]) continue;
      const path: number[] = [];
      for (let at = start; at >= 0 && !settled[at]; at = this.parents[at]!) {
        if (onPath[at]) {
          notes.add('parent_cycle', label(at));
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
