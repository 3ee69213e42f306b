import type {CommentFacts} from '../store/notify-store.js';

/** A comment as webhooks carry it: its public fields and real state, never the author's email or IP. */
export function commentPayload(c: CommentFacts): Record<string, unknown> {
  return {
    id: c.id, thread: c.thread, parent: c.parent, author: c.author, website: c.website, body: c.body,
    status: c.state, owner: c.owner, createdAt: c.createdAt,
  };
}
