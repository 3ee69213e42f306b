import type {CommentState} from '../store/comment-store.js';
import {EXPORT_FORMAT, EXPORT_VERSION} from './export.js';
import {openText, textChunks, textLines} from './input.js';
import {FormatError} from './records.js';
import type {RawEvent, ReadOptions} from './records.js';

// Reads a Natter export back (export.ts writes it): line by line when it has the layout Natter writes (one row a
// line), else as one JSON document (an export someone reformatted).

const STATES = new Set<CommentState>(['published', 'pending', 'spam', 'deleted']);
const ID = /^[1-9]\d{0,14}$/;
const str = (v: unknown): v is string => typeof v === 'string';
const strOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

function threadEvent(row: Record<string, unknown>): RawEvent | null {
  if (!str(row.id) || !strOrNull(row.title) || !strOrNull(row.url) || typeof row.closed !== 'boolean' || !str(row.createdAt)) return null;
  return {kind: 'thread', thread: {ref: row.id, url: row.url, title: row.title, closed: row.closed, deleted: false, natter: {id: row.id, createdAt: row.createdAt}}};
}

function commentEvent(row: Record<string, unknown>, line: number): RawEvent {
  const ok = str(row.id) && ID.test(row.id) && str(row.thread) && (row.parent === null || (str(row.parent) && ID.test(row.parent)))
    && str(row.author) && (row.email === undefined || strOrNull(row.email)) && strOrNull(row.website) && str(row.body)
    && str(row.createdAt) && strOrNull(row.editedAt) && STATES.has(row.status as CommentState) && typeof row.owner === 'boolean' && strOrNull(row.source);
  const id = str(row.id) ? row.id : '?';
  return {
    kind: 'comment',
    comment: {
      key: `natter:${id}`, parentKey: str(row.parent) ? `natter:${row.parent}` : null, threadRef: str(row.thread) ? row.thread : '',
      author: str(row.author) ? row.author : null, email: str(row.email) ? row.email : null, website: str(row.website) ? row.website : null,
      body: {markdown: str(row.body) ? row.body : ''}, date: str(row.createdAt) ? row.createdAt : null,
      status: STATES.has(row.status as CommentState) ? (row.status as CommentState) : 'pending',
      label: `comment ${id} (line ${line})`,
      natter: {id, source: str(row.source) ? row.source : null, editedAt: str(row.editedAt) ? row.editedAt : null, owner: row.owner === true},
      ...(ok ? {} : {broken: 'invalid_record'}),
    },
  };
}

function checkHeader(head: Record<string, unknown>): void {
  if (head.format !== EXPORT_FORMAT) throw new FormatError(`This is not a Natter export (its "format" is not "${EXPORT_FORMAT}").`);
  if (head.version !== EXPORT_VERSION) throw new FormatError(`This Natter export is version ${String(head.version)}; this Natter reads version ${EXPORT_VERSION}.`);
}

/** The threads and comments of a Natter export. */
export async function* readNatter(path: string, {lenient}: ReadOptions): AsyncGenerator<RawEvent> {
  let lineNo = 0;
  let section: 'head' | 'threads' | 'comments' | 'end' = 'head';
  let whole: string | null = null;
  for await (const line of textLines(textChunks(await openText(path), {skipBefore: lenient ? '{' : null}))) {
    lineNo++;
    if (whole !== null) {
      whole += `${line}\n`;
      continue;
    }
    if (section === 'head') {
      let head: Record<string, unknown> | null = null;
      try {
        head = line.endsWith(',') ? JSON.parse(`${line.slice(0, -1)}}`) : null;
      } catch {
        head = null;
      }
      if (head === null) {
        whole = `${line}\n`;
        continue;
      }
      checkHeader(head);
      section = 'threads';
    } else if (line === '"threads":[') section = 'threads';
    else if (line === '],' || line === ']}') section = line === '],' ? 'comments' : 'end';
    else if (line === '"comments":[') section = 'comments';
    else if (line.trim() !== '' && section !== 'end') {
      let row: Record<string, unknown>;
      try {
        row = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line);
      } catch {
        throw new FormatError(`Line ${lineNo} of the Natter export is not valid JSON.`);
      }
      if (section === 'threads') {
        const event = threadEvent(row);
        if (!event) throw new FormatError(`Line ${lineNo} of the Natter export is not a valid thread.`);
        yield event;
      } else {
        yield commentEvent(row, lineNo);
      }
    }
  }
  if (whole === null) return;
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(whole);
  } catch (error) {
    throw new FormatError(`The Natter export is not valid JSON: ${(error as Error).message}`);
  }
  checkHeader(doc);
  for (const t of Array.isArray(doc.threads) ? doc.threads : []) {
    const event = threadEvent(t);
    if (!event) throw new FormatError('A thread in the Natter export is not valid.');
    yield event;
  }
  for (const c of Array.isArray(doc.comments) ? doc.comments : []) yield commentEvent(c, 0);
}
