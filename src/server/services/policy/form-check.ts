import {ApiError} from '../../api-error.js';
import type {FormTokens} from '../form-token.js';

const reload = 'Reload the page and try again.';

/**
 * Refuses a post whose signed form token (the list's Natter-Form header, sent back as `form`) is missing, forged or
 * too old, or that came sooner than `minSeconds` after the form was shown: a person reads and types, a bot doesn't.
 * A too-early post is answered 429 with Retry-After, so a real reader's outbox sends it again by itself.
 */
export function checkForm(forms: FormTokens, token: string | null, thread: string, nowMs: number, minSeconds: number): void {
  if (minSeconds <= 0) return;
  const check = forms.check(token, thread, nowMs);
  if (!check.ok) {
    const message = {
      missing: `This comment came without its form token (the list's Natter-Form header, sent as "form"). ${reload}`,
      invalid: `This comment's form token is not valid for this thread. ${reload}`,
      expired: `This form was shown more than 30 days ago. ${reload}`,
    }[check.reason];
    throw new ApiError(400, `form_${check.reason}`, message, {field: 'form'});
  }
  const waitMs = minSeconds * 1000 - check.ageMs;
  if (waitMs > 0) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new ApiError(429, 'too_fast', `This comment was sent very soon after the form was shown. Please wait ${seconds} seconds and send it again.`, {
      headers: {'Retry-After': String(seconds)},
    });
  }
}
