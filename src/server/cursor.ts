import {ApiError} from './api-error.js';
import type {PagePosition} from './store/comment-store.js';

const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Turns a page position into the opaque `next` string clients pass back as `cursor`. */
export function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id])).toString('base64url');
}

/** Reads a `cursor` query parameter; anything this server didn't make is a 400 `invalid_cursor`. */
export function decodeCursor(cursor: string): PagePosition {
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
  if (!Array.isArray(value) || value.length !== 2) return refuse();
  const [createdAt, id] = value as unknown[];
  if (typeof createdAt !== 'string' || !isoTime.test(createdAt) || !Number.isSafeInteger(id) || (id as number) < 1) refuse();
  return {createdAt: createdAt as string, id: id as number};
}
