import type {CommentState} from '../store/comment-store.js';
import {checkAuthor, checkBody, checkDate, checkEmail, checkWebsite} from './fields.js';
import {htmlToMarkdown, wordpressAutop} from './html-to-markdown.js';
import type {RawComment} from './records.js';

/** A comment that passed every check, as the importer stages it between its two passes. */
export interface Staged {
  key: string;
  parentKey: string | null;
  threadRef: string;
  author: string;
  email: string | null;
  website: string | null;
  body: string;
  createdAt: string;
  status: CommentState;
  label: string;
  natter?: {id: string; source: string | null; editedAt: string | null; owner: boolean};
}

export type Normalised = {ok: true; staged: Staged; notes: string[]} | {ok: false; reason: string};

function bodyText(comment: RawComment): string {
  const body = comment.body;
  if ('html' in body) return htmlToMarkdown(body.html);
  if ('wordpress' in body) return htmlToMarkdown(wordpressAutop(body.wordpress));
  return comment.natter ? body.markdown : body.markdown.trim();
}

/**
 * Checks one comment field by field. A deleted comment keeps nothing but its place (empty author and body); a
 * Natter export's comment is kept exactly as it is, or refused, so a restore changes nothing.
 */
export function normalise(comment: RawComment, now: number): Normalised {
  if (comment.broken) return {ok: false, reason: comment.broken};
  const notes: string[] = [];
  const date = checkDate(comment.date, now);
  if (!date.ok) return date;
  const exact = comment.natter !== undefined;
  const createdAt = exact ? String(comment.date) : date.value;
  const base = {key: comment.key, parentKey: comment.parentKey, threadRef: comment.threadRef, createdAt, status: comment.status, label: comment.label, ...(comment.natter ? {natter: comment.natter} : {})};
  if (comment.status === 'deleted' && !exact) {
    return {ok: true, staged: {...base, author: '', email: null, website: null, body: ''}, notes};
  }
  let author = '';
  let body = '';
  if (comment.status === 'deleted' && exact) {
    author = comment.author ?? '';
    body = bodyText(comment);
  } else {
    const name = checkAuthor(comment.author, {entities: comment.authorEntities === true});
    if (!name.ok) return name;
    if (exact && name.value !== comment.author) return {ok: false, reason: 'invalid_author'};
    if (name.note) notes.push(name.note);
    author = name.value;
    let text: string;
    try {
      text = bodyText(comment);
    } catch {
      return {ok: false, reason: 'unreadable_html'};
    }
    const checked = checkBody(text);
    if (!checked.ok) return checked;
    if (checked.note) notes.push(checked.note);
    body = checked.value;
  }
  const email = checkEmail(comment.email);
  const website = checkWebsite(comment.website);
  if (!email.ok || !website.ok) return {ok: false, reason: 'invalid_contact'};
  for (const note of [email.note, website.note]) if (note) notes.push(note);
  return {ok: true, staged: {...base, author, email: email.value, website: website.value, body}, notes};
}
