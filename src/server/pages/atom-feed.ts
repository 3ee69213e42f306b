import type {Comment} from '../../adapters/adapter.js';
import {html, type SafeHtml} from '../../html/html.js';
import {markdownToHtml} from '../../markdown/to-html.js';
import {safeUrl} from '../../markdown/safe-url.js';

// Atom (RFC 4287) feeds of published comments, built with the escaping renderer: its escapes are XML's too. The
// content is the widget's HTML as escaped text (type="html"), so no reader's markup ever becomes feed markup.

/** Characters XML 1.0 can't carry (validation already refuses controls and lone surrogates; these two remain). */
const notXml = /[\uFFFE\uFFFF]/g;
const x = (s: string) => s.replace(notXml, '\uFFFD');

export interface FeedView {
  /** The feed's own URL (its id and rel=self). */
  self: string;
  /** The page it follows (rel=alternate), e.g. /t?thread=… */
  alternate: string;
  title: string;
  /** Newest first. */
  comments: readonly Comment[];
  /** The reader-facing URL of one comment (its entry id and link). */
  entryUrl(comment: Comment): string;
  /** What a comment is on, for its entry title. */
  threadName(comment: Comment): string;
}

function entry(c: Comment, view: FeedView): SafeHtml {
  const url = view.entryUrl(c);
  const website = c.website ? safeUrl(c.website) : null;
  return html`<entry>
<id>${url}</id>
<title type="text">${x(c.author)} on ${x(view.threadName(c))}</title>
<link rel="alternate" type="text/html" href="${url}"/>
<published>${c.createdAt}</published>
<updated>${c.createdAt}</updated>
<author><name>${x(c.author)}</name>${website ? html`<uri>${x(website)}</uri>` : null}</author>
<content type="html">${x(markdownToHtml(c.body ?? '').value)}</content>
</entry>
`;
}

/** The feed document. `updated` is the newest comment's time (or the epoch for an empty feed, which never changed). */
export function atomFeed(view: FeedView): string {
  const updated = view.comments[0]?.createdAt ?? '1970-01-01T00:00:00.000Z';
  return html`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>${view.self}</id>
<title type="text">${x(view.title)}</title>
<link rel="self" type="application/atom+xml" href="${view.self}"/>
<link rel="alternate" type="text/html" href="${view.alternate}"/>
<updated>${updated}</updated>
<generator>Natter</generator>
${view.comments.map((c) => entry(c, view))}</feed>
`.value;
}
