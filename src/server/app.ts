import {Hono} from 'hono';
import {cors} from 'hono/cors';
import {createPageCache, invalidateOnEvents} from './cache/page-cache.js';
import type {ServerConfig} from './config.js';
import {answerError} from './http/errors.js';
import {commentRoutes} from './routes/comments.js';
import {countRoutes} from './routes/counts.js';
import {bridgeInstances} from './services/bridge.js';
import {createCommentService} from './services/comments.js';
import {createEventBus} from './services/events.js';
import type {EventBus} from './services/events.js';
import {createRateLimiter} from './services/rate-limiter.js';
import {serveBundle, serveDemoFile} from './static-files.js';
import type {CommentStore} from './store/comment-store.js';

export interface AppOptions {
  store: CommentStore;
  config: ServerConfig;
  /** The clock, replaceable in tests. */
  now?: () => Date;
  /** The service events; made here unless the caller wants to subscribe too. */
  bus?: EventBus;
}

/** The Natter HTTP API and the static files, as a typed Hono app that any runtime adapter can serve. */
export function createApp({store, config, now = () => new Date(), bus = createEventBus()}: AppOptions) {
  const pages = createPageCache();
  invalidateOnEvents(pages, bus);
  bridgeInstances(bus, store);
  const limiter = createRateLimiter({store, limit: config.rateLimit, now: () => now().getTime()});
  const comments = createCommentService({store, bus, limiter, moderation: config.moderation, now});

  const api = new Hono()
    .use(
      cors({
        origin: config.origins.includes('*') ? '*' : config.origins,
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        allowHeaders: ['Content-Type', 'Idempotency-Key'],
        exposeHeaders: ['Idempotent-Replayed', 'Retry-After'],
        maxAge: 600,
      }),
    )
    .use(async (c, next) => {
      await next();
      c.header('Cache-Control', 'no-store');
    })
    .route('/comments', commentRoutes({store, comments, pages, config}))
    .route('/counts', countRoutes({store}));

  const app = new Hono()
    .onError(answerError)
    .notFound((c) => c.json({error: {code: 'not_found', message: `Nothing is at ${c.req.method} ${c.req.path}.`}}, 404))
    .route('/api', api);

  // ---- Static files (the bundle and the demo), kept apart so their serving can be swapped as one block. ----
  app.get('/natter.js', (c) => serveBundle(c, config.distDir, 'natter.js'));
  app.get('/natter.classic.js', (c) => serveBundle(c, config.distDir, 'natter.classic.js'));
  app.get('/natter-memory.js', (c) => serveBundle(c, config.distDir, 'natter-memory.js'));
  app.get('/api/*', (c) => c.notFound());
  app.get('/*', (c) => serveDemoFile(c, config.demoDir));

  return app;
}

/** The app's type, for typed clients (`hono/client`) and tests. */
export type NatterApp = ReturnType<typeof createApp>;
