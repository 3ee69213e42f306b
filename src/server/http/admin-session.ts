import {createHash, randomBytes, timingSafeEqual} from 'node:crypto';
import type {Context, MiddlewareHandler} from 'hono';
import {getConnInfo} from '@hono/node-server/conninfo';
import {deleteCookie, getCookie, setCookie} from 'hono/cookie';
import {ApiError} from '../api-error.js';
import {isTrustedProxy} from '../client-ip.js';
import type {TrustProxy} from '../client-ip.js';
import type {AdminConfig} from '../config/admin.js';
import type {CommentStore} from '../store/comment-store.js';

// The owner's sign-in session. The cookie holds 32 random bytes; the database keeps only their SHA-256, beside the
// session's CSRF token. A state change needs the token in X-Natter-CSRF and, when the browser names an Origin, this
// server's own origin: SameSite=Strict already keeps the cookie off cross-site requests, these are the second lock.

export const cookieName = 'natter_admin';
export const csrfHeader = 'X-Natter-CSRF';

/** The signed-in session a request carries, for the routes behind `requireSession`. */
export interface ActiveSession {
  idHash: string;
  csrf: string;
  expiresAt: string;
}

/** What the admin routes keep on the context. */
export type AdminEnv = {Variables: {admin: ActiveSession}};

const safeMethods = new Set(['GET', 'HEAD']);
const sha256 = (text: string) => createHash('sha256').update(text).digest();
const cookieValue = /^[A-Za-z0-9_-]{43}$/;

/** Compares two strings in constant time, over their SHA-256 (equal lengths whatever was sent). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

/** Whether the client reached us over https: the socket, or X-Forwarded-Proto set by a proxy we trust. */
export function isHttps(c: Context, trustProxy: TrustProxy): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  const forwarded = fromTrustedProxy(c, trustProxy, 'x-forwarded-proto');
  return forwarded?.toLowerCase() === 'https';
}

/** This server's origin as the browser sees it, e.g. `https://blog.example`. */
export function ownOrigin(c: Context, trustProxy: TrustProxy): string {
  const host = fromTrustedProxy(c, trustProxy, 'x-forwarded-host') ?? c.req.header('host') ?? new URL(c.req.url).host;
  return `${isHttps(c, trustProxy) ? 'https' : 'http'}://${host.toLowerCase()}`;
}

/** Refuses a request a browser sent from another site (Origin differs, or Sec-Fetch-Site says cross-site). */
export function checkSameOrigin(c: Context, trustProxy: TrustProxy): void {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  if ((origin !== undefined && origin.toLowerCase() !== ownOrigin(c, trustProxy)) || site === 'cross-site') {
    throw new ApiError(403, 'cross_origin', 'Admin requests must come from the admin page on this server.');
  }
}

/** The last value of a header a trusted proxy set (the one nearest us), or undefined. */
function fromTrustedProxy(c: Context, trustProxy: TrustProxy, name: string): string | undefined {
  const value = c.req.header(name);
  if (value === undefined || !trustProxy) return undefined;
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
  if (!peer || !isTrustedProxy(peer, trustProxy)) return undefined;
  const last = value.split(',').at(-1)?.trim();
  return last === '' ? undefined : last;
}

/** Sessions over `store`: starting one at sign-in, reading the cookie, and the middleware guarding admin routes. */
export function adminSessions({store, config, trustProxy, now}: {store: CommentStore; config: AdminConfig; trustProxy: TrustProxy; now: () => Date}) {
  /** The session the cookie names, if it is live. */
  async function current(c: Context): Promise<ActiveSession | null> {
    const value = getCookie(c, cookieName);
    if (value === undefined || !cookieValue.test(value)) return null;
    const idHash = sha256(value).toString('hex');
    const found = await store.admin.findSession(idHash, now().toISOString());
    return found ? {idHash, csrf: found.csrf, expiresAt: found.expiresAt} : null;
  }

  return {
    current,
    /** Creates a session, sets its cookie, and answers what the page needs (the CSRF token and the expiry). */
    async start(c: Context, ip: string | null): Promise<{csrf: string; expiresAt: string}> {
      const value = randomBytes(32).toString('base64url');
      const csrf = randomBytes(32).toString('base64url');
      const createdAt = now();
      const expires = new Date(createdAt.getTime() + config.sessionHours * 3_600_000);
      await store.admin.purgeSessions(createdAt.toISOString());
      await store.admin.createSession(sha256(value).toString('hex'), {csrf, createdAt: createdAt.toISOString(), expiresAt: expires.toISOString(), ip});
      setCookie(c, cookieName, value, {httpOnly: true, sameSite: 'Strict', path: '/', secure: isHttps(c, trustProxy), expires});
      return {csrf, expiresAt: expires.toISOString()};
    },
    /** Ends the request's session and clears the cookie. */
    async end(c: Context, session: ActiveSession): Promise<void> {
      await store.admin.deleteSession(session.idHash);
      deleteCookie(c, cookieName, {path: '/', httpOnly: true, sameSite: 'Strict', secure: isHttps(c, trustProxy)});
    },
    /** Middleware: 401 without a live session; 403 for a state change without the session's CSRF token or from another origin. */
    require: (async (c, next) => {
      const session = await current(c);
      if (!session) throw new ApiError(401, 'no_session', 'Sign in to the admin first (your session may have expired).');
      if (!safeMethods.has(c.req.method)) {
        checkSameOrigin(c, trustProxy);
        const sent = c.req.header(csrfHeader);
        if (sent === undefined || !sameSecret(sent, session.csrf)) {
          throw new ApiError(403, 'csrf_invalid', `This request needs the ${csrfHeader} header from the current session. Reload the admin page.`);
        }
      }
      c.set('admin', session);
      await next();
    }) as MiddlewareHandler<AdminEnv>,
  };
}

export type AdminSessions = ReturnType<typeof adminSessions>;
