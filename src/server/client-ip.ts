import type {Context} from 'hono';
import {getConnInfo} from '@hono/node-server/conninfo';

/**
 * The IP a request came from, used to rate-limit posts. X-Forwarded-For is believed only when the operator
 * says a proxy of theirs sets it, because any client can send one.
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // No Node socket, e.g. app.request() in tests or another runtime.
    return 'unknown';
  }
}
