import {html, nothing} from 'lit';
import {renderMarkdown} from '../markdown/render.js';
import type {Action, AdminComment, CommentState} from './api.js';

/** What the card can ask its list to do. */
export interface CardHandlers {
  act(comment: AdminComment, action: Action): void;
  ban(comment: AdminComment, kind: 'email' | 'ip'): void;
  open(comment: AdminComment, form: 'edit' | 'reply'): void;
  close(comment: AdminComment): void;
  submit(comment: AdminComment, form: 'edit' | 'reply', text: string): void;
  select(comment: AdminComment, on: boolean): void;
}

const stateNames: Record<CommentState, string> = {published: 'Published', pending: 'Pending', spam: 'Spam', deleted: 'Deleted'};

/** The buttons each state offers, besides edit, reply and the bans: what moves a comment on from where it is. */
const actionsFor: Record<CommentState, [Action, string][]> = {
  pending: [['approve', 'Approve'], ['spam', 'Spam'], ['delete', 'Delete']],
  spam: [['ham', 'Not spam'], ['delete', 'Delete']],
  published: [['hold', 'Hold'], ['spam', 'Spam'], ['delete', 'Delete']],
  deleted: [],
};

const when = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short'});

/** Bodies rendered once per comment text: the same element comes back on every render of the list. */
const bodies = new WeakMap<AdminComment, HTMLElement>();
function bodyOf(comment: AdminComment): HTMLElement {
  let el = bodies.get(comment);
  if (!el) {
    el = document.createElement('div');
    el.className = 'body';
    renderMarkdown(comment.body ?? '', el);
    bodies.set(comment, el);
  }
  return el;
}

/** DOM ids may not hold every character a comment id can; this keeps them unique and valid. */
export const domId = (comment: AdminComment) => `c-${comment.id.replace(/[^\w-]/g, (ch) => `_${ch.charCodeAt(0)}`)}`;

/**
 * One comment in a list: who wrote it from where, its state, its body, and what the owner can do with it. No button is
 * ever disabled under the focus (that would drop it to the page): the list ignores a second press while one runs.
 */
export function renderCard(comment: AdminComment, selected: boolean, form: 'edit' | 'reply' | null, on: CardHandlers) {
  const id = domId(comment);
  const who = comment.author || '(no name)';
  const time = new Date(comment.createdAt);
  // A reply goes live at once, so it goes only under a comment readers can see (the server refuses the others).
  const canReply = comment.status === 'published';
  const cancelOnEscape = (e: KeyboardEvent) => {
    if (e.key === 'Escape') on.close(comment);
  };
  const submit = (kind: 'edit' | 'reply') => (e: SubmitEvent) => {
    e.preventDefault();
    on.submit(comment, kind, ((e.target as HTMLFormElement).elements.namedItem('text') as HTMLTextAreaElement).value);
  };
  return html`<article class="comment ${comment.status}" id=${id} data-id=${comment.id} tabindex="-1" aria-labelledby="${id}-h">
    <div class="head">
      <input type="checkbox" id="${id}-sel" .checked=${selected} @change=${(e: Event) => on.select(comment, (e.target as HTMLInputElement).checked)}
        aria-label="Select the comment by ${who}">
      <h3 id="${id}-h">${who}${comment.owner ? html` <span class="badge">Owner</span>` : nothing}</h3>
      <span class="state ${comment.status}">${stateNames[comment.status]}</span>
    </div>
    <dl class="meta">
      <div><dt>Email</dt><dd>${comment.email || '—'}</dd></div>
      <div><dt>IP</dt><dd>${comment.ip || '—'}</dd></div>
      <div><dt>Thread</dt><dd><a href="/admin/comments?thread=${encodeURIComponent(comment.thread)}">${comment.thread}</a></dd></div>
      <div><dt>Time</dt><dd><time datetime=${comment.createdAt}>${Number.isNaN(time.getTime()) ? comment.createdAt : when.format(time)}</time>${
        comment.editedAt ? ' (edited)' : nothing
      }</dd></div>
      ${comment.website ? html`<div><dt>Website</dt><dd>${comment.website}</dd></div>` : nothing}
      ${comment.parent ? html`<div><dt>Reply to</dt><dd>${comment.parent}</dd></div>` : nothing}
      ${comment.reasons?.length ? html`<div class="reasons"><dt>Held because</dt><dd>${comment.reasons.join(' ')}</dd></div>` : nothing}
    </dl>
    ${form === 'edit' ? nothing : bodyOf(comment)}
    ${form === 'edit'
      ? html`<form class="inline" @submit=${submit('edit')} @keydown=${cancelOnEscape}>
          <label for="${id}-text">Edit the comment by ${who}</label>
          <textarea id="${id}-text" name="text" rows="6" required .value=${comment.body}></textarea>
          <div class="buttons"><button type="submit">Save</button><button type="button" @click=${() => on.close(comment)}>Cancel</button></div>
        </form>`
      : nothing}
    <div class="actions" role="group" aria-label="Actions for the comment by ${who}">
      ${actionsFor[comment.status].map(([action, label]) => html`<button type="button" data-action=${action} @click=${() => on.act(comment, action)}>${label}</button>`)}
      ${comment.status === 'deleted' ? nothing : html`<button type="button" data-action="edit" aria-expanded=${form === 'edit'} @click=${() => on.open(comment, 'edit')}>Edit</button>`}
      ${canReply
        ? html`<button type="button" data-action="reply" aria-expanded=${form === 'reply'} @click=${() => on.open(comment, 'reply')}>Reply as owner</button>`
        : nothing}
      ${comment.email ? html`<button type="button" data-action="ban-email" @click=${() => on.ban(comment, 'email')}>Ban email</button>` : nothing}
      ${comment.ip ? html`<button type="button" data-action="ban-ip" @click=${() => on.ban(comment, 'ip')}>Ban IP</button>` : nothing}
    </div>
    ${form === 'reply'
      ? html`<form class="inline" @submit=${submit('reply')} @keydown=${cancelOnEscape}>
          <label for="${id}-text">Reply to ${who} as the owner</label>
          <textarea id="${id}-text" name="text" rows="4" required></textarea>
          <div class="buttons"><button type="submit">Post reply</button><button type="button" @click=${() => on.close(comment)}>Cancel</button></div>
        </form>`
      : nothing}
  </article>`;
}
