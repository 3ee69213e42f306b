import type {CommentStore} from '../store/comment-store.js';
import type {EventBus} from './events.js';

/**
 * Connects this process's bus with the others on the same database: local changes are announced (ids only,
 * through Postgres NOTIFY), and theirs come back as `store.changed`. Returns the unsubscribe.
 */
export function bridgeInstances(bus: EventBus, store: CommentStore): () => void {
  const announce = ({id, thread}: {id: string; thread: string}) => {
    store.announce({id, thread}).catch((error: unknown) => {
      console.error('[natter] could not tell other instances about a change:', error instanceof Error ? error.message : error);
    });
  };
  const offs = [
    bus.on('comment.created', ({comment}) => announce(comment)),
    bus.on('comment.updated', ({comment}) => announce(comment)),
    bus.on('comment.deleted', announce),
    bus.on('comment.moderated', ({comment}) => announce(comment)),
    // Totals are on the cached pages too.
    bus.on('comment.voted', announce),
    // No comment to name: the others look up id 0, find nothing and drop every cached page, which is rare enough.
    bus.on('thread.changed', ({thread}) => announce({id: '0', thread})),
    store.watch((change) => bus.emit('store.changed', change)),
  ];
  return () => offs.forEach((off) => off());
}
