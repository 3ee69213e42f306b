import {createHmac, timingSafeEqual} from 'node:crypto';
import type {Secrets} from '../services/secrets.js';

// The `posted=` value of the redirect after a no-JS post: the new comment's id, signed, so the page can show that
// one held comment to the reader who wrote it (and to nobody who merely guesses an id).

export interface PostedTokens {
  sign(id: string): string;
  /** The id inside a token this server signed, or null. */
  read(token: string | undefined): string | null;
}

export function createPostedTokens(secrets: Secrets): PostedTokens {
  const key = secrets.key('posted');
  const mac = (id: string) => createHmac('sha256', key).update(`posted\n${id}`).digest('base64url');
  return {
    sign: (id) => `${id}.${mac(id)}`,
    read(token) {
      const match = /^([1-9]\d{0,14})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
      if (!match) return null;
      const expected = Buffer.from(mac(match[1]!));
      const given = Buffer.from(match[2]!);
      return given.length === expected.length && timingSafeEqual(given, expected) ? match[1]! : null;
    },
  };
}
