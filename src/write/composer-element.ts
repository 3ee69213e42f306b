import {html, nothing, render} from 'lit';
import {BaseElement} from '../elements/base-element.js';
import type {Draft} from '../storage/drafts.js';
import type {WriteMessages} from './messages.js';

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
 * @prop parent - The id of the comment replied to ('' for the top form), or `edit:ID` to edit comment ID (the text box alone, and Save).
 * @prop heading - The form's accessible name ("Leave a reply", "Reply to Ada").
 * @prop m - Its text, in the reader's language.
 * @prop state - The draft, "remember me" and an error to show.
 * @fires natter-input - A field changed: `detail: {parent, field, value}`.
 * @fires natter-remember - "Remember me" toggled: `detail: {on}`.
 * @fires natter-submit - The reader pressed Post: `detail: {parent}`.
 * @fires natter-cancel - The reader closed a reply form: `detail: {parent}`.
 */
export class ComposerElement extends BaseElement {
  protected static renderer = render;
  static properties = {parent: {}, heading: {}, m: {attribute: false}, state: {attribute: false}};

  parent = '';
  heading = '';
  m!: WriteMessages;
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

  /**
   * Each field follows the draft where it differs from what is in it, as lit's `live()` would: what the reader typed
   * may differ from the last value rendered, and text put back after a refused post must still reach the field.
   * Done here rather than by a directive, which brought lit's Directive classes into the write chunk (118 B gzip more).
   */
  protected updated() {
    const {state} = this;
    if (!state) return;
    const {draft} = state;
    // Compact until the reader comes to it: name, email and website show once the form has focus, or has text.
    if (draft.body) this.toggleAttribute('open', true);
    const values: Record<string, unknown> = {...draft, subject: draft.subject ?? '', notify: !!draft.notify, remember: state.remember};
    for (const field of this.querySelectorAll<HTMLInputElement>('[name]')) {
      const key = field.type === 'checkbox' ? 'checked' : 'value';
      if (field[key] !== values[field.name]) (field as unknown as Record<string, unknown>)[key] = values[field.name];
    }
  }

  render() {
    const {state, m} = this;
    if (!state) return nothing;
    // An edit form (src/features/actions.ts): the text box alone, and Save.
    const edit = this.parent.startsWith('edit:');
    // The form's events carry its `parent`, as it is when they happen.
    const send = (type: string, detail: object = {}) => emit(this, type, {parent: this.parent, ...detail});
    const input = (field: keyof Draft) => (e: Event) => send('natter-input', {field, value: (e.target as HTMLInputElement).value});
    // Ctrl+Enter (Cmd+Enter on a Mac) posts from any field; Escape closes a reply form (its draft stays). Neither while an
    // input method composes (Escape there cancels the composition), nor on a held key's repeats.
    const key = (e: KeyboardEvent) => {
      if (e.isComposing || e.keyCode === 229 || e.repeat || e.defaultPrevented) return;
      const type = e.key === 'Enter' && (e.ctrlKey || e.metaKey) ? 'natter-submit' : e.key === 'Escape' && this.parent ? 'natter-cancel' : '';
      if (type) e.preventDefault(), e.stopPropagation(), send(type);
    };
    // No white space between the parts (the form and its fields are grids, its actions a flex row): the lines break
    // inside the `${}`s.
    return html`<form part="composer" aria-label=${this.heading} novalidate @focusin=${() => this.toggleAttribute('open', true)} @keydown=${key} @submit=${(e: Event) => (e.preventDefault(), send('natter-submit'))}>
      <label>${m.body}<textarea part="textarea" name="body" dir="auto" @input=${input('body')} rows="4"></textarea>
      </label>
      <p class="hint">${m.bodyHint}</p>${
      edit ? nothing : html`<div class="fields">${
        fields.map(([name, type, max, auto]) => html`<label>${m[name]}<input part="input" dir="auto" name=${name} type=${type} autocomplete=${auto} maxlength=${max} @input=${input(name)}></label>`)}
      </div>
      <label class="check"><input type="checkbox" name="remember" @change=${(e: Event) => send('natter-remember', {on: (e.target as HTMLInputElement).checked})}>${m.remember}</label>
      <label class="check"><input type="checkbox" name="notify" @change=${(e: Event) => send('natter-input', {field: 'notify', value: (e.target as HTMLInputElement).checked})}>${m.notify}</label>
      <label class="hp" aria-hidden="true">${m.honeypot}<input name="subject" tabindex="-1" autocomplete="off" @input=${input('subject')}></label>`}${
      state.error ? html`<p part="error" role="alert">${state.error}</p>` : nothing}
      <div class="actions">
        <button part="submit-button" type="submit">${edit ? m.save : m.post}</button>${
        this.parent ? html`<button part="cancel-button" type="button" @click=${() => send('natter-cancel')}>${m.cancel}</button>` : nothing}
      </div>
    </form>`;
  }
}
