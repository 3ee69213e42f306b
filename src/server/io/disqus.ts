import {createHash} from 'node:crypto';
import type {CommentState} from '../store/comment-store.js';
import type {RawEvent, ReadOptions} from './records.js';
import {child, childText, xmlRecords} from './xml-records.js';
import type {XmlNode} from './xml-records.js';

// Disqus export (disqus.com/api/schemas/1.0/disqus.xsd): <thread dsq:id> elements with a <link> and <title>, and
// <post dsq:id> elements naming their thread and parent by dsq:id; threads and posts may come in any order.

const flag = (node: XmlNode, name: string): boolean | null => {
  const text = childText(node, name);
  return text === null || text === '' || text === 'false' ? false : text === 'true' ? true : null;
};

function post(node: XmlNode): RawEvent {
  const dsq = node.attrs.id?.trim() ?? '';
  const author = child(node, 'author');
  const message = childText(node, 'message') ?? '';
  const threadRef = child(node, 'thread')?.attrs.id?.trim() ?? '';
  const date = childText(node, 'createdAt');
  // A post without a dsq:id (seen in the wild) is known by what it says, so a re-run still finds it.
  const key = dsq !== ''
    ? `disqus:${dsq}`
    : `disqus:sha1-${createHash('sha1').update([threadRef, date, author ? childText(author, 'name') : '', message].join('\0')).digest('hex')}`;
  const deleted = flag(node, 'isDeleted');
  const spam = flag(node, 'isSpam');
  const status: CommentState = deleted ? 'deleted' : spam ? 'spam' : 'published';
  const parent = child(node, 'parent')?.attrs.id?.trim();
  return {
    kind: 'comment',
    comment: {
      key, parentKey: parent ? `disqus:${parent}` : null, threadRef,
      author: author ? childText(author, 'name') : null, email: author ? childText(author, 'email') : null, website: null,
      body: {html: message}, date, status,
      label: `post ${dsq || '(no dsq:id)'} (line ${node.line})`,
      ...(node.error ? {broken: `malformed_xml: ${node.error}`} : deleted === null || spam === null ? {broken: 'invalid_status'} : {}),
    },
  };
}

/** The threads and posts of a Disqus export. */
export async function* readDisqus(path: string, {lenient}: ReadOptions): AsyncGenerator<RawEvent> {
  for await (const node of xmlRecords(path, new Set(['thread', 'post']), {lenient})) {
    if (node.name === 'post') {
      yield post(node);
    } else if (!node.error) {
      yield {
        kind: 'thread',
        thread: {
          ref: node.attrs.id?.trim() ?? '', url: childText(node, 'link'), title: childText(node, 'title') || null,
          closed: flag(node, 'isClosed') === true, deleted: flag(node, 'isDeleted') === true,
        },
      };
    }
  }
}
