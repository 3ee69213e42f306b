// The sort control: which top-level comments come first. It comes with the write chunk (the first comments paint in
// the order the `order` attribute, or the reader's earlier choice, asked for).
import {html, nothing} from 'lit';
import type {SortOrder} from '../adapters/adapter.js';
import type {ThreadElement} from '../elements/thread-element.js';

/**
 * A `<select>` of Oldest, Newest and, where the page has votes on, Top (votes for minus against). A choice re-lists the thread (open reply
 * forms and drafts stay) and is remembered in this browser (`localStorage['natter-order']`, read back by the loader,
 * which sets it as the element's `order` before it upgrades). Shown from two comments on, and kept while the new
 * order loads, so focus stays in it.
 */
export function sortControl(host: ThreadElement) {
  const {list, order} = host;
  const m = host.locale.t('write');
  const choose = (e: Event) => {
    host.order = (e.target as HTMLSelectElement).value as SortOrder;
    try {
      localStorage['natter-order'] = host.order;
    } catch {}
  };
  // Top only where the page has votes on (a thread listed by `top` without them shows no control).
  const top = !!list.page?.votes;
  return list.total > 1 && (top || order !== 'top')
    ? html`<label class="check" part="sort">${m.sort} <select @change=${choose}>${(top ? ['oldest', 'newest', 'top'] as const : ['oldest', 'newest'] as const).map((o) => html`<option value=${o} .selected=${order === o}>${m[o]}</option>`)}</select></label>`
    : nothing;
}
