import type {CommentStore} from '../store/comment-store.js';
import type {CommentRecord, ThreadRecord} from '../store/io-store.js';

// The Natter export (README, "Export"): one JSON document, written a page of rows at a time, one thread or comment
// per line, so it streams out (and `natter import --format natter` streams it back in) without ever being one
// string. Rows come in id order and keys in a fixed order, so the same database always gives the same bytes.

/** The format's name and version, the first keys of every export. */
export const EXPORT_FORMAT = 'natter-export';
export const EXPORT_VERSION = 1;

export interface ExportOptions {
  /** Include each comment's email address (personal data; off unless asked). */
  emails?: boolean;
  /** Rows read per query. */
  pageSize?: number;
}

function threadLine(t: ThreadRecord): string {
  return JSON.stringify({id: t.id, title: t.title, url: t.url, closed: t.closed, createdAt: t.createdAt});
}

function commentLine(c: CommentRecord, emails: boolean): string {
  return JSON.stringify({
    id: c.id, thread: c.thread, parent: c.parent, author: c.author, ...(emails ? {email: c.email} : {}), website: c.website,
    body: c.body, createdAt: c.createdAt, editedAt: c.editedAt, status: c.status, owner: c.owner, source: c.source,
  });
}

/** The export as text chunks (about a page of rows each). Secrets, sessions, IPs and user agents are never in it. */
export async function* exportChunks(store: CommentStore, {emails = false, pageSize = 500}: ExportOptions = {}): AsyncGenerator<string> {
  yield `{"format":${JSON.stringify(EXPORT_FORMAT)},"version":${EXPORT_VERSION},"emails":${emails},\n"threads":[`;
  let first = true;
  for (let after: string | null = null; ;) {
    const page = await store.io.threadPage(after, pageSize);
    if (page.length === 0) break;
    yield page.map((t, i) => `${first && i === 0 ? '' : ','}\n${threadLine(t)}`).join('');
    first = false;
    after = page.at(-1)!.id;
  }
  yield '\n],\n"comments":[';
  first = true;
  for (let after = 0; ;) {
    const page = await store.io.commentPage(after, pageSize, {emails});
    if (page.length === 0) break;
    let chunk = '';
    for (const c of page) {
      chunk += `${first ? '' : ','}\n${commentLine(c, emails)}`;
      first = false;
    }
    yield chunk;
    after = Number(page.at(-1)!.id);
  }
  yield '\n]}\n';
}

/**
 * The export as a byte stream, for a download (`GET /api/admin/export` answers it with
 * `Content-Type: application/json` and `Content-Disposition: attachment; filename="natter-export.json"`).
 */
export function exportStream(store: CommentStore, options: ExportOptions = {}): ReadableStream<Uint8Array> {
  const chunks = exportChunks(store, options);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
