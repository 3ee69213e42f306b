import type {Context, MiddlewareHandler} from 'hono';
import {ApiError} from '../api-error.js';
import type {RateLimiter} from '../services/rate-limiter.js';

/**
 * Middleware: counts each request against `key(c)` (e.g. the client address) and answers 429 with Retry-After
 * once over the limit. For endpoints whose every request costs; POST /api/comments instead limits inside its
 * service, after the idempotency check, so a replay answers even when its client is over the limit.
 */
export function rateLimit({limiter, key}: {limiter: RateLimiter; key: (c: Context) => string}): MiddlewareHandler {
  return async (c, next) => {
    const decision = await limiter.take(key(c));
    if (!decision.allowed) {
      throw new ApiError(429, 'rate_limited', `You are sending too quickly. Please wait ${decision.retryAfter} seconds and try again.`, {
        headers: {'Retry-After': String(decision.retryAfter)},
      });
    }
    await next();
  };
}
