import {createHmac, randomBytes, timingSafeEqual} from 'node:crypto';
import type {Secrets} from '../services/secrets.js';

// Tokens for the links in mail: `<payload>.<mac>`, both base64url. The payload names what the link may do (purpose),
// to what (one comment id or one address), until when, and a nonce that the action spends (single use). The MAC is
// HMAC-SHA256 with a key derived for mail links only, so no other token of Natter's can pass as one.

/**
 * What a link may do. Unsubscribe links are signed with their own key and don't expire (RFC 8058 one-click); `self`
 * (a reader's own comments) has its own key too.
 */
export type LinkPurpose = 'approve' | 'delete' | 'confirm' | 'unsubscribe' | 'self';

export interface LinkClaims {
  purpose: LinkPurpose;
  /** A comment id (approve, delete) or an email address (confirm, unsubscribe). */
  subject: string;
  /** ms since 1970; 0 = never. */
  expiresAt: number;
  nonce: string;
}

/** Why a link was refused. */
export type LinkRefusal = 'malformed' | 'forged' | 'expired' | 'wrong_purpose';

/** Mail links are good for 7 days. */
export const linkLifetimeMs = 7 * 24 * 60 * 60 * 1000;

export interface MailLinks {
  sign(purpose: LinkPurpose, subject: string, nowMs: number, lifetimeMs?: number): string;
  /** Checks a token for `purposes`; answers its claims or why it is refused. */
  verify(token: string | undefined, purposes: readonly LinkPurpose[], nowMs: number): {ok: true; claims: LinkClaims} | {ok: false; reason: LinkRefusal};
}

export function createMailLinks(secrets: Secrets): MailLinks {
  const keyFor = (purpose: LinkPurpose) => secrets.key(purpose === 'unsubscribe' ? 'unsubscribe' : purpose === 'self' ? 'self-service' : 'mail-link');
  const mac = (purpose: LinkPurpose, payload: string) => createHmac('sha256', keyFor(purpose)).update(payload).digest();
  return {
    sign(purpose, subject, nowMs, lifetimeMs = linkLifetimeMs) {
      const claims = {p: purpose, s: subject, e: purpose === 'unsubscribe' ? 0 : nowMs + lifetimeMs, n: randomBytes(12).toString('base64url')};
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return `${payload}.${mac(purpose, payload).toString('base64url')}`;
    },
    verify(token, purposes, nowMs) {
      if (typeof token !== 'string' || token.length > 2000) return {ok: false, reason: 'malformed'};
      const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!match) return {ok: false, reason: 'malformed'};
      const [, payload = '', signature = ''] = match;
      let raw: unknown;
      try {
        raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        return {ok: false, reason: 'malformed'};
      }
      const claims = parseClaims(raw);
      if (!claims) return {ok: false, reason: 'malformed'};
      // The MAC is checked with the key of the purpose the payload names; a payload whose purpose was changed
      // fails here, before the purpose is compared with what this route accepts.
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(claims.purpose, payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return {ok: false, reason: 'forged'};
      if (!purposes.includes(claims.purpose)) return {ok: false, reason: 'wrong_purpose'};
      if (claims.expiresAt !== 0 && nowMs > claims.expiresAt) return {ok: false, reason: 'expired'};
      return {ok: true, claims};
    },
  };
}

const purposes = new Set<string>(['approve', 'delete', 'confirm', 'unsubscribe', 'self']);

function parseClaims(raw: unknown): LinkClaims | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const {p, s, e, n} = raw as Record<string, unknown>;
  if (typeof p !== 'string' || !purposes.has(p) || typeof s !== 'string' || s === '' || typeof e !== 'number' || !Number.isSafeInteger(e)) return null;
  if (typeof n !== 'string' || !/^[A-Za-z0-9_-]{16}$/.test(n)) return null;
  return {purpose: p as LinkPurpose, subject: s, expiresAt: e, nonce: n};
}
