import {html, nothing} from 'lit';
import {BaseElement} from '../elements/base-element.js';
import {live} from './live.js';
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
 * @prop edit - Edits a posted comment: the text box alone, with Save and Cancel.
 * @fires natter-input - A field changed: `detail: {parent, field, value}`.
 * @fires natter-remember - "Remember me" toggled: `detail: {on}`.
 * @fires natter-submit - The reader pressed Post: `detail: {parent}`.
 * @fires natter-cancel - The reader closed a reply form: `detail: {parent}`.
 */
export class ComposerElement extends BaseElement {
  static properties = {parent: {}, heading: {}, locale: {}, state: {attribute: false}, edit: {type: Boolean}};

  parent = '';
  /** Edits a posted comment: the text box alone, with Save and Cancel. */
  edit = false;
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

  render() {
    const {state} = this;
    if (!state) return nothing;
    const m = writeMessagesFor(this.locale);
    const {draft} = state;
    const input = (field: keyof Draft) => (e: Event) => this.emit('natter-input', {field, value: (e.target as HTMLInputElement).value});
    return html`<form part="composer" aria-label=${this.heading} novalidate @submit=${(e: Event) => (e.preventDefault(), this.emit('natter-submit', {}))}>
      <label>${m.body}
        <textarea part="textarea" name="body" .value=${live(draft.body)} @input=${input('body')} rows="4"></textarea>
      </label>
      <p class="hint">${m.bodyHint}</p>
      ${this.edit ? nothing : html`<div class="fields">
        ${fields.map(([name, type, max, auto]) => html`<label>${m[name]}<input part="input" name=${name} type=${type} autocomplete=${auto} maxlength=${max} .value=${live(draft[name])} @input=${input(name)}></label>`)}
      </div>
      <label class="check"><input type="checkbox" name="remember" .checked=${live(state.remember)} @change=${(e: Event) => this.emit('natter-remember', {on: (e.target as HTMLInputElement).checked})}>${m.remember}</label>
      <label class="check"><input type="checkbox" name="notify" .checked=${live(!!draft.notify)} @change=${(e: Event) => this.emit('natter-input', {field: 'notify', value: (e.target as HTMLInputElement).checked})}>${m.notify}</label>
      <label class="hp" aria-hidden="true">${m.honeypot}<input name="subject" tabindex="-1" autocomplete="off" .value=${live(draft.subject ?? '')} @input=${input('subject')}></label>`}
      ${state.error ? html`<p part="error" role="alert">${state.error}</p>` : nothing}
      <div class="actions">
        <button part="submit-button" type="submit">${this.edit ? m.save : m.post}</button>
        ${this.parent ? html`<button part="cancel-button" type="button" @click=${() => this.emit('natter-cancel', {})}>${m.cancel}</button>` : nothing}
      </div>
    </form>`;
  }
}
