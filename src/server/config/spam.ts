import {parsePublicUrl} from './pages.js';
// The spam-defence settings besides the owner-editable policy (config.policy): rate limits per thread and for the
// whole site, and the optional Akismet check.

/** Akismet (https://akismet.com/developers/), used when NATTER_AKISMET_KEY is set. */
export interface AkismetConfig {
  key: string;
  /** The API's base URL; tests point it at a local server. */
  url: string;
  /** The site the key is registered for (NATTER_PUBLIC_URL), sent as `blog`. */
  blog: string;
  /** Waits between tries while Akismet can't be reached; after the last, the comment stays held for the owner. */
  retryDelaysMs: number[];
}

export interface SpamConfig {
  /** New comments per minute in one thread, from everyone together; 0 turns the limit off. */
  threadRateLimit: number;
  /** New comments per minute on the whole site; 0 turns the limit off. */
  globalRateLimit: number;
  /** How far back the duplicate check looks for the same text; 0 turns the check off. */
  duplicateWindowMs: number;
  akismet: AkismetConfig | null;
}

/** Reads NATTER_THREAD_RATE_LIMIT, NATTER_GLOBAL_RATE_LIMIT, NATTER_DUPLICATE_MINUTES, NATTER_AKISMET_KEY, NATTER_AKISMET_URL and NATTER_PUBLIC_URL. */
export function parseSpamConfig(read: (name: string) => string | undefined): SpamConfig {
  return {
    threadRateLimit: perMinute(read('NATTER_THREAD_RATE_LIMIT'), 'NATTER_THREAD_RATE_LIMIT', 10),
    globalRateLimit: perMinute(read('NATTER_GLOBAL_RATE_LIMIT'), 'NATTER_GLOBAL_RATE_LIMIT', 60),
    duplicateWindowMs: minutes(read('NATTER_DUPLICATE_MINUTES'), 24 * 60) * 60_000,
    akismet: parseAkismet(read),
  };
}

function perMinute(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 100_000)) throw new Error(`${name} must be a whole number of comments per minute from 0 (no limit) to 100000, got "${value}".`);
  return n;
}

function minutes(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 525_600)) throw new Error(`NATTER_DUPLICATE_MINUTES must be a whole number of minutes from 0 (no duplicate check) to 525600, got "${value}".`);
  return n;
}

function parseAkismet(read: (name: string) => string | undefined): AkismetConfig | null {
  const key = read('NATTER_AKISMET_KEY');
  if (key === undefined) return null;
  if (!/^[A-Za-z0-9]{1,64}$/.test(key)) throw new Error('NATTER_AKISMET_KEY must be the API key from your Akismet account (letters and digits).');
  const url = httpUrl(read('NATTER_AKISMET_URL') ?? 'https://rest.akismet.com', 'NATTER_AKISMET_URL');
  const blog = parsePublicUrl(read);
  if (blog === undefined) throw new Error('NATTER_AKISMET_KEY needs NATTER_PUBLIC_URL, the public address of this server (sent to Akismet as the site).');
  return {key, url: url.replace(/\/+$/, ''), blog, retryDelaysMs: [5_000, 30_000, 120_000, 600_000]};
}

function httpUrl(value: string, name: string): string {
  if (!/^https?:\/\/./.test(value) || !URL.canParse(value)) throw new Error(`${name} must be a full http:// or https:// address, got "${value.slice(0, 80)}".`);
  return value;
}
