import {setTimeout as sleep} from 'node:timers/promises';
import {Hono} from 'hono';
import {validator} from 'hono/validator';
import {ApiError} from '../../api-error.js';
import {clientIp, rateLimitKey} from '../../client-ip.js';
import type {ServerConfig} from '../../config.js';
import {checkSameOrigin} from '../../http/admin-session.js';
import type {AdminEnv, AdminSessions} from '../../http/admin-session.js';
import {jsonBody} from '../../http/json-body.js';
import {readPassword, verifyPassword} from '../../services/admin-password.js';
import type {CommentStore} from '../../store/comment-store.js';
import {objectWith} from './validate.js';

const loginBody = validator('json', (value) => {
  const {password} = objectWith(value, ['password']);
  if (typeof password !== 'string' || password === '' || password.length > 4096) {
    throw new ApiError(400, 'invalid_password', 'Send the password as {"password": "…"}.', {field: 'password'});
  }
  return {password};
});

/** POST /login, GET /session, POST /logout. */
export function sessionRoutes({store, config, sessions, now}: {store: CommentStore; config: ServerConfig; sessions: AdminSessions; now: () => Date}) {
  return new Hono<AdminEnv>()
    .post('/login', async (c, next) => {
      checkSameOrigin(c, config.trustProxy);
      // Counted before the body is even read: every try costs one of the few allowed per address (IPv6 by /64).
      const ip = clientIp(c, config.trustProxy);
      const decision = await store.takeRate(`admin-login ${rateLimitKey(ip)}`, {limit: config.admin.loginAttempts, windowMs: config.admin.loginWindowMs, now: now().getTime()});
      if (!decision.allowed) {
        throw new ApiError(429, 'rate_limited', `Too many sign-in attempts. Please wait ${decision.retryAfter} seconds and try again.`, {
          headers: {'Retry-After': String(decision.retryAfter)},
        });
      }
      await next();
    }, jsonBody({maxBytes: 16 * 1024}), loginBody, async (c) => {
      const stored = await readPassword(store);
      if (!stored) {
        throw new ApiError(409, 'no_password', 'No admin password is set yet. On the server, run: natter admin set-password');
      }
      if (!(await verifyPassword(c.req.valid('json').password, stored))) {
        // The same wait for every wrong guess: a guess is slow however fast the hash is.
        await sleep(config.admin.failDelayMs);
        throw new ApiError(401, 'wrong_password', 'That password is not right.', {field: 'password'});
      }
      const ip = clientIp(c, config.trustProxy);
      return c.json(await sessions.start(c, ip === 'unknown' ? null : ip), 200);
    })
    .get('/session', async (c) => {
      const session = await sessions.current(c);
      if (!session) throw new ApiError(401, 'no_session', 'Not signed in (or the session expired).');
      return c.json({csrf: session.csrf, expiresAt: session.expiresAt}, 200);
    })
    .post('/logout', sessions.require, async (c) => {
      await sessions.end(c, c.get('admin'));
      return c.json({ok: true}, 200);
    });
}
