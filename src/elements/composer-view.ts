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
      <label>${m.name}<input part="input" name="author" autocomplete="name" maxlength="100" .value=${draft.author} @input=${input('author')}></label>
      <label>${m.email}<input part="input" name="email" type="email" autocomplete="email" maxlength="254" .value=${draft.email} @input=${input('email')}></label>
      <label>${m.website}<input part="input" name="website" type="url" autocomplete="url" maxlength="500" placeholder="https://" .value=${draft.website} @input=${input('website')}></label>
    </div>
    <label class="check"><input type="checkbox" name="remember" .checked=${p.remember} @change=${(e: Event) => p.onRemember((e.target as HTMLInputElement).checked)}>${m.remember}</label>
    ${p.error ? html`<p part="error" role="alert">${p.error}</p>` : nothing}
    <div class="actions">
      <button part="submit-button" type="submit">${m.post}</button>
      ${p.onCancel ? html`<button part="cancel-button" type="button" @click=${p.onCancel}>${m.cancel}</button>` : nothing}
    </div>
  </form>`;
}
