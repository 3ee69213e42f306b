import {createHmac, timingSafeEqual} from 'node:crypto';
import type {Secrets} from './secrets.js';

// A signed "the form was shown at" stamp, handed out with each list of a thread (the Natter-Form header) and in the
// no-JS form, and sent back with a post. It proves when the form was shown, so a post made too soon after is a bot.
// It carries no secret and no identity: `v1.<issued ms, base 36>.<HMAC of thread and time>`.

/** How long a form stays good: a draft written offline may be sent days later. */
export const FORM_MAX_AGE_MS = 30 * 24 * 3600 * 1000;

export type FormCheck = {ok: true; ageMs: number} | {ok: false; reason: 'missing' | 'invalid' | 'expired'};

export interface FormTokens {
  issue(thread: string, nowMs: number): string;
  check(token: string | null, thread: string, nowMs: number): FormCheck;
}

export function createFormTokens(secrets: Secrets): FormTokens {
  const key = secrets.key('form-token');
  const sign = (thread: string, issued: string) => createHmac('sha256', key).update(`${issued}\n${thread}`).digest('base64url');
  return {
    issue(thread, nowMs) {
      const issued = Math.floor(nowMs).toString(36);
      return `v1.${issued}.${sign(thread, issued)}`;
    },
    check(token, thread, nowMs) {
      if (token === null || token === '') return {ok: false, reason: 'missing'};
      const match = /^v1\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!match) return {ok: false, reason: 'invalid'};
      const expected = Buffer.from(sign(thread, match[1]!));
      const given = Buffer.from(match[2]!);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return {ok: false, reason: 'invalid'};
      const ageMs = nowMs - Number.parseInt(match[1]!, 36);
      // A stamp from the future (clock skew between instances) counts as just issued.
      if (ageMs > FORM_MAX_AGE_MS) return {ok: false, reason: 'expired'};
      return {ok: true, ageMs: Math.max(0, ageMs)};
    },
  };
}
