import {createHash} from 'node:crypto';
import {Hono} from 'hono';
import type {Context} from 'hono';
import {cors} from 'hono/cors';
import {HTTPException} from 'hono/http-exception';
import type {SortOrder} from '../adapters/adapter.js';
import {ApiError} from './api-error.js';
import {clientIp} from './client-ip.js';
import type {ServerConfig} from './config.js';
import {decodeCursor, encodeCursor} from './cursor.js';
import {createPageCache} from './page-cache.js';
import {createRateLimiter} from './rate-limit.js';
import {readJsonBody} from './read-json-body.js';
import {createStaticRoutes} from './static-files.js';
import type {CommentInput, Store} from './store.js';
import {checkParent, validateIdempotencyKey, validateNewComment, validateThread} from './validation.js';

const encoder = new TextEncoder();

export interface AppOptions {
  store: Store;
  config: ServerConfig;
  /** The clock, replaceable in tests. */
  now?: () => Date;
}

/** The Natter HTTP API and the static files, as a Hono app that any runtime adapter can serve. */
export function createApp({store, config, now = () => new Date()}: AppOptions): Hono {
  const app = new Hono();
  const limiter = createRateLimiter({limit: config.rateLimit, now: () => now().getTime()});
  const pages = createPageCache({dataVersion: () => store.db.pragma('data_version', {simple: true}) as number});

  app.onError((error, c) => {
    if (error instanceof ApiError) {
      return c.json(error.toJSON(), error.status, error.headers);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return c.json({error: {code: 'bad_request', message: error.message || 'The request could not be understood.'}}, error.status);
    }
    console.error('[natter] unexpected error while answering', c.req.method, c.req.path, error);
    return c.json({error: {code: 'internal', message: 'Something went wrong on the server. Please try again in a moment.'}}, 500);
  });

  app.notFound((c) => c.json({error: {code: 'not_found', message: `Nothing is at ${c.req.method} ${c.req.path}.`}}, 404));

  app.use(
    '/api/*',
    cors({
      origin: config.origins.includes('*') ? '*' : config.origins,
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'Idempotency-Key'],
      exposeHeaders: ['Idempotent-Replayed', 'Retry-After'],
      maxAge: 600,
    }),
  );
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  app.get('/api/comments', (c) => {
    const thread = singleThread(c);
    const order = parseOrder(c.req.query('order'));
    const limit = parseLimit(c.req.query('limit'));
    const cursor = c.req.query('cursor');
    const key = `${order} ${limit} ${cursor ?? ''}`;
    let body = pages.get(thread, key);
    if (body === undefined) {
      const page = store.listPage(thread, {order, limit, ...(cursor ? {after: decodeCursor(cursor)} : {})});
      // Kept as bytes: encoding a 40 KB page on every request halved the reads a second.
      body = encoder.encode(JSON.stringify({comments: page.comments, next: page.next && encodeCursor(page.next), total: page.total}));
      pages.set(thread, key, body);
    }
    return c.body(body, 200, {'Content-Type': 'application/json; charset=UTF-8'});
  });

  app.post('/api/comments', async (c) => {
    const key = validateIdempotencyKey(c.req.header('idempotency-key'));
    const input = validateNewComment(await readJsonBody(c));
    const requestHash = hashRequest(input);

    // A replay answers even when the client is over its rate limit: it adds nothing.
    const earlier = store.findByIdempotencyKey(key, requestHash);
    if (earlier) return answerInsert(c, earlier);

    checkParent(input, store.getComment);
    const ip = clientIp(c, config.trustProxy);
    const allowed = limiter.take(ip);
    if (!allowed.allowed) {
      throw new ApiError(429, 'rate_limited', `You are posting too quickly. Please wait ${allowed.retryAfter} seconds and try again.`, {
        headers: {'Retry-After': String(allowed.retryAfter)},
      });
    }
    pages.forget(input.thread);
    const result = store.insertComment(input, {
      idempotencyKey: key,
      requestHash,
      status: config.moderation === 'all' ? 'pending' : 'published',
      createdAt: now().toISOString(),
      ip,
    });
    return answerInsert(c, result);
  });

  app.all('/api/comments', (c) => {
    c.header('Allow', 'GET, POST, OPTIONS');
    return c.json({error: {code: 'method_not_allowed', message: `${c.req.method} is not supported here; use GET or POST.`}}, 405);
  });

  app.get('/api/counts', (c) => {
    const threads = c.req.queries('thread') ?? [];
    if (threads.length < 1 || threads.length > 100) {
      throw new ApiError(400, 'invalid_thread', 'Ask for 1 to 100 threads, as ?thread=a&thread=b.', {field: 'thread'});
    }
    const counts = store.countMany(threads.map((t) => validateThread(t)));
    return c.json({counts: Object.fromEntries(counts)});
  });

  app.get('/api/*', (c) => c.notFound());
  app.route('/', createStaticRoutes(config));

  return app;
}

function answerInsert(c: Context, result: ReturnType<Store['insertComment']>): Response {
  switch (result.kind) {
    case 'created':
      return c.json({comment: result.comment}, 201);
    case 'replayed':
      return c.json({comment: result.comment}, 200, {'Idempotent-Replayed': 'true'});
    case 'conflict':
      throw new ApiError(409, 'idempotency_conflict', 'This Idempotency-Key was already used for a different comment. Use a new key for a new comment.');
  }
}

/** Same key + same hash = the same comment. Made from the validated fields, so `"email": ""` and no email match. */
function hashRequest(input: CommentInput): string {
  const fields = [input.thread, input.parent, input.author, input.email, input.website, input.body];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

function singleThread(c: Context): string {
  const threads = c.req.queries('thread') ?? [];
  if (threads.length > 1) throw new ApiError(400, 'invalid_thread', 'Ask for one thread at a time.', {field: 'thread'});
  return validateThread(threads[0]);
}

function parseOrder(value: string | undefined): SortOrder {
  if (value === undefined || value === '') return 'oldest';
  if (value === 'oldest' || value === 'newest') return value;
  throw new ApiError(400, 'invalid_order', 'The order must be "oldest" or "newest".', {field: 'order'});
}

function parseLimit(value: string | undefined): number {
  if (value === undefined || value === '') return 50;
  const limit = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= 100)) {
    throw new ApiError(400, 'invalid_limit', 'The limit must be a whole number from 1 to 100.', {field: 'limit'});
  }
  return limit;
}
