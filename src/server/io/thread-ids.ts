import {checkThread} from './fields.js';
import type {Checked} from './fields.js';

/** One `--map-url 'FROM=>TO'` rule: a prefix of the old URL (or of its path) and what replaces it. */
export interface MapRule {
  from: string;
  to: string;
}

/** Parses `FROM=>TO`; both sides must be non-empty. */
export function parseMapRule(text: string): MapRule {
  const at = text.indexOf('=>');
  const from = at < 0 ? '' : text.slice(0, at).trim();
  const to = at < 0 ? '' : text.slice(at + 2).trim();
  if (from === '' || to === '') throw new Error(`--map-url takes 'FROM=>TO', e.g. '/2012/=>/blog/2012/' (got "${text}").`);
  return {from, to};
}

const absolute = /^https?:\/\//i;

/**
 * A thread's id and URL from its old URL: the rules rewrite a prefix (the first that matches wins; a rule whose
 * FROM starts with http(s):// matches the whole URL, any other the path), then the id is the path and query.
 */
export function threadFromUrl(raw: string, rules: readonly MapRule[]): Checked<{id: string; url: string | null}> {
  const text = raw.trim();
  let url: URL | null = null;
  try {
    url = absolute.test(text) ? new URL(text) : null;
  } catch {
    url = null;
  }
  // A bare path (Isso's threads, Commento's url) has no origin to keep.
  let whole = url ? url.href : text.startsWith('/') ? text : null;
  if (whole === null) return {ok: false, reason: 'invalid_thread_url'};
  for (const rule of rules) {
    if (absolute.test(rule.from)) {
      if (url && whole.startsWith(rule.from)) {
        whole = rule.to + whole.slice(rule.from.length);
        break;
      }
      continue;
    }
    const path = url ? whole.slice(url.origin.length) : whole;
    if (path.startsWith(rule.from)) {
      whole = (url && !absolute.test(rule.to) ? url.origin : '') + rule.to + path.slice(rule.from.length);
      break;
    }
  }
  let mapped: URL;
  try {
    mapped = new URL(whole, 'http://natter.invalid');
  } catch {
    return {ok: false, reason: 'invalid_thread_url'};
  }
  const id = checkThread(mapped.pathname + mapped.search);
  if (!id.ok) return id;
  const keepsOrigin = mapped.origin !== 'http://natter.invalid';
  return {ok: true, value: {id: id.value, url: keepsOrigin ? mapped.href.replace(/#.*$/, '') : null}};
}

