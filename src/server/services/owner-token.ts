import {createHash, createHmac, timingSafeEqual} from 'node:crypto';
import type {Secrets} from './secrets.js';

// The owner token a post answers: proof that whoever presents it wrote the comment, without a cookie or an account.
// Derived rather than random, so a replayed post (same idempotency key, same request) answers the same token
// without the server keeping it; only its SHA-256 is stored.

/** 32 bytes as base64url (43 characters), from the post's idempotency key and request hash. */
export function deriveOwnerToken(secrets: Secrets, idempotencyKey: string, requestHash: string): string {
  return createHmac('sha256', secrets.key('owner-token')).update(`${idempotencyKey}\n${requestHash}`).digest('base64url');
}

/** What the comments table keeps of a token (hex SHA-256). */
export function hashOwnerToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const tokenShape = /^[A-Za-z0-9_-]{43}$/;

/** Whether `token` is the one whose hash is `stored`, compared in constant time on equal-length digests. */
export function ownerTokenMatches(token: string, stored: string | null): boolean {
  // A malformed token is still hashed and compared, so its refusal takes as long as a wrong one's.
  const given = createHash('sha256').update(token).digest();
  const expected = Buffer.from(stored !== null && /^[0-9a-f]{64}$/.test(stored) ? stored : '0'.repeat(64), 'hex');
  return timingSafeEqual(given, expected) && tokenShape.test(token) && stored !== null;
}
