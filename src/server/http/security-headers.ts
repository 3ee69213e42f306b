import type {MiddlewareHandler} from 'hono';

/**
 * The policy for the HTML pages the server serves (the demo): its own scripts, styles and API only. The widget
 * styles its shadow root with constructed style sheets, which a CSP does not restrict, and uses no inline scripts,
 * no inline style attributes and no eval. `data:` images cover the demo's empty favicon.
 */
export const htmlContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * On every response: `X-Content-Type-Options: nosniff` and a Referrer-Policy (`strict-origin-when-cross-origin` for
 * pages, `no-referrer` otherwise); on HTML, the CSP above. Set on the finished response, so errors and 404s get them.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    headers.set('X-Content-Type-Options', 'nosniff');
    const html = /^text\/html/i.test(headers.get('content-type') ?? '');
    if (!headers.has('Referrer-Policy')) headers.set('Referrer-Policy', html ? 'strict-origin-when-cross-origin' : 'no-referrer');
    if (html && !headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', htmlContentSecurityPolicy);
  };
}
