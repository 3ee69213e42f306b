import {once} from 'node:events';
import {createReadStream, createWriteStream} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {CommentStore} from '../store/comment-store.js';
import type {ImportRow, ThreadRecord} from '../store/io-store.js';
import {textLines} from './input.js';
import {normalise} from './normalise.js';
import type {Staged} from './normalise.js';
import type {RawThread, RawEvent, ReadOptions} from './records.js';
import {Tally} from './report.js';
import type {ImportReport} from './report.js';
import {Tree} from './resolve.js';
import {threadFromUrl} from './thread-ids.js';
import type {MapRule} from './thread-ids.js';

/** Reads one format: threads and comments as the file has them. */
export type FormatReader = (path: string, options: ReadOptions) => AsyncIterable<RawEvent>;

export interface ImportOptions {
  format: string;
  read: FormatReader;
  file: string;
  rules?: readonly MapRule[];
  dryRun?: boolean;
  lenient?: boolean;
  /** Rows per transaction. */
  batchSize?: number;
  now?: number;
}

/**
 * Imports a file in two passes, so memory holds the tree (keys and parents), never the comments. Pass one reads the
 * file, checks every comment and writes those that pass to a staging file (JSON lines) in a temp folder; then the
 * tree is settled (resolve.ts). Pass two reads the staging file and stores comments in batches, one transaction
 * each, a parent always before its replies. A dry run stops after pass one and counts.
 */
export async function runImport(store: CommentStore, options: ImportOptions): Promise<ImportReport> {
  const now = options.now ?? Date.now();
  const rules = options.rules ?? [];
  const skipped = new Tally();
  const notes = new Tally();
  const threads = new Map<string, RawThread>();
  const tree = new Tree();
  const natter = options.format === 'natter';
  const dir = await mkdtemp(join(tmpdir(), 'natter-import-'));
  const stagingPath = join(dir, 'staged.jsonl');
  try {
    const staging = createWriteStream(stagingPath);
    for await (const event of options.read(options.file, {lenient: options.lenient === true})) {
      if (event.kind === 'thread') {
        threads.set(event.thread.ref, event.thread);
        continue;
      }
      const comment = event.comment;
      const result = normalise(comment, now);
      if (!result.ok) {
        const [reason, detail] = result.reason.split(/: (.*)/s);
        skipped.add(reason!, detail ? `${comment.label}: ${detail}` : comment.label);
        continue;
      }
      if (tree.has(comment.key)) {
        skipped.add('duplicate_id', comment.label);
        continue;
      }
      for (const note of result.notes) notes.add(note, comment.label);
      tree.add(comment.key, comment.parentKey, comment.threadRef, comment.status);
      if (!staging.write(`${JSON.stringify(result.staged)}\n`)) await once(staging, 'drain');
    }
    staging.end();
    await once(staging, 'close');

    // Threads: each comment's thread must be in the file, with a URL that makes an id.
    const threadIds = new Map<string, {id: string; url: string | null; raw: RawThread}>();
    for (const [ref, raw] of threads) {
      if (raw.deleted) continue;
      const made = raw.natter ? natterThreadId(raw.natter.id, rules) : raw.url ? threadFromUrl(raw.url, rules) : {ok: false as const, reason: 'invalid_thread_url'};
      if (made.ok) threadIds.set(ref, {id: made.value.id, url: made.value.url ?? (raw.natter ? raw.url : null), raw});
    }
    for (let i = 0; i < tree.size; i++) {
      const ref = tree.threads[i] ?? '';
      const thread = threadIds.get(ref);
      if (thread) {
        tree.threads[i] = thread.id;
        continue;
      }
      const raw = threads.get(ref);
      tree.skips.set(i, raw === undefined ? 'unknown_thread' : raw.deleted ? 'thread_deleted' : 'invalid_thread_url');
    }
    tree.settle(notes, {keepDeleted: natter});
    for (const [i, reason] of tree.skips) skipped.add(reason, tree.keys[i]!);

    const report: ImportReport = {
      format: options.format, dryRun: options.dryRun === true, added: {published: 0, pending: 0, spam: 0, deleted: 0},
      existing: 0, threads: 0, skipped, notes,
    };
    const used = new Map<string, ThreadRecord>();
    for (const {id, url, raw} of threadIds.values()) {
      used.set(id, {id, url, title: raw.title, closed: raw.closed, createdAt: raw.natter?.createdAt ?? new Date(now).toISOString()});
    }
    const touched = new Set<string>();
    for (let i = 0; i < tree.size; i++) if (tree.kept(i)) touched.add(tree.threads[i]!);
    report.threads = touched.size;

    if (report.dryRun) {
      await countDryRun(store, tree, natter, report);
      return report;
    }
    await store.io.putThreads([...used.values()].filter((t) => touched.has(t.id) || natter));
    await storeStaged(store, stagingPath, tree, report, options.batchSize ?? 500);
    for (const thread of touched) await store.announce({id: '0', thread});
    return report;
  } finally {
    await rm(dir, {recursive: true, force: true});
  }
}

