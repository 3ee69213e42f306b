// The thread chunk: lit, the list view, Markdown, styles, the English messages and the REST adapter.
import {ThreadElement} from './elements/thread-element.js';

if (!customElements.get('natter-thread')) customElements.define('natter-thread', ThreadElement);

declare global {
  interface HTMLElementTagNameMap {
    'natter-thread': ThreadElement;
  }
}
