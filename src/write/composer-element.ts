import {html, nothing, render} from 'lit';
import {BaseElement} from '../elements/base-element.js';
import type {Draft} from '../storage/drafts.js';
import {writeMessagesFor} from './messages.js';

/** What the composer shows: the draft, whether "remember me" is on, and an error to show. */
export interface ComposerState {
  draft: Draft;
  remember: boolean;
  error?: string;
}

const fields = [
  ['author', 'text', 100, 'name'],
  ['email', 'email', 254, 'email'],
  ['website', 'url', 500, 'url'],
] as const;

/**
 * Dispatches one of the form's bubbling events. Outside the class, so the manifest analyzer, which reads every
 * `new CustomEvent(…)` inside a class as an event, doesn't list the variable `type`: the `@fires` tags name them.
 */
function emit(el: HTMLElement, type: string, detail: object) {
  el.dispatchEvent(new CustomEvent(type, {detail, bubbles: true}));
}

/**
 * One comment form. It renders into its host's shadow root, so the thread's styles and parts (`textarea`, `input`,
 * `submit-button`, …) apply to it as they did before it was an element, and `natter-thread::part(textarea)` works.
 *
 * @prop parent - The id of the comment replied to ('' for the top form).
 * @prop heading - The form's accessible name ("Leave a reply", "Reply to Ada").
 * @prop locale - The language of its text.
 * @prop state - The draft, "remember me" and an error to show.
 * @prop edit - Edits a posted comment: the text box alone, with this text on its submit button ("Save").
 * @fires natter-input - A field changed: `detail: {parent, field, value}`.
 * @fires natter-remember - "Remember me" toggled: `detail: {on}`.
 * @fires natter-submit - The reader pressed Post: `detail: {parent}`.
 * @fires natter-cancel - The reader closed a reply form: `detail: {parent}`.
 */
export class ComposerElement extends BaseElement {
  protected static renderer = render;
  static properties = {parent: {}, heading: {}, locale: {}, state: {attribute: false}, edit: {}};

  parent = '';
  /** Edits a posted comment: the text box alone, with this text on its submit button ("Save"). */
  edit = '';
  heading = '';
  locale = 'en';
  state?: ComposerState;

  protected createRenderRoot() {
    return this;
  }

  /** Moves focus to the text box. */
  focus() {
    void this.updateComplete.then(() => this.querySelector('textarea')?.focus());
  }

  /** Empties the text box (after the comment went to the outbox). */
  clear() {
    const body = this.querySelector('textarea');
    if (body) body.value = '';
  }

  private emit(type: string, detail: object) {
    emit(this, type, {parent: this.parent, ...detail});
  }

  /**
   * Each field follows the draft where it differs from what is in it, as lit's `live()` would: what the reader typed
   * may differ from the last value rendered, and text put back after a refused post must still reach the field.
   * Done here rather than by a directive, which brought lit's Directive classes into the write chunk (118 B gzip more).
   */
  protected updated() {
    const {state} = this;
    if (!state) return;
    const {draft} = state;
    const values: Record<string, unknown> = {...draft, subject: draft.subject ?? '', notify: !!draft.notify, remember: state.remember};
    for (const field of this.querySelectorAll<HTMLInputElement>('[name]')) {
      const key = field.type === 'checkbox' ? 'checked' : 'value';
      if (field[key] !== values[field.name]) (field as unknown as Record<string, unknown>)[key] = values[field.name];
    }
  }

  render() {
    const {state} = this;
    if (!state) return nothing;
    const m = writeMessagesFor(this.locale);
    const input = (field: keyof Draft) => (e: Event) => this.emit('natter-input', {field, value: (e.target as HTMLInputElement).value});
    return html`<form part="composer" aria-label=${this.heading} novalidate @submit=${(e: Event) => (e.preventDefault(), this.emit('natter-submit', {}))}>
      <label>${m.body}
        <textarea part="textarea" name="body" @input=${input('body')} rows="4"></textarea>
      </label>
      <p class="hint">${m.bodyHint}</p>
      ${this.edit ? nothing : html`<div class="fields">
        ${fields.map(([name, type, max, auto]) => html`<label>${m[name]}<input part="input" name=${name} type=${type} autocomplete=${auto} maxlength=${max} @input=${input(name)}></label>`)}
      </div>
      <label class="check"><input type="checkbox" name="remember" @change=${(e: Event) => this.emit('natter-remember', {on: (e.target as HTMLInputElement).checked})}>${m.remember}</label>
      <label class="check"><input type="checkbox" name="notify" @change=${(e: Event) => this.emit('natter-input', {field: 'notify', value: (e.target as HTMLInputElement).checked})}>${m.notify}</label>
      <label class="hp" aria-hidden="true">${m.honeypot}<input name="subject" tabindex="-1" autocomplete="off" @input=${input('subject')}></label>`}
      ${state.error ? html`<p part="error" role="alert">${state.error}</p>` : nothing}
      <div class="actions">
        <button part="submit-button" type="submit">${this.edit || m.post}</button>
        ${this.parent ? html`<button part="cancel-button" type="button" @click=${() => this.emit('natter-cancel', {})}>${m.cancel}</button>` : nothing}
      </div>
    </form>`;
  }
}
