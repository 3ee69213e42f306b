// "Show more replies": a list page carries the first replies of each top-level comment (the widget asks for
// REPLIES); this action, under a top-level comment whose branch the page cut short (`replyNext`), fetches the branch's
// next replies with the adapter's `branch`, and moves focus to the first of them. A failure is said in the status line
// (and fired as `natter-error`); the button stays, to try again.
import type {CommentAction} from '../elements/comment-view.js';
import {errorMessage} from '../elements/error-message.js';
import {fire} from '../elements/events.js';
import type {ThreadElement} from '../elements/thread-element.js';
import {reveal} from './reveal.js';

/** Lists the next replies of top-level comment `id`'s branch; the first of them, or undefined when none came. */
export async function moreReplies(host: ThreadElement, id: string): Promise<string | undefined> {
  const {comments} = host.list;
  const c = comments.get(id)!;
  try {
    const page = await (await host.backend())!.branch!(host.threadId, id, {cursor: c.replyNext});
    // Listed afresh meanwhile (another order or thread): this branch page is not for it.
    if (comments !== host.list.comments) return;
    for (const r of page.comments) if (!comments.has(r.id)) comments.set(r.id, r);
    c.replyNext = page.next ?? undefined;
    host.requestUpdate();
    return page.comments[0]?.id;
  } catch (error) {
    host.announcement = `${host.locale.m.loadError} ${errorMessage(error)}`;
    host.requestUpdate();
    fire(host, 'natter-error', {error, action: 'replies'});
  }
}

export const moreRepliesAction: CommentAction<ThreadElement> = {
  name: 'replies',
  part: 'more-replies-button',
  label: (locale) => locale.t('write').moreReplies,
  shows: (c) => !!c.replyNext,
  async run(host, id) {
    const first = await moreReplies(host, id);
    if (first) await reveal(host, first);
  },
};
