import {randomBytes, scrypt, timingSafeEqual} from 'node:crypto';
import type {ScryptOptions} from 'node:crypto';
import type {CommentStore} from '../store/comment-store.js';

// The owner's password, kept only as a scrypt hash with its salt and cost parameters beside it, so the cost can be
// raised later without locking anyone out (an old hash still verifies with the parameters it was made with).

/** The settings key holding the hash. */
export const passwordKey = 'admin.password';

/** How a password is stored. */
export interface StoredPassword {
  algorithm: 'scrypt';
  N: number;
  r: number;
  p: number;
  keyLength: number;
  /** base64 */
  salt: string;
  /** base64 */
  hash: string;
}

export const minPasswordLength = 10;
export const maxPasswordLength = 1024;

const cost = {N: 2 ** 15, r: 8, p: 1};
const keyLength = 64;

function derive(password: string, salt: Buffer, {N, r, p}: {N: number; r: number; p: number}, length: number): Promise<Buffer> {
  const options: ScryptOptions = {N, r, p, maxmem: 256 * N * r + 1024 * 1024};
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** Why a password can't be used, or null when it can. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < minPasswordLength) return `The password must be at least ${minPasswordLength} characters long.`;
  if (length > maxPasswordLength) return `The password must be at most ${maxPasswordLength} characters long.`;
  return null;
}

/** A fresh salt and hash for `password`. */
export async function hashPassword(password: string): Promise<StoredPassword> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, cost, keyLength);
  return {algorithm: 'scrypt', ...cost, keyLength, salt: salt.toString('base64'), hash: hash.toString('base64')};
}

/** Whether `password` matches, compared in constant time over the two hashes. */
export async function verifyPassword(password: string, stored: StoredPassword): Promise<boolean> {
  if (password.length > maxPasswordLength * 2) return false;
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await derive(password, Buffer.from(stored.salt, 'base64'), stored, expected.length);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Stores a new password and signs every session out. Throws with the reason when the password is too short. */
export async function setPassword(store: CommentStore, password: string, now: string): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new Error(problem);
  await store.settings.set(passwordKey, await hashPassword(password), now);
  await store.admin.endAllSessions();
}

/** The stored hash, or null when `natter admin set-password` was never run. */
export async function readPassword(store: CommentStore): Promise<StoredPassword | null> {
  const stored = await store.settings.get<StoredPassword>(passwordKey);
  return stored && stored.algorithm === 'scrypt' ? stored : null;
}
