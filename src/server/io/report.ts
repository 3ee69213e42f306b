import type {CommentState} from '../store/comment-store.js';

// What an import did, for people: counts per status, and every reason something was skipped or changed, with
// the first few examples of each.

const EXAMPLES = 5;

/** Counts by reason, each with a few examples (which comment, where). */
export class Tally {
  readonly counts = new Map<string, {count: number; examples: string[]}>();
  add(reason: string, example: string): void {
    const entry = this.counts.get(reason) ?? {count: 0, examples: []};
    entry.count++;
    if (entry.examples.length < EXAMPLES) entry.examples.push(example);
    this.counts.set(reason, entry);
  }
  total(): number {
    let n = 0;
    for (const {count} of this.counts.values()) n += count;
    return n;
  }
  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts].map(([reason, {count}]) => [reason, count]));
  }
}

/** The outcome of one import (or of a dry run, which counts the same and writes nothing). */
export interface ImportReport {
  format: string;
  dryRun: boolean;
  /** Comments added, by the status they were stored with. */
  added: Record<CommentState, number>;
  /** Comments a previous run already stored (their source id was found): added again as nothing. */
  existing: number;
  /** Threads that got at least one comment (their title and URL recorded). */
  threads: number;
  skipped: Tally;
  /** Comments kept with a change: an email or website dropped, a reply made top-level, a long body, … */
  notes: Tally;
}

const WHY: Record<string, string> = {
  malformed_xml: 'not well-formed XML (the lenient mode skipped it)',
  malformed_json: 'not valid JSON (the lenient mode skipped it)',
  unreadable_html: 'its HTML could not be read',
  unknown_thread: 'its thread is not in the file',
  thread_deleted: 'its thread was deleted',
  invalid_thread_url: 'its thread has no usable URL',
  deleted_without_replies: 'deleted, and nothing replies to it',
  duplicate_id: 'the file has another comment with its id',
  invalid_date: 'its date is missing or not a date',
  invalid_status: 'its status is not one the format defines',
  empty_body: 'its text is empty (after removing unsafe HTML)',
  invalid_body: 'its text has control characters or broken Unicode',
  invalid_author: 'its author name has control or direction characters',
  author_too_long: 'its author name is over 100 characters (never truncated)',
  missing_id: 'it has no id',
  id_taken: 'its id holds another comment in this database',
  parent_not_stored: 'its parent could not be stored',
  email_dropped: 'a malformed email address was dropped',
  website_dropped: 'a website that is not http(s) was dropped',
  author_missing: 'no author name: shown as "Anonymous"',
  parent_missing: 'its parent is not in the file: made a top-level comment',
  parent_in_other_thread: 'its parent is in another thread: made a top-level comment',
  parent_cycle: 'its parents form a loop: made a top-level comment',
  long_body: 'over 10,000 characters, the limit for new posts: kept whole',
};

function section(title: string, tally: Tally): string[] {
  if (tally.counts.size === 0) return [];
  const lines = [`${title} (${tally.total()}):`];
  for (const [reason, {count, examples}] of [...tally.counts].sort((a, b) => b[1].count - a[1].count)) {
    lines.push(`  ${String(count).padStart(7)}  ${WHY[reason] ?? reason}`);
    lines.push(`           e.g. ${examples.join('; ')}${count > examples.length ? '; …' : ''}`);
  }
  return lines;
}

/** The report as the CLI prints it. */
export function formatReport(report: ImportReport): string {
  const verb = report.dryRun ? 'Would add' : 'Added';
  const total = Object.values(report.added).reduce((a, b) => a + b, 0);
  const lines = [
    `${report.dryRun ? 'Dry run (nothing written)' : 'Import'} from ${report.format}:`,
    `  ${verb} ${total} comments: ${report.added.published} published, ${report.added.pending} pending, ${report.added.spam} spam, ${report.added.deleted} deleted (placeholders keeping their replies).`,
    `  Already imported before: ${report.existing}. Threads with comments: ${report.threads}.`,
    ...section('Skipped', report.skipped),
    ...section('Kept with a change', report.notes),
  ];
  return lines.join('\n');
}
