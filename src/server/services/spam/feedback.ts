import type {CommentStore} from '../../store/comment-store.js';
import type {EventBus} from '../events.js';
import type {Akismet} from './akismet.js';

// A moderator's decision teaches Akismet: marking a comment spam reports missed spam (submit-spam), taking one out of
// spam and publishing it reports a false positive (submit-ham). The spam checker's own moves are not reported back.

/** Subscribes to comment.moderated; answers the unsubscribe. A failed report is retried a few times, then logged. */
export function reportDecisions({store, bus, akismet, retryDelaysMs}: {store: CommentStore; bus: EventBus; akismet: Akismet; retryDelaysMs: readonly number[]}): () => void {
  const send = async (id: string, kind: 'spam' | 'ham', tries = 0): Promise<void> => {
    try {
      const item = await store.spam.get(id);
      if (!item) return;
      const permalink = (await store.threads.get(item.thread)).url;
      await (kind === 'spam' ? akismet.submitSpam(item, permalink) : akismet.submitHam(item, permalink));
    } catch (error) {
      if (tries < retryDelaysMs.length) {
        setTimeout(() => void send(id, kind, tries + 1), retryDelaysMs[tries]).unref();
      } else {
        console.error(`[natter] could not report comment ${id} to Akismet as ${kind}:`, error instanceof Error ? error.message : error);
      }
    }
  };
  return bus.on('comment.moderated', ({comment, from, to, by}) => {
    if (by === 'spam-check') return;
    if (to === 'spam' && from !== 'spam') void send(comment.id, 'spam');
    else if (from === 'spam' && to === 'published') void send(comment.id, 'ham');
  });
}
