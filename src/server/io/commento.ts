import {openText, textChunks} from './input.js';
import {FormatError} from './records.js';
import type {RawEvent, ReadOptions} from './records.js';
import type {CommentState} from '../store/comment-store.js';

// Commento's export (Dashboard → Export, commento/api/domain_export.go): one JSON object {version: 1, comments:
// [{commentHex, domain, url, commenterHex, markdown, parentHex ('root' at the top), state, creationDate, deleted}],
// commenters: [{commenterHex, email, name, link}]}. Its authors come last, so the file is read whole (it is one
// JSON value); "anonymous" commenters are kept, as "Anonymous".

type Json = Record<string, any>;
const STATES: Record<string, CommentState> = {approved: 'published', unapproved: 'pending', flagged: 'spam'};

/** The comments of a Commento export. */
export async function* readCommento(path: string, {lenient}: ReadOptions): AsyncGenerator<RawEvent> {
  let text = '';
  for await (const chunk of textChunks(await openText(path), {skipBefore: lenient ? '{' : null})) text += chunk;
  let doc: Json;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new FormatError(`The Commento export is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || !Array.isArray(doc.comments)) throw new FormatError('A Commento export is a JSON object with a "comments" list.');
  const people = new Map<string, Json>();
  for (const c of Array.isArray(doc.commenters) ? doc.commenters : []) if (typeof c?.commenterHex === 'string') people.set(c.commenterHex, c);
  const seen = new Set<string>();
  let n = 0;
  for (const c of doc.comments as Json[]) {
    n++;
    const path = typeof c?.url === 'string' ? c.url : '';
    const domain = typeof c?.domain === 'string' ? c.domain : '';
    const ref = `${domain}${path}`;
    if (!seen.has(ref) && path !== '') {
      seen.add(ref);
      const url = domain !== '' ? `https://${domain}${path.startsWith('/') ? '' : '/'}${path}` : path;
      yield {kind: 'thread', thread: {ref, url, title: null, closed: false, deleted: false}};
    }
    const hex = typeof c?.commentHex === 'string' ? c.commentHex : '';
    const person = people.get(c?.commenterHex);
    const status = c?.deleted === true ? 'deleted' : STATES[c?.state];
    yield {
      kind: 'comment',
      comment: {
        key: `commento:${hex}`, parentKey: typeof c?.parentHex === 'string' && c.parentHex !== 'root' && c.parentHex !== '' ? `commento:${c.parentHex}` : null,
        threadRef: ref, author: typeof person?.name === 'string' ? person.name : null,
        email: typeof person?.email === 'string' ? person.email : null, website: typeof person?.link === 'string' && person.link !== 'undefined' ? person.link : null,
        body: {markdown: typeof c?.markdown === 'string' ? c.markdown : ''}, date: typeof c?.creationDate === 'string' ? c.creationDate : null,
        status: status ?? 'pending', label: `comment ${hex.slice(0, 12) || '(no id)'} (#${n})`,
        ...(hex === '' ? {broken: 'missing_id'} : status === undefined ? {broken: 'invalid_status'} : {}),
      },
    };
  }
}
