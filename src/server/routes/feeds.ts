import {Hono} from 'hono';
import type {Comment} from '../../adapters/adapter.js';
import type {ServerConfig} from '../config.js';
import {sendCompressedOnce} from '../http/compress.js';
import {atomFeed} from '../pages/atom-feed.js';
import {baseUrl} from '../pages/base-url.js';
import type {CommentStore} from '../store/comment-store.js';
import {validateThread} from '../validation.js';

/** Entries in a feed: a feed reader looks often, so the newest are enough. */
export const FEED_SIZE = 50;

const encoder = new TextEncoder();

/** GET /feed.atom (recent comments on the whole site) and /feed.atom?thread=ID (one thread). */
export function feedRoutes({store, config}: {store: CommentStore; config: ServerConfig}) {
  return new Hono().get('/feed.atom', async (c) => {
    const raw = c.req.query('thread');
    const thread = raw === undefined ? undefined : validateThread(raw);
    const base = baseUrl(c, config);
    const comments = await store.recent.list({...(thread === undefined ? {} : {thread}), limit: FEED_SIZE});
    // Titles of the threads in the feed, one look-up each (at most FEED_SIZE).
    const names = new Map<string, string>();
    for (const id of new Set([...comments.map((x) => x.thread), ...(thread === undefined ? [] : [thread])])) {
      names.set(id, (await store.threads.get(id)).title ?? id);
    }
    const page = (id: string, hash = '') => `${base}/t?${new URLSearchParams({thread: id})}${hash}`;
    const xml = atomFeed({
      self: thread === undefined ? `${base}/feed.atom` : `${base}/feed.atom?${new URLSearchParams({thread})}`,
      alternate: thread === undefined ? `${base}/` : page(thread),
      title: thread === undefined ? 'Recent comments' : `Comments on ${names.get(thread)}`,
      comments,
      entryUrl: (x: Comment) => page(x.thread, `#c-${x.id}`),
      threadName: (x: Comment) => names.get(x.thread) ?? x.thread,
    });
    const response = await sendCompressedOnce(c, encoder.encode(xml), 'application/atom+xml; charset=utf-8');
    // Feed readers poll: five minutes of caching spares the database, and a new comment shows within that time.
    response.headers.set('Cache-Control', 'public, max-age=300');
    return response;
  });
}

