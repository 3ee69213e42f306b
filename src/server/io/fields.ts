import {decodeHTML} from 'entities';

// Every imported field is checked with the same rules as a POSTed comment (validation.ts), but an import repairs
// what it safely can (drops a bad email or website, names an anonymous author) and reports it, where a post refuses.

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const anyControl = /[\u0000-\u001F\u007F-\u009F]/;
const spoofing = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/;
const controlExceptWhitespace = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const visible = /[^\s\u200B-\u200D\u2060\uFEFF]/;

/** The limits a post has (validation.ts); a longer imported body is kept whole and reported. */
export const LIMITS = {thread: 500, author: 100, email: 254, website: 500, body: 10_000};

/** The name shown for a comment whose author left none (Commento's anonymous comments, an empty Disqus name). */
export const ANONYMOUS = 'Anonymous';

/** A field's verdict: the value to store, plus a note when it was changed or dropped. */
export type Checked<T> = {ok: true; value: T; note?: string} | {ok: false; reason: string};

/** Code points, as a reader counts them. */
export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** An author name: whitespace runs made one space; empty becomes "Anonymous"; refused when it can spoof or is too long. */
export function checkAuthor(raw: string | null | undefined, {entities = false} = {}): Checked<string> {
  const text = (entities ? decodeHTML(raw ?? '') : raw ?? '').replace(/\s+/g, ' ').trim();
  if (!visible.test(text)) return {ok: true, value: ANONYMOUS, note: 'author_missing'};
  if (loneSurrogate.test(text) || anyControl.test(text) || spoofing.test(text)) return {ok: false, reason: 'invalid_author'};
  if (codePoints(text) > LIMITS.author) return {ok: false, reason: 'author_too_long'};
  return {ok: true, value: text};
}

/** An email address, or null (a malformed one is dropped and noted). */
export function checkEmail(raw: string | null | undefined): Checked<string | null> {
  const text = (raw ?? '').trim();
  if (text === '') return {ok: true, value: null};
  if (text.length > LIMITS.email || loneSurrogate.test(text) || anyControl.test(text) || !/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(text)) {
    return {ok: true, value: null, note: 'email_dropped'};
  }
  return {ok: true, value: text};
}

/** A website: only an absolute http(s) URL is kept; anything else is dropped and noted. */
export function checkWebsite(raw: string | null | undefined): Checked<string | null> {
  const text = (raw ?? '').trim();
  if (text === '') return {ok: true, value: null};
  let url: URL | null = null;
  try {
    if (/^https?:\/\/[^\s]+$/i.test(text) && !loneSurrogate.test(text) && !anyControl.test(text) && !spoofing.test(text)) url = new URL(text);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '' || text.length > LIMITS.website) {
    return {ok: true, value: null, note: 'website_dropped'};
  }
  return {ok: true, value: text};
}

/** A Markdown body: must have visible text and no control characters; over the post limit it is kept and noted. */
export function checkBody(text: string): Checked<string> {
  if (!visible.test(text)) return {ok: false, reason: 'empty_body'};
  if (loneSurrogate.test(text) || controlExceptWhitespace.test(text)) return {ok: false, reason: 'invalid_body'};
  return codePoints(text) > LIMITS.body ? {ok: true, value: text, note: 'long_body'} : {ok: true, value: text};
}

/** A thread id (a URL path): 1 to 500 code points, no control characters. */
export function checkThread(text: string): Checked<string> {
  if (text === '' || loneSurrogate.test(text) || anyControl.test(text)) return {ok: false, reason: 'invalid_thread'};
  if (codePoints(text) > LIMITS.thread) return {ok: false, reason: 'thread_too_long'};
  return {ok: true, value: text};
}

const earliest = Date.parse('1990-01-01T00:00:00Z');

/**
 * A date as ISO 8601 UTC with milliseconds, like the server writes. Accepts ISO 8601 with a zone, WordPress's
 * `YYYY-MM-DD HH:MM:SS` (read as UTC), or seconds since 1970 (Isso); refuses anything before 1990 or in the future.
 */
export function checkDate(raw: string | number | null | undefined, now: number): Checked<string> {
  let ms = Number.NaN;
  if (typeof raw === 'number') ms = raw * 1000;
  else if (typeof raw === 'string') {
    const text = raw.trim();
    const wp = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
    if (wp) ms = Date.parse(`${wp[1]}-${wp[2]}-${wp[3]}T${wp[4]}:${wp[5]}:${wp[6]}Z`);
    else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) ms = Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));
  }
  if (!Number.isFinite(ms) || ms < earliest || ms > now + 86_400_000) return {ok: false, reason: 'invalid_date'};
  return {ok: true, value: new Date(ms).toISOString()};
}
