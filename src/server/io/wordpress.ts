import type {CommentState} from '../store/comment-store.js';
import type {RawEvent, ReadOptions} from './records.js';
import {childText, xmlRecords} from './xml-records.js';

// WordPress eXtended RSS (WXR 1.0 to 1.2): each <item> is a post or page with its <link> and <title>, holding its
// <wp:comment>s; a comment's parent is another comment_id of the same item.

const STATUSES: Record<string, CommentState> = {'1': 'published', approve: 'published', '0': 'pending', hold: 'pending', spam: 'spam', trash: 'deleted', 'post-trashed': 'deleted'};

const hostOf = (url: string | null): string | null => {
  try {
    return url ? new URL(url).host : null;
  } catch {
    return null;
  }
};

/** The items and comments of a WXR file. */
export async function* readWordpress(path: string, {lenient}: ReadOptions): AsyncGenerator<RawEvent> {
  let site: string | null = null;
  for await (const node of xmlRecords(path, new Set(['item', 'base_site_url']), {lenient})) {
    if (node.name === 'base_site_url') {
      site = hostOf(node.text.trim());
      continue;
    }
    const link = childText(node, 'link');
    const host = site ?? hostOf(link) ?? 'unknown';
    // Comment ids are unique per site; the post is part of the key too, as hand-made files repeat them.
    const post = childText(node, 'post_id') || `link:${link ?? ''}`;
    const ref = `${host}:${post}`;
    if (!node.error) {
      const status = childText(node, 'status');
      yield {
        kind: 'thread',
        thread: {ref, url: link, title: childText(node, 'title') || null, closed: childText(node, 'comment_status') === 'closed', deleted: status === 'trash'},
      };
    }
    for (const comment of node.children) {
      if (comment.name !== 'comment') continue;
      const id = childText(comment, 'comment_id') ?? '';
      const parent = childText(comment, 'comment_parent') ?? '0';
      const approved = childText(comment, 'comment_approved') ?? '1';
      const gmt = childText(comment, 'comment_date_gmt');
      const status = STATUSES[approved];
      const error = comment.error ?? node.error;
      yield {
        kind: 'comment',
        comment: {
          key: `wordpress:${host}:${post}:${id}`,
          parentKey: parent === '0' || parent === '' ? null : `wordpress:${host}:${post}:${parent}`,
          threadRef: ref,
          author: childText(comment, 'comment_author'), authorEntities: true,
          email: childText(comment, 'comment_author_email'), website: childText(comment, 'comment_author_url'),
          body: {wordpress: comment.children.find((c) => c.name === 'comment_content')?.text ?? ''},
          // comment_date is the blog's local time; only when the UTC one is missing (or zero) is it read as UTC.
          date: gmt && !gmt.startsWith('0000') ? gmt : childText(comment, 'comment_date'),
          status: status ?? 'pending',
          label: `comment ${id || '(no id)'} (line ${comment.line})`,
          ...(error ? {broken: `malformed_xml: ${error}`} : id === '' ? {broken: 'missing_id'} : status === undefined ? {broken: 'invalid_status'} : {}),
        },
      };
    }
  }
}
