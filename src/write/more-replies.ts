// "Show more replies": a list page carries the first replies of each top-level comment (the widget asks for
// REPLIES); this action, under a top-level comment whose branch the page cut short (`replyNext`), fetches the branch's
// next replies with the adapter's `branch`, and moves focus to the first of them.
import type {CommentAction} from '../elements/comment-view.js';
import {fire} from '../elements/events.js';
import type {ThreadElement} from '../elements/thread-element.js';
import {reveal} from './reveal.js';

export const moreRepliesAction: CommentAction<ThreadElement> = {
  name: 'replies',
  part: 'more-replies-button',
  label: (locale) => locale.t('write').moreReplies,
  shows: (c) => !!c.replyNext,
  async run(host, id) {
    const {comments} = host.list;
    const c = comments.get(id)!;
    try {
      const page = await (await host.backend())!.branch!(host.threadId, id, {cursor: c.replyNext});
      // Listed afresh meanwhile (another order or thread): this branch page is not for it.
      if (comments !== host.list.comments) return;
      for (const r of page.comments) if (!comments.has(r.id)) comments.set(r.id, r);
      c.replyNext = page.next ?? undefined;
      host.requestUpdate();
      await reveal(host, page.comments[0].id);
    } catch (error) {
      fire(host, 'natter-error', {error, action: 'replies'});
    }
  },
};
