import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {skipImportedComments} from '../notify/sweep.js';
import type {CommentStore} from '../store/comment-store.js';
import type {ImportRow, ThreadRecord} from '../store/io-store.js';
import {normalise} from './normalise.js';
import type {Staged} from './normalise.js';
import type {RawThread, RawEvent, ReadOptions} from './records.js';
import {Tally} from './report.js';
import type {ImportReport} from './report.js';
import {collectGarbage} from './memory.js';
import {Tree} from './resolve.js';
import {Staging} from './staging.js';
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
 * Imports a file in two passes, so memory holds a few numbers per comment, never the comments or their keys. Pass
 * one reads the file, checks every comment and stages those that pass in a throwaway SQLite file (staging.ts); then
 * the tree is settled (resolve.ts). Pass two reads the staged comments back in file order and stores them in
 * batches, one transaction each, a parent always before its replies. A dry run stops after pass one and counts.
 */
export async function runImport(store: CommentStore, options: ImportOptions): Promise<ImportReport> {
  const now = options.now ?? Date.now();
  const rules = options.rules ?? [];
  const skipped = new Tally();
  const notes = new Tally();
  const threads = new Map<string, RawThread>();
  const natter = options.format === 'natter';
  const dir = await mkdtemp(join(tmpdir(), 'natter-import-'));
  const staging = new Staging(join(dir, 'staged.db'));
  let read = 0;
  try {
    for await (const event of options.read(options.file, {lenient: options.lenient === true})) {
      if (event.kind === 'thread') {
        const t = event.thread;
        // Copies: a string cut from the file (a URL, a title) can hold on to the whole chunk of text it came from.
        threads.set(own(t.ref), {...t, ref: own(t.ref), url: t.url === null ? null : own(t.url), title: t.title === null ? null : own(t.title)});
        continue;
      }
      const comment = event.comment;
      if (++read % 5000 === 0) collectGarbage();
      const result = normalise(comment, now);
      if (!result.ok) {
        const [reason, detail] = result.reason.split(/: (.*)/s);
        skipped.add(reason!, detail ? `${comment.label}: ${detail}` : comment.label);
        continue;
      }
      if (!staging.add(result.staged)) {
        skipped.add('duplicate_id', comment.label);
        continue;
      }
      for (const note of result.notes) notes.add(note, comment.label);
    }
    staging.finish();
    const tree = new Tree(staging.size);

    // Threads: each comment's thread must be in the file, with a URL that makes an id.
    const threadIds = new Map<string, {id: string; url: string | null; raw: RawThread}>();
    for (const [ref, raw] of threads) {
      if (raw.deleted) continue;
      const made = raw.natter ? natterThreadId(raw.natter.id, rules) : raw.url ? threadFromUrl(raw.url, rules) : {ok: false as const, reason: 'invalid_thread_url'};
      if (made.ok) threadIds.set(ref, {id: made.value.id, url: made.value.url ?? (raw.natter ? raw.url : null), raw});
    }
    const threadIndex = new Map<string, number>();
    for (const {idx, thread: ref, status} of staging.rows()) {
      tree.setStatus(idx, status);
      const thread = threadIds.get(ref);
      if (thread) {
        let t = threadIndex.get(thread.id);
        if (t === undefined) threadIndex.set(thread.id, (t = tree.threadIds.push(thread.id) - 1));
        tree.threads[idx] = t;
        continue;
      }
      const raw = threads.get(ref);
      tree.skips.set(idx, raw === undefined ? 'unknown_thread' : raw.deleted ? 'thread_deleted' : 'invalid_thread_url');
    }
    const missing: number[] = [];
    for (const {idx, parent} of staging.links()) {
      if (parent === null) missing.push(idx);
      else tree.parents[idx] = parent;
    }
    tree.settle(missing, notes, (i) => staging.key(i), {keepDeleted: natter});
    for (const [i, reason] of tree.skips) skipped.add(reason, staging.key(i));

    const report: ImportReport = {
      format: options.format, dryRun: options.dryRun === true, added: {published: 0, pending: 0, spam: 0, deleted: 0},
      existing: 0, threads: 0, skipped, notes,
    };
    const used = new Map<string, ThreadRecord>();
    for (const {id, url, raw} of threadIds.values()) {
      used.set(id, {id, url, title: raw.title, closed: raw.closed, createdAt: raw.natter?.createdAt ?? new Date(now).toISOString()});
    }
    const touched = new Set<string>();
    for (let i = 0; i < tree.size; i++) if (tree.kept(i)) touched.add(tree.thread(i));
    report.threads = touched.size;

    if (report.dryRun) {
      await countDryRun(store, tree, staging, natter, report);
      return report;
    }
    await store.io.putThreads([...used.values()].filter((t) => touched.has(t.id) || natter));
    try {
      await storeStaged(store, staging, tree, report, options.batchSize ?? 500);
    } finally {
      // Restored comments are history (even those of an import that stopped half way): the notify catch-up sweep
      // must not mail or post them as new.
      await skipImportedComments(store, new Date());
    }
    for (const thread of touched) await store.announce({id: '0', thread});
    return report;
  } finally {
    staging.close();
    await rm(dir, {recursive: true, force: true});
  }
}

