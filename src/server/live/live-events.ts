import type {Comment, LiveEvent} from '../../adapters/adapter.js';
import {treeOf} from '../http/comment-trees.js';
import type {EventBus} from '../services/events.js';

/**
 * Calls `append` with each change a reader's stream shows, mapped from the service events (README, Live updates).
 * Pending and spam comments never become an event: a comment readers never saw only ever goes as `deleted`, by id.
 */
export function onReaderChanges(bus: EventBus, append: (thread: string, event: LiveEvent) => void): () => void {
  const gone = (comment: Comment) => append(comment.thread, {type: 'deleted', id: comment.id});
  const offs = [
    bus.on('comment.created', ({comment}) => {
      if (comment.status === 'published') append(comment.thread, {type: 'created', comment: visible(comment)});
    }),
    bus.on('comment.moderated', ({comment, from, to}) => {
      if (to === 'published' && from !== 'published') append(comment.thread, {type: 'created', comment: visible(comment)});
      else if (from === 'published' && (to === 'pending' || to === 'spam')) gone(comment);
    }),
    bus.on('comment.updated', ({comment, from}) => {
      if (comment.status === 'published' || comment.status === 'deleted') append(comment.thread, {type: 'updated', comment: visible(comment)});
      // An edit the content policy (or the spam check) holds: it leaves the thread until it is let through. One that
      // was held already was never shown, so even its id stays out of the log.
      else if (from === undefined || from === 'published') gone(comment);
    }),
    bus.on('comment.deleted', ({id, thread, placeholder, from}) => {
      if (from === 'pending' || from === 'spam') return;
      append(thread, placeholder ? {type: 'updated', comment: visible(placeholder)} : {type: 'deleted', id});
    }),
    bus.on('comment.voted', ({id, thread, votes}) => append(thread, {type: 'voted', id, votes: {up: votes.up, down: votes.down}})),
  ];
  return () => offs.forEach((off) => off());
}

/**
 * The public fields only, and the body's tree, which the widget renders: the bus may carry a richer object (an admin
 * view with the email, a post with its owner token), and whatever is in the log is sent to every reader of the thread.
 */
export function visible(c: Comment): Comment {
  return {
    id: c.id, thread: c.thread, parent: c.parent, author: c.author, website: c.website, body: c.body, tree: treeOf(c), createdAt: c.createdAt, status: c.status,
    ...(c.owner ? {owner: true as const} : {}),
    ...(c.editedAt ? {editedAt: c.editedAt} : {}),
    ...(c.votes && (c.votes.up || c.votes.down) ? {votes: {up: c.votes.up, down: c.votes.down}} : {}),
  };
}
