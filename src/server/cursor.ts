import {ApiError} from './api-error.js';
import type {PagePosition} from './store/comment-store.js';

const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Turns a page position into the opaque `next` string clients pass back as `cursor`. */
export function encodeCursor(position: PagePosition): string {
  // Order `top` leads with the score, so its cursors can't be mistaken for the others' (and the reverse).
  const fields = position.score === undefined ? [position.createdAt, position.id] : [position.score, position.createdAt, position.id];
  return Buffer.from(JSON.stringify(fields)).toString('base64url');
}

/** Reads a `cursor` query parameter for a page of order `top` or another; anything this server didn't make for it is a 400 `invalid_cursor`. */
export function decodeCursor(cursor: string, top = false): PagePosition {
  const refuse = (): never => {
    throw new ApiError(400, 'invalid_cursor', 'The cursor is not one this server handed out. Start again from the first page.', {field: 'cursor'});
  };
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) refuse();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    refuse();
  }
  if (!Array.isArray(value) || value.length !== (top ? 3 : 2)) return refuse();
  const [score, createdAt, id] = top ? (value as unknown[]) : [0, ...(value as unknown[])];
  if (typeof createdAt !== 'string' || !isoTime.test(createdAt) || !Number.isSafeInteger(id) || (id as number) < 1 || !Number.isSafeInteger(score)) refuse();
  // A score is votes up minus down, each an int4 column: nothing this server hands out lies beyond ±2^31.
  if (Math.abs(score as number) > 2 ** 31) refuse();
  return {...(top ? {score: score as number} : {}), createdAt: createdAt as string, id: id as number};
}
