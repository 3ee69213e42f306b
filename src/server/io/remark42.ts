import {openText, textChunks, textLines} from './input.js';
import {FormatError} from './records.js';
import type {RawEvent, ReadOptions} from './records.js';

// Remark42's backup (`backup` command, migrator/native.go): JSON lines. The first line is the meta object
// {version, users, posts: [{url, read_only}]}; each further line one comment {id, pid, text (HTML), user {name},
// locator {site, url}, time, delete, title}. Remark42 keeps no email addresses or websites.

type Json = Record<string, any>;

/** The comments of a Remark42 backup, one line at a time. */
export async function* readRemark42(path: string, {lenient}: ReadOptions): AsyncGenerator<RawEvent> {
  let lineNo = 0;
  const closed = new Set<string>();
  const seen = new Set<string>();
  for await (const line of textLines(textChunks(await openText(path), {skipBefore: lenient ? '{' : null}))) {
    lineNo++;
    if (line.trim() === '') continue;
    let row: Json;
    try {
      row = JSON.parse(line);
    } catch {
      if (!lenient || lineNo === 1) throw new FormatError(`Line ${lineNo} of the Remark42 backup is not valid JSON${lenient ? '' : ' (--lenient skips such lines, reporting each)'}.`);
      yield {kind: 'comment', comment: {key: `remark42:line-${lineNo}`, parentKey: null, threadRef: '', author: null, email: null, website: null, body: {html: ''}, date: null, status: 'published', label: `line ${lineNo}`, broken: 'malformed_json'}};
      continue;
    }
    if (lineNo === 1) {
      if (typeof row !== 'object' || row === null || (row.version !== 1 && row.version !== 0 && row.version !== undefined)) {
        throw new FormatError('The first line of a Remark42 backup is its meta object, {"version":1,…}.');
      }
      for (const post of Array.isArray(row.posts) ? row.posts : []) if (post?.read_only === true && typeof post.url === 'string') closed.add(post.url);
      continue;
    }
    const url = typeof row.locator?.url === 'string' ? row.locator.url : '';
    const site = typeof row.locator?.site === 'string' ? row.locator.site : '';
    if (url !== '' && !seen.has(url)) {
      seen.add(url);
      yield {kind: 'thread', thread: {ref: url, url, title: typeof row.title === 'string' && row.title !== '' ? row.title : null, closed: closed.has(url), deleted: false}};
    }
    const id = typeof row.id === 'string' ? row.id : '';
    const deleted = row.delete === true;
    yield {
      kind: 'comment',
      comment: {
        key: `remark42:${site}:${id}`, parentKey: typeof row.pid === 'string' && row.pid !== '' ? `remark42:${site}:${row.pid}` : null,
        threadRef: url, author: typeof row.user?.name === 'string' ? row.user.name : null, email: null, website: null,
        body: {html: typeof row.text === 'string' ? row.text : ''}, date: typeof row.time === 'string' ? row.time : null,
        status: deleted ? 'deleted' : 'published', label: `comment ${id || '(no id)'} (line ${lineNo})`,
        ...(id === '' ? {broken: 'missing_id'} : {}),
      },
    };
  }
}
