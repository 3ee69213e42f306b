// dist/natter-count.js, the script an index page pastes for its <natter-count> tags: the element alone, without lit,
// so it registers its own tag rather than going through define.ts (the thread chunk, lit and all).
import {CountElement} from './elements/count-element.js';

if (!customElements.get('natter-count')) customElements.define('natter-count', CountElement);

declare global {
  interface HTMLElementTagNameMap {
    'natter-count': CountElement;
  }
}
