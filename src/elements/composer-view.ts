import {html, nothing} from 'lit';
import type {Draft} from '../storage/drafts.js';
import type {Messages} from '../i18n/messages.js';

export interface ComposerProps {
  m: Messages;
  draft: Draft;
  /** The heading that names this form ("Leave a reply", "Reply to Ada"). */
  title: string;
  remember: boolean;
  error?: string;
  onInput(field: keyof Draft, value: string): void;
  onRemember(on: boolean): void;
  onSubmit(): void;
  onCancel?(): void;
}

const fields = [
  ['author', 'text', 100, 'name'],
  ['email', 'email', 254, 'email'],
  ['website', 'url', 500, 'url'],
] as const;

const field = (e: Event) => (e.target as HTMLInputElement).value;

// Values are bound without Lit's live() (it costs 0.4 KB): typing updates the draft without a render, and the one
// place where the model changes behind a field (clearing the top form after Post) clears the field itself.

/** A comment form: Markdown body, name, optional email and website, and "remember me". */
export function renderComposer(p: ComposerProps) {
  const {m, draft} = p;
  const input = (name: keyof Draft) => (e: Event) => p.onInput(name, field(e));
  return html`<form part="composer" aria-label=${p.title} novalidate
    @submit=${(e: Event) => { e.preventDefault(); p.onSubmit(); }}>
    <label>${m.body}
      <textarea part="textarea" name="body" .value=${draft.body} @input=${input('body')} rows="4"></textarea>
    </label>
    <p class="hint">${m.bodyHint}</p>
    <div class="fields">
      ${fields.map(([name, type, max, auto]) => html`<label>${m[name]}<input part="input" name=${name} type=${type} autocomplete=${auto} maxlength=${max} .value=${draft[name]} @input=${input(name)}></label>`)}
    </div>
    <label class="check"><input type="checkbox" name="remember" .checked=${p.remember} @change=${(e: Event) => p.onRemember((e.target as HTMLInputElement).checked)}>${m.remember}</label>
    ${p.error ? html`<p part="error" role="alert">${p.error}</p>` : nothing}
    <div class="actions">
      <button part="submit-button" type="submit">${m.post}</button>
      ${p.onCancel ? html`<button part="cancel-button" type="button" @click=${p.onCancel}>${m.cancel}</button>` : nothing}
    </div>
  </form>`;
}
