import {validator} from 'hono/validator';
import {ApiError} from '../../api-error.js';

// The checks the admin routes share. Like the public API, they refuse anything not exactly right (400) rather than
// repairing it, and name the field at fault.

const idPattern = /^[1-9]\d{0,14}$/;

/** The body as an object holding only `allowed` keys. */
export function objectWith(value: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(400, 'invalid_body', 'The request body must be a JSON object.');
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new ApiError(400, 'unknown_field', `"${key.slice(0, 40)}" is not a field here. Send only ${allowed.join(', ')}.`, {field: key});
    }
  }
  return value as Record<string, unknown>;
}

/** A text field of at most `max` characters without control characters; undefined when absent and optional. */
export function text(value: unknown, field: string, {max, optional = false}: {max: number; optional?: boolean}): string | undefined {
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || value.length > max || /[\u0000-\u001F\u007F]/.test(value) || /[\uD800-\uDFFF]/.test(value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) {
    throw new ApiError(400, `invalid_${field}`, `${field} must be text of at most ${max} characters.`, {field});
  }
  return value;
}

/** One of the given words. */
export function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new ApiError(400, `invalid_${field}`, `${field} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}.`, {field});
  }
  return value as T;
}

/** A comment id as the API writes them. */
export const isCommentId = (value: unknown): value is string => typeof value === 'string' && idPattern.test(value);

/** The `:id` path parameter; an id that can't exist is a 404, like a missing one. */
export const idParam = validator('param', (params) => {
  if (!isCommentId(params.id)) throw new ApiError(404, 'not_found', 'There is no such comment.');
  return {id: params.id as string};
});

/** One value of a query parameter (the first, when repeated). */
export const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** The `limit` query parameter: 1 to 100, 50 when absent. */
export function limitParam(value: string | undefined): number {
  if (value === undefined || value === '') return 50;
  const limit = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= 100)) throw new ApiError(400, 'invalid_limit', 'The limit must be a whole number from 1 to 100.', {field: 'limit'});
  return limit;
}
