import {Hono} from 'hono';
import type {CommentStore} from '../store/comment-store.js';

/**
 * The webhook delivery log, newest first (`?limit=1..200`, `?before=<id>` for the next page). No auth of its own:
 * admin-api mounts it at /api/admin/webhooks/deliveries behind its session.
 */
export function webhookLogRoutes({store}: {store: CommentStore}) {
  return new Hono().get('/', async (c) => {
    const limitText = c.req.query('limit') ?? '50';
    const before = c.req.query('before');
    const limit = /^\d{1,3}$/.test(limitText) ? Number(limitText) : NaN;
    if (!(limit >= 1 && limit <= 200)) {
      return c.json({error: {code: 'invalid_limit', message: 'limit must be a whole number from 1 to 200.'}}, 400);
    }
    if (before !== undefined && !/^[1-9]\d{0,14}$/.test(before)) {
      return c.json({error: {code: 'invalid_cursor', message: 'before must be a delivery id from this log.'}}, 400);
    }
    const deliveries = await store.notify.deliveries('webhook', {limit, ...(before ? {before} : {})});
    return c.json({deliveries, next: deliveries.length === limit ? deliveries.at(-1)!.id : null});
  });
}
