import type {MiddlewareHandler} from 'hono';

/** What the API allows across origins. */
export interface CorsOptions {
  /** Allowed origins; `['*']` allows any. */
  origins: readonly string[];
  allowMethods: readonly string[];
  allowHeaders: readonly string[];
  exposeHeaders: readonly string[];
  /** Seconds a browser may cache a preflight answer. */
  maxAge: number;
}

/**
 * CORS for /api/*, answering preflights with 204. Unlike hono/cors it adds its headers only to the finished
 * response (`c.res.headers`), never touching the response before the handler runs: once `c.res` exists, Hono
 * rebuilds the handler's response from its body as a web stream, which cost a quarter of the CPU of a cached read.
 */
export function apiCors({origins, allowMethods, allowHeaders, exposeHeaders, maxAge}: CorsOptions): MiddlewareHandler {
  const any = origins.includes('*');
  const allowed = (origin: string | undefined) => (any ? '*' : origin !== undefined && origins.includes(origin) ? origin : null);
  const expose = exposeHeaders.join(',');
  return async (c, next) => {
    const origin = allowed(c.req.header('origin'));
    if (c.req.method === 'OPTIONS') {
      const headers: Record<string, string> = {
        'Access-Control-Allow-Methods': allowMethods.join(','),
        'Access-Control-Allow-Headers': allowHeaders.join(','),
        'Access-Control-Max-Age': String(maxAge),
        Vary: any ? 'Access-Control-Request-Headers' : 'Origin, Access-Control-Request-Headers',
      };
      if (origin) {
        headers['Access-Control-Allow-Origin'] = origin;
        headers['Access-Control-Expose-Headers'] = expose;
      }
      return c.body(null, 204, headers);
    }
    await next();
    const headers = c.res.headers;
    if (origin) {
      headers.set('Access-Control-Allow-Origin', origin);
      headers.set('Access-Control-Expose-Headers', expose);
    }
    // The answer depends on Origin whenever the origin is matched against a list.
    if (!any) headers.append('Vary', 'Origin');
  };
}
