import {ReactiveElement, type PropertyValues} from 'lit';
import {render} from 'lit';

/**
 * LitElement's rendering on ReactiveElement, without what the widget never uses (hydration and polyfill hooks,
 * async directives): the first paint downloads about 170 B less.
 */
export abstract class BaseElement extends ReactiveElement {
  protected abstract render(): unknown;

  protected update(changed: PropertyValues) {
    const value = this.render();
    super.update(changed);
    render(value, this.renderRoot, {host: this});
  }
}
