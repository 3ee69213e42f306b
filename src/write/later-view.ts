import {html, nothing} from 'lit';
import type {LaterView} from '../elements/comment-view.js';
import type {ThreadElement} from '../elements/thread-element.js';
import {formatAbsolute, formatRelative} from '../i18n/intl-format.js';

/**
 * The parts of each comment that wait for the write chunk: its note, its open reply form (`below`), the edit form in
 * place of its body (`body`) and its dates with Intl.
 * They are in no first frame's download (see TreeProps.later); each reads the thread's language when it renders.
 */
export function laterView(host: ThreadElement, below: LaterView['below'], body: LaterView['body']): LaterView {
  return {
    note(c) {
      const m = host.locale.t('write');
      const note = c.state === 'sending' ? m.sending : c.state === 'waiting' ? m.waiting : c.status === 'pending' ? m.pending : '';
      const at = c.editedAt && new Date(c.editedAt);
      // "edited", with its time as the tooltip (an invalid one from a custom adapter shows the word alone).
      // Nothing at all for most comments: no template, no parts (each a marker comment in the DOM).
      return note || at ? html`${note ? html`<span class="note" part="note">${note}</span>` : nothing}${at ? html`<time class="note" part="edited" datetime=${c.editedAt!} title=${+at ? formatAbsolute(at, host.locale.lang) : nothing}>${m.edited}</time>` : nothing}` : nothing;
    },
    below,
    body,
    relative: (date) => formatRelative(date, host.locale.lang),
    absolute: (date) => formatAbsolute(date, host.locale.lang),
  };
}
