import {Hono} from 'hono';
import {createPageCache, invalidateOnEvents} from './cache/page-cache.js';
import type {ServerConfig} from './config.js';
import {compressResponses} from './http/compress.js';
import {apiCors} from './http/cors.js';
import {answerError} from './http/errors.js';
import {adminPageRoutes} from './routes/admin-page.js';
import {securityHeaders} from './http/security-headers.js';
import {adminRoutes} from './routes/admin/index.js';
import {commentRoutes} from './routes/comments.js';
import {countRoutes} from './routes/counts.js';
import {createPostedTokens} from './pages/posted-token.js';
import {feedRoutes} from './routes/feeds.js';
import {fragmentRoutes} from './routes/fragment.js';
import {pageRoutes} from './routes/pages.js';
import {bridgeInstances} from './services/bridge.js';
import {createCommentService} from './services/comments.js';
import {createEventBus} from './services/events.js';
import {createFormTokens} from './services/form-token.js';
import {createModerationActions} from './services/moderation-actions.js';
import {createReaderActions} from './services/reader-actions.js';
import type {EventBus} from './services/events.js';
import {createRateLimiter} from './services/rate-limiter.js';
import {startSpamCheck} from './services/spam/start.js';
import type {Secrets} from './services/secrets.js';
import {startNotifications, type Notifications} from './notify/index.js';
import {createStaticRoutes} from './static-files.js';
import {noLiveLog} from './live/live-log.js';
import type {LiveLog} from './live/live-log.js';
import {createStreams} from './live/streams.js';
import type {Streams} from './live/streams.js';
import {createTableLog} from './live/table-log.js';
import {eventRoutes} from './routes/events.js';
import type {CommentStore} from './store/comment-store.js';

export interface AppOptions {
  store: CommentStore;
  config: ServerConfig;
  /** The clock, replaceable in tests. */
  now?: () => Date;
  /** The service events; made here unless the caller wants to subscribe too. */
  bus?: EventBus;
  /** Keys for signed tokens and links (loadSecrets). */
  secrets: Secrets;
  /** Hands over the background parts the app started, to stop them at shutdown (main.ts) or flush them (tests). */
  onStart?: (parts: {notifications: Notifications; live: LiveParts}) => void;
}

/** The live log and its open streams, to end at shutdown: `streams.close()` ends every stream so the server can close. */
export interface LiveParts {
  log: LiveLog;
  streams: Streams;
}

/** The Natter HTTP API and the static files, as a typed Hono app that any runtime adapter can serve. */
export function createApp({store, config, secrets, now = () => new Date(), bus = createEventBus(), onStart}: AppOptions) {
  const pages = createPageCache();
  invalidateOnEvents(pages, bus);
  bridgeInstances(bus, store);
  const limiter = createRateLimiter({store, limit: config.rateLimit, now: () => now().getTime()});
  const forms = createFormTokens(secrets);
  // One set of moderation actions for admin and for the owner's mail links.
  const moderation = createModerationActions({store, bus, now});
  const notifications = startNotifications({store, bus, config: config.notify, secrets, now, actions: moderation, trustProxy: config.trustProxy});
  // NATTER_LIVE_MAX=0 turns live updates off: nothing is logged, list pages carry no `events`, /api/events answers 404.
  const live: LiveParts = {
    log: config.readers.live.max > 0 ? createTableLog({store, bus, config: config.readers.live, now}) : noLiveLog,
    streams: createStreams(config.readers.live),
  };
  onStart?.({notifications, live});
  const checker = startSpamCheck({store, bus, config});
  const comments = notifications.wrap(createCommentService({store, bus, limiter, forms, config, secrets, checker, now}));
  const readers = createReaderActions({store, bus, config, secrets, limiter, checker, now});

  const api = new Hono()
    .use(
      apiCors({
        origins: config.origins,
        allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
        // Last-Event-ID: EventSource sends it without a preflight, a fetch-based polyfill with one.
        allowHeaders: ['Content-Type', 'Idempotency-Key', 'Authorization', 'Last-Event-ID'],
        exposeHeaders: ['Idempotent-Replayed', 'Retry-After', 'Natter-Form'],
        maxAge: 600,
      }),
    )
    .use(async (c, next) => {
      await next();
      // Not c.header(): after the handler it makes Hono rebuild the response from a stream of its body.
      c.res.headers.set('Cache-Control', 'no-store');
    })
    // Before compression: a stream must go out as it is written, never buffered for a compressor.
    .route('/events', eventRoutes({live: live.log, streams: live.streams, config}))
    .use(compressResponses())
    .route('/comments', commentRoutes({store, comments, readers, pages, config, forms, live: live.log, now}))
    .route('/counts', countRoutes({store}))
    .route('/fragment', fragmentRoutes({store, config, forms, now}))
    .route('/notify', notifications.routes)
    .route('/me', notifications.selfService);

  const app = new Hono()
    .onError(answerError)
    .notFound((c) => c.json({error: {code: 'not_found', message: 'There is nothing at this address.'}}, 404))
    .use(securityHeaders())
    // ---- Admin: before /api so none of its middleware (CORS, compression) runs here; same-origin, no-store. ----
    .route('/api/admin', adminRoutes({store, config, bus, now, moderation}))
    .route('/api', api);

  // ---- Static files (the bundle and the demo), one sub-app. ----
  app.get('/api/*', (c) => c.notFound());
  // ---- Pages without JavaScript (/t, /t.css) and the Atom feeds. ----
  app.route('/', pageRoutes({store, comments, config, forms, posted: createPostedTokens(secrets), now}));
  app.route('/', feedRoutes({store, config}));
  app.route('/', adminPageRoutes(config));
  app.route('/', createStaticRoutes(config));

  return app;
}

/** The app's type, for typed clients (`hono/client`) and tests. */
export type NatterApp = ReturnType<typeof createApp>;
