import {randomBytes} from 'node:crypto';
import {html} from '../../html/html.js';
import type {SafeHtml} from '../../html/html.js';
import {markdownToHtml} from '../../markdown/to-html.js';
import type {CommentFacts} from '../store/notify-store.js';
import {markdownToText} from './plain-text.js';

// The mails Natter sends, rendered when they are queued (so a retry sends the same bytes and Message-ID). Comment
// text reaches a mail only through markdownToHtml (HTML part) and markdownToText (text part); names and threads
// only through the escaping `html` template.

/** A rendered mail as the outbox keeps it (JSON). */
export interface MailPayload {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** Stable across retries, so a receiver can tell a repeat. */
  messageId: string;
  /** For mail to a commenter: the address whose subscription is checked again just before sending. */
  commenter?: string;
}

/** Where the links in mail point. */
export interface LinkMaker {
  /** An absolute URL under NATTER_PUBLIC_URL for a route and its token. */
  url(path: string, token: string): string;
  /** The mailto: for List-Unsubscribe. */
  mailto: string;
}

const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, ' ').trim();

function messageId(domainOf: string): string {
  const domain = /@([^@>\s]+)>?\s*$/.exec(domainOf)?.[1] ?? 'natter.invalid';
  return `<${randomBytes(12).toString('hex')}.natter@${domain}>`;
}

function layout(title: string, body: SafeHtml, footer: SafeHtml | null = null): string {
  return html`<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 40em">
${body}
${footer ? html`<hr><p style="font-size: 0.85em; color: #555">${footer}</p>` : null}
</body></html>`.value;
}

function quoted(comment: CommentFacts): SafeHtml {
  return html`<blockquote style="border-left: 3px solid #ccc; margin: 1em 0; padding-left: 1em">${markdownToHtml(comment.body)}</blockquote>`;
}

const indent = (text: string) => text.split('\n').map((l) => `> ${l}`).join('\n');

/** To the owner: a new (published) or held comment, with an approve link when held and a delete link. */
export function ownerMail(comment: CommentFacts, to: string, from: string, links: {approve: string | null; remove: string}): MailPayload {
  const held = comment.state !== 'published';
  const subject = oneLine(`${held ? 'Held comment awaiting approval' : 'New comment'} on ${comment.thread} from ${comment.author}`);
  const text = [
    `${comment.author} ${held ? 'wrote a comment that awaits your approval' : 'commented'} on ${comment.thread}:`,
    '',
    indent(markdownToText(comment.body)),
    '',
    ...(links.approve ? [`Approve: ${links.approve}`] : []),
    `Delete: ${links.remove}`,
    '',
    'Each link opens a page that asks you to confirm; it works once, for 7 days.',
  ].join('\n');
  const body = html`<p><strong>${comment.author}</strong> ${held ? 'wrote a comment that awaits your approval' : 'commented'} on <code>${comment.thread}</code>:</p>
${quoted(comment)}
<p>${links.approve ? html`<a href="${links.approve}">Approve</a> · ` : null}<a href="${links.remove}">Delete</a></p>`;
  return {
    to, subject, text, headers: {},
    html: layout(subject, body, html`Each link opens a page that asks you to confirm; it works once, for 7 days.`),
    messageId: messageId(from),
  };
}

function commenterHeaders(unsubscribe: string, mailto: string): Record<string, string> {
  // RFC 8058: a mail client may POST `List-Unsubscribe=One-Click` to the https link without asking anything more.
  return {'List-Unsubscribe': `<${unsubscribe}>, <${mailto}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'};
}

/** To a commenter who ticked "notify me": confirm the address before any reply mail goes out (double opt-in). */
export function confirmMail(comment: CommentFacts, to: string, from: string, links: {confirm: string; unsubscribe: string; mailto: string}): MailPayload {
  const subject = oneLine(`Confirm reply notifications for your comment on ${comment.thread}`);
  const text = [
    `You (or someone using this address) asked to be mailed about replies to a comment on ${comment.thread}:`,
    '',
    `The comment: #${comment.id}, written ${comment.createdAt}. Confirming covers that comment (and any other waiting for this address when this mail was sent), not later ones.`,
    '',
    `Confirm: ${links.confirm}`,
    '',
    'If that was not you, ignore this mail: nothing more will be sent.',
    `Unsubscribe: ${links.unsubscribe}`,
  ].join('\n');
  const body = html`<p>You (or someone using this address) asked to be mailed about replies to a comment on <code>${comment.thread}</code>:</p>
<p>The comment: #${comment.id}, written ${comment.createdAt}. Confirming covers that comment (and any other waiting for this address when this mail was sent), not later ones.</p>
<p><a href="${links.confirm}">Confirm reply notifications</a></p>
<p>If that was not you, ignore this mail: nothing more will be sent.</p>`;
  return {
    to, subject, text, headers: commenterHeaders(links.unsubscribe, links.mailto), commenter: to,
    html: layout(subject, body, html`<a href="${links.unsubscribe}">Unsubscribe</a>`), messageId: messageId(from),
  };
}

/** To a confirmed commenter: a reply to their comment was published. */
export function replyMail(reply: CommentFacts, parent: CommentFacts, to: string, from: string, links: {unsubscribe: string; mailto: string}): MailPayload {
  const subject = oneLine(`${reply.author} replied to your comment on ${reply.thread}`);
  const text = [
    `${reply.author} replied to your comment on ${reply.thread}:`,
    '',
    indent(markdownToText(reply.body)),
    '',
    'Your comment:',
    indent(markdownToText(parent.body)),
    '',
    `Unsubscribe from reply mail: ${links.unsubscribe}`,
  ].join('\n');
  const body = html`<p><strong>${reply.author}</strong> replied to your comment on <code>${reply.thread}</code>:</p>
${quoted(reply)}
<p>Your comment:</p>
${quoted(parent)}`;
  return {
    to, subject, text, headers: commenterHeaders(links.unsubscribe, links.mailto), commenter: to,
    html: layout(subject, body, html`<a href="${links.unsubscribe}">Unsubscribe from reply mail</a>`), messageId: messageId(from),
  };
}

/** To a reader who asked for their comments: one link to list, export or delete them (24 hours). */
export function selfServiceMail(to: string, from: string, link: string, count: number): MailPayload {
  const subject = 'Your comments';
  const text = [
    `Someone (we hope you) asked for the ${count} comment${count === 1 ? '' : 's'} written with this address.`,
    '',
    `See, export or delete them: ${link}`,
    '',
    'The link works for 24 hours. If you did not ask, ignore this mail.',
  ].join('\n');
  const body = html`<p>Someone (we hope you) asked for the ${count} comment${count === 1 ? '' : 's'} written with this address.</p>
<p><a href="${link}">See, export or delete them</a></p>
<p>The link works for 24 hours. If you did not ask, ignore this mail.</p>`;
  return {to, subject, text, headers: {}, html: layout(subject, body), messageId: messageId(from)};
}
