import type {ThreadElement} from '../elements/thread-element.js';

/** Brings a comment into view and, with `focus`, moves focus to it. */
export async function reveal(host: ThreadElement, id: string, focus = true) {
  await host.updateComplete;
  await Promise.all([...host.renderRoot.querySelectorAll('natter-composer')].map((c) => c.updateComplete));
  const article = host.renderRoot.querySelector<HTMLElement>(`article[data-id="${CSS.escape(id)}"]`);
  if (!article) return;
  article.scrollIntoView({block: focus ? 'nearest' : 'start'});
  // Focusable only from script, so focus can move to the reader's new comment.
  article.tabIndex = -1;
  if (focus) article.focus({preventScroll: true});
}
