import {Hono} from 'hono';
import {countsQuery} from '../schemas/comments.js';
import type {CommentStore} from '../store/comment-store.js';

/** /api/counts: published comments for up to 100 threads at once. */
export function countRoutes({store}: {store: CommentStore}) {
  return new Hono().get('/', countsQuery, async (c) => {
    const counts = await store.countMany(c.req.valid('query').threads);
    return c.json({counts: Object.fromEntries(counts)});
  });
}