/** A Natter thread id as it was, through the remap rules applied to it as a path. */
function natterThreadId(id: string, rules: readonly MapRule[]) {
  const rule = rules.find((r) => id.startsWith(r.from));
  return {ok: true as const, value: {id: rule ? rule.to + id.slice(rule.from.length) : id, url: null}};
}

async function countDryRun(store: CommentStore, tree: Tree, natter: boolean, report: ImportReport): Promise<void> {
  const keep: number[] = [];
  for (let i = 0; i < tree.size; i++) if (tree.kept(i)) keep.push(i);
  const sources = natter ? [] : keep.map((i) => tree.keys[i]!);
  const found = new Set<string>();
  for (let i = 0; i < sources.length; i += 500) for (const s of await store.io.existingSources(sources.slice(i, i + 500))) found.add(s);
  for (const i of keep) {
    if (found.has(tree.keys[i]!)) report.existing++;
    else report.added[tree.status(i)]++;
  }
}

/** Pass two: the staged comments into the store, each after its parent, `size` per transaction. */
async function storeStaged(store: CommentStore, path: string, tree: Tree, report: ImportReport, size: number): Promise<void> {
  tree.ids = new Array<number>(tree.size).fill(0);
  const ids = tree.ids;
  const waiting = new Map<number, Staged[]>();
  let batch: ImportRow[] = [];
  const inBatch = new Set<number>();

  const flush = async () => {
    if (batch.length === 0) return;
    const outcomes = await store.io.insertMany(batch);
    for (const row of batch) {
      const outcome = outcomes.get(row.key);
      if (outcome?.kind === 'created') report.added[row.status]++;
      else if (outcome?.kind === 'existing') report.existing++;
      else report.skipped.add(outcome?.kind ?? 'parent_not_stored', row.key);
      if (outcome && 'id' in outcome) ids[tree.index.get(row.key)!] = Number(outcome.id);
    }
    batch = [];
    inBatch.clear();
  };

  const place = async (first: Staged) => {
    const todo = [first];
    while (todo.length > 0) {
      const staged = todo.pop()!;
      const i = tree.index.get(staged.key)!;
      const parent = tree.parents[i]!;
      if (parent >= 0 && ids[parent] === 0 && !inBatch.has(parent)) {
        const list = waiting.get(parent) ?? [];
        list.push(staged);
        waiting.set(parent, list);
        continue;
      }
      const parentId = parent >= 0 && ids[parent] !== 0 ? String(ids[parent]) : null;
      batch.push({
        key: staged.key, source: staged.natter ? staged.natter.source : staged.key, ...(staged.natter ? {id: staged.natter.id} : {}),
        thread: tree.threads[i]!, parentId, parentKey: parent >= 0 && parentId === null ? tree.keys[parent]! : null,
        author: staged.author, email: staged.email, website: staged.website, body: staged.body, createdAt: staged.createdAt,
        editedAt: staged.natter?.editedAt ?? null, status: staged.status, owner: staged.natter?.owner ?? false,
      });
      inBatch.add(i);
      const children = waiting.get(i);
      if (children) {
        waiting.delete(i);
        todo.push(...children.reverse());
      }
      if (batch.length >= size) await flush();
    }
  };

  const stream = createReadStream(path, {encoding: 'utf8'});
  for await (const line of textLines(stream)) {
    if (line === '') continue;
    const staged = JSON.parse(line) as Staged;
    const i = tree.index.get(staged.key);
    if (i !== undefined && tree.kept(i)) await place(staged);
  }
  await flush();
  for (const list of waiting.values()) for (const staged of list) report.skipped.add('parent_not_stored', staged.label);
}
