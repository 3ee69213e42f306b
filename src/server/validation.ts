import {ApiError} from './api-error.js';
import type {CommentInput} from './store/comment-store.js';

const limits = {thread: 500, author: 100, email: 254, website: 500, body: 10_000};
const fields = new Set(['thread', 'parent', 'author', 'email', 'website', 'body', 'form', 'subject', 'notify']);

/** What a post carries besides the comment: spam signals and the reader's wish to hear of replies. */
export interface PostSignals {
  /** The signed form token the list handed out (when the form was shown), or null when none was sent. */
  form: string | null;
  /** The honeypot: a field people never see. Anything in it marks a bot. */
  subject: string | null;
  /** The reader asks to be mailed about replies (double opt-in); needs an email address. */
  notify: boolean;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one. JSON escapes such as
// "\ud800" produce these; they can't be stored as UTF-8 and break every client that renders them.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const anyControl = /[\u0000-\u001F\u007F-\u009F]/;
// Bidirectional overrides and isolates (and line/paragraph separators) let a name display as something else.
const spoofing = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/;
const controlExceptWhitespace = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const visible = /[^\s\u200B-\u200D\u2060\uFEFF]/;

/** Checks a POSTed comment, refusing anything that isn't exactly right rather than repairing it. */
export function validateNewComment(value: unknown): CommentInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(400, 'invalid_json', 'The request body must be a JSON object describing the comment.');
  }
  for (const key of Object.keys(value)) {
    if (!fields.has(key)) {
      throw new ApiError(400, 'unknown_field', `"${shorten(key)}" is not a comment field. Send only ${[...fields].join(', ')}.`, {field: key});
    }
  }
  const input = value as Record<string, unknown>;
  return {
    thread: validateThread(input.thread),
    parent: validateParentId(input.parent),
    author: validateAuthor(input.author),
    email: validateEmail(input.email),
    website: validateWebsite(input.website),
    body: validateBody(input.body),
  };
}

/** Checks the non-comment fields of a post (validateNewComment has already refused unknown ones). */
export function validatePostSignals(value: Record<string, unknown>): PostSignals {
  const text = (name: 'form' | 'subject', max: number): string | null => {
    const v = value[name];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' || isLongerThan(v, max) || loneSurrogate.test(v)) {
      throw new ApiError(400, `invalid_${name}`, name === 'form' ? 'The form token is not valid. Reload the page and try again.' : 'This field must be left empty.', {field: name});
    }
    return v;
  };
  const notify = value.notify;
  if (notify !== undefined && notify !== null && typeof notify !== 'boolean') {
    throw new ApiError(400, 'invalid_notify', 'notify must be true or false.', {field: 'notify'});
  }
  if (notify === true && (value.email === undefined || value.email === null || value.email === '')) {
    throw new ApiError(400, 'invalid_notify', 'To be told about replies, enter your email address.', {field: 'email'});
  }
  return {form: text('form', 1000), subject: text('subject', 1000), notify: notify === true};
}

/** A thread id, as POSTed or as a query parameter: 1 to 500 characters, no control characters. */
export function validateThread(value: unknown, field = 'thread'): string {
  const refuse = (message: string): never => {
    throw new ApiError(400, 'invalid_thread', message, {field});
  };
  if (typeof value !== 'string' || value === '') refuse('Say which thread the comment belongs to, e.g. the page path.');
  const text = value as string;
  if (loneSurrogate.test(text) || anyControl.test(text)) refuse('The thread id contains characters that are not allowed.');
  if (isLongerThan(text, limits.thread)) refuse('The thread id is longer than 500 characters.');
  return text;
}

/** The Idempotency-Key header: 1 to 128 of A–Z a–z 0–9 _ . : - */
export function validateIdempotencyKey(value: string | undefined): string {
  if (value === undefined || value === '') {
    throw new ApiError(400, 'missing_idempotency_key', 'Send an Idempotency-Key header (e.g. a random UUID) so a retried post can never appear twice.');
  }
  if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(value)) {
    throw new ApiError(400, 'invalid_idempotency_key', 'The Idempotency-Key header must be 1 to 128 letters, digits, or _ . : - characters.');
  }
  return value;
}

function validateParentId(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !/^[1-9]\d{0,14}$/.test(value)) {
    throw new ApiError(400, 'invalid_parent', 'The parent must be the id of the comment you are replying to, or null.', {field: 'parent'});
  }
  return value;
}

function validateAuthor(value: unknown): string {
  const refuse = (message: string): never => {
    throw new ApiError(400, 'invalid_author', message, {field: 'author'});
  };
  if (typeof value !== 'string' || !visible.test(value)) refuse('Please enter your name.');
  const text = value as string;
  if (loneSurrogate.test(text) || anyControl.test(text) || spoofing.test(text)) {
    refuse('Your name contains characters that are not allowed, such as line breaks or direction marks.');
  }
  if (isLongerThan(text, limits.author)) refuse('Your name is longer than 100 characters.');
  return text;
}

function validateEmail(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  const refuse = (message: string): never => {
    throw new ApiError(400, 'invalid_email', message, {field: 'email'});
  };
  if (typeof value !== 'string') refuse('The email address must be text.');
  const text = value as string;
  if (text.length > limits.email) refuse('The email address is longer than 254 characters.');
  if (loneSurrogate.test(text) || anyControl.test(text) || !/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(text)) {
    refuse('The email address doesn’t look right; it should look like name@example.com.');
  }
  return text;
}

function validateWebsite(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  const refuse = (message: string): never => {
    throw new ApiError(400, 'invalid_website', message, {field: 'website'});
  };
  if (typeof value !== 'string') refuse('The website must be text.');
  const text = value as string;
  if (text.length > limits.website) refuse('The website address is longer than 500 characters.');
  let url: URL | undefined;
  try {
    url = /^https?:\/\/[^\s]+$/i.test(text) && !loneSurrogate.test(text) && !anyControl.test(text) && !spoofing.test(text) ? new URL(text) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    refuse('The website must be a full address starting with http:// or https://.');
  }
  return text;
}

function validateBody(value: unknown): string {
  const refuse = (message: string): never => {
    throw new ApiError(400, 'invalid_body', message, {field: 'body'});
  };
  if (typeof value !== 'string' || !visible.test(value)) refuse('Please write a comment.');
  const text = value as string;
  if (loneSurrogate.test(text) || controlExceptWhitespace.test(text)) refuse('Your comment contains characters that are not allowed.');
  if (isLongerThan(text, limits.body)) refuse('Your comment is longer than 10,000 characters.');
  return text;
}

/** Whether `text` has more than `max` code points (an emoji counts once, as a reader would count it). */
function isLongerThan(text: string, max: number): boolean {
  // A string never has more code points than UTF-16 units.
  if (text.length <= max) return false;
  let n = 0;
  for (const _ of text) if (++n > max) return true;
  return false;
}

function shorten(text: string): string {
  const clean = text.replace(/[^\x20-\x7E]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
