import {Hono} from 'hono';
import type {ServerConfig} from '../../config.js';
import {adminSessions} from '../../http/admin-session.js';
import type {AdminEnv} from '../../http/admin-session.js';
import type {EventBus} from '../../services/events.js';
import type {ModerationActions} from '../../services/moderation-actions.js';
import type {CommentStore} from '../../store/comment-store.js';
import {webhookLogRoutes} from '../../notify/webhook-log.js';
import {commentRoutes} from './comments.js';
import {exportRoutes} from './export.js';
import {banRoutes, threadRoutes} from './owner.js';
import {sessionRoutes} from './session.js';
import {settingsRoutes} from './settings.js';

/**
 * /api/admin: the owner's API (see "Admin API" in the README). Same-origin only: no CORS, never cached. Sign-in and
 * the session check come first; everything after `require` needs a live session, and a state change its CSRF token.
 */
export function adminRoutes(deps: {store: CommentStore; config: ServerConfig; bus: EventBus; moderation: ModerationActions; now: () => Date}) {
  const sessions = adminSessions({store: deps.store, config: deps.config.admin, trustProxy: deps.config.trustProxy, now: deps.now});
  return new Hono<AdminEnv>()
    .use(async (c, next) => {
      await next();
      c.res.headers.set('Cache-Control', 'no-store');
    })
    .route('/', sessionRoutes({...deps, sessions}))
    .use(sessions.require)
    .route('/comments', commentRoutes(deps))
    .route('/bans', banRoutes(deps))
    .route('/threads', threadRoutes(deps))
    .route('/settings', settingsRoutes(deps))
    .route('/webhooks/deliveries', webhookLogRoutes(deps))
    .route('/export', exportRoutes(deps))
    .all('*', (c) => c.json({error: {code: 'not_found', message: 'There is no admin API at this address and method.'}}, 404));
}
