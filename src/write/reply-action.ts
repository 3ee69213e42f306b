import type {CommentAction} from '../elements/comment-view.js';
import type {ThreadElement} from '../elements/thread-element.js';

/** Reply: opens an inline form under a published, acknowledged comment. */
export const replyAction: CommentAction<ThreadElement> = {
  name: 'reply',
  part: 'reply-button',
  label: (locale) => locale.t('write').reply,
  // Unsent and held comments offer no Reply: the server accepts replies only to published comments; a closed thread none.
  shows: (c, host) => c.state !== 'sending' && c.state !== 'waiting' && c.status === 'published' && !host.list.closed && !host.replying.has(c.id),
  run: (host, id) => void host.write?.toggleReply(id, true),
};
