// Invisible characters a browser drops or an eye misses: C0/C1 controls, soft hyphen, zero-width and bidi marks.
const INVISIBLE = /[\0-\x1f\x7f-\x9f\xad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g;

/**
 * Returns `raw` as a URL that is safe to put in an `href`, or null (also for a missing one: a comment without a
 * website). Only absolute http(s) and mailto URLs pass: the check is an allowlist on the literal start of the cleaned
 * string, so an encoded or split scheme (`&#106;avascript:`, `java\0script:`) fails. The value returned is exactly the
 * value checked.
 */
export function safeUrl(raw: string | null | undefined): string | null {
  const url = String(raw).replace(INVISIBLE, '').trim().replace(/\s/g, encodeURIComponent);
  return /^(https?:\/\/|mailto:)./i.test(url) ? url : null;
}
