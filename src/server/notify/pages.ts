import {html} from '../../html/html.js';
import type {SafeHtml} from '../../html/html.js';
import {markdownToHtml} from '../../markdown/to-html.js';
import type {CommentFacts} from '../store/notify-store.js';
import type {LinkRefusal} from './links.js';

// The small pages behind the links in mail. Markup only from the `html` template and markdownToHtml; no scripts or
// inline styles (the server's CSP allows neither).

/** A whole page. */
export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title} · Natter</title></head>
<body><main><h1>${title}</h1>
${body}
</main></body></html>`.value;
}

/** A form that POSTs the token back: the only way a link acts (mail scanners fetch links with GET). */
export function confirmForm(action: string, token: string, button: string): SafeHtml {
  return html`<form method="post" action="${action}"><input type="hidden" name="t" value="${token}"><button type="submit">${button}</button></form>`;
}

/** The comment an owner is asked about. */
export function commentBlock(c: CommentFacts): SafeHtml {
  return html`<p><strong>${c.author}</strong> on <code>${c.thread}</code> (${c.state}):</p><blockquote>${markdownToHtml(c.body)}</blockquote>`;
}

const refusals: Record<LinkRefusal | 'used', [status: 400 | 403 | 410, title: string, text: string]> = {
  malformed: [400, 'This link is incomplete', 'The address is not a whole Natter link. Copy the entire link from the mail and try again.'],
  forged: [403, 'This link is not valid', 'The link was not made by this server, or was changed after it was sent.'],
  wrong_purpose: [403, 'This link is for something else', 'The link was made for another action and cannot be used here.'],
  expired: [410, 'This link has expired', 'Links in mail work for 7 days. Use the admin page instead.'],
  used: [410, 'This link was already used', 'Each link works once. Nothing more was done.'],
};

/** The 4xx page for a refused link. */
export function refusalPage(reason: LinkRefusal | 'used'): {status: 400 | 403 | 410; body: string} {
  const [status, title, text] = refusals[reason];
  return {status, body: page(title, html`<p>${text}</p>`)};
}