/** A fresh copy of a string, sharing no memory with the text it was cut from. */
function own(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** A Natter thread id as it was, through the remap rules applied to it as a path. */
function natterThreadId(id: string, rules: readonly MapRule[]) {
  const rule = rules.find((r) => id.startsWith(r.from));
  return {ok: true as const, value: {id: rule ? rule.to + id.slice(rule.from.length) : id, url: null}};
}

async function countDryRun(store: CommentStore, tree: Tree, staging: Staging, natter: boolean, report: ImportReport): Promise<void> {
  let part: {idx: number; key: string}[] = [];
  const count = async () => {
    const found = natter ? new Set<string>() : await store.io.existingSources(part.map((p) => p.key));
    for (const {idx, key} of part) {
      if (found.has(key)) report.existing++;
      else report.added[tree.status(idx)]++;
    }
    part = [];
  };
  const kept = [...staging.keys()].filter(({idx}) => tree.kept(idx));
  for (const entry of kept) {
    part.push(entry);
    if (part.length >= 500) await count();
  }
  await count();
}

/** Pass two: the staged comments into the store, each after its parent, `size` per transaction. */
async function storeStaged(store: CommentStore, staging: Staging, tree: Tree, report: ImportReport, size: number): Promise<void> {
  const ids = tree.ids;
  const waiting = new Map<number, {idx: number; staged: Staged}[]>();
  let batch: ImportRow[] = [];
  let rows: number[] = [];
  const inBatch = new Set<number>();
  let flushes = 0;

  const flush = async () => {
    if (batch.length === 0) return;
    const outcomes = await store.io.insertMany(batch);
    if (++flushes % 10 === 0) collectGarbage();
    batch.forEach((row, n) => {
      const outcome = outcomes.get(row.key);
      if (outcome?.kind === 'created') report.added[row.status]++;
      else if (outcome?.kind === 'existing') report.existing++;
      else report.skipped.add(outcome?.kind ?? 'parent_not_stored', row.key);
      if (outcome && 'id' in outcome) ids[rows[n]!] = Number(outcome.id);
    });
    batch = [];
    rows = [];
    inBatch.clear();
  };

  const place = async (first: {idx: number; staged: Staged}) => {
    const todo = [first];
    while (todo.length > 0) {
      const {idx: i, staged} = todo.pop()!;
      const parent = tree.parents[i]!;
      if (parent >= 0 && ids[parent] === 0 && !inBatch.has(parent)) {
        const list = waiting.get(parent) ?? [];
        list.push({idx: i, staged});
        waiting.set(parent, list);
        continue;
      }
      const parentId = parent >= 0 && ids[parent] !== 0 ? String(ids[parent]) : null;
      batch.push({
        key: staged.key, source: staged.natter ? staged.natter.source : staged.key, ...(staged.natter ? {id: staged.natter.id} : {}),
        // A kept parent is the one the file named (settling only ever cuts a link), so its key is the staged one.
        thread: tree.thread(i), parentId, parentKey: parent >= 0 && parentId === null ? staged.parentKey : null,
        author: staged.author, email: staged.email, website: staged.website, body: staged.body, createdAt: staged.createdAt,
        editedAt: staged.natter?.editedAt ?? null, status: staged.status, owner: staged.natter?.owner ?? false,
      });
      rows.push(i);
      inBatch.add(i);
      const children = waiting.get(i);
      if (children) {
        waiting.delete(i);
        todo.push(...children.reverse());
      }
      if (batch.length >= size) await flush();
    }
  };

  for (const entry of staging.comments()) {
    if (tree.kept(entry.idx)) await place(entry);
  }
  await flush();
  for (const list of waiting.values()) for (const {staged} of list) report.skipped.add('parent_not_stored', staged.label);
}
