import type {Context} from 'hono';
import {getConnInfo} from '@hono/node-server/conninfo';

/**
 * The IP a request came from, used to rate-limit posts. X-Forwarded-For is believed only when the operator
 * says a proxy of theirs sets it (one proxy: its last entry), because any client can send one.
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    // The proxy appends the address it saw; everything left of it came from the client and can be forged.
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // No Node socket, e.g. app.request() in tests or another runtime.
    return 'unknown';
  }
}
