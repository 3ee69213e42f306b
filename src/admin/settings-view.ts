import {html, nothing} from 'lit';
import {AdminApiError, type Ban, type PolicySettings} from './api.js';
import {LightElement} from './light-element.js';

const modes: [PolicySettings['mode'], string, string][] = [
  ['off', 'Publish at once', 'Comments go live as soon as they are posted (the rules below can still hold one).'],
  ['all', 'Hold every comment', 'Nothing goes live until you approve it.'],
  ['first', 'Hold new authors', 'An email address is held until enough of its comments are approved.'],
];
const numbers: [keyof PolicySettings, string, string][] = [
  ['firstApproved', 'Approved comments before an author is trusted', 'With “Hold new authors”.'],
  ['maxLinks', 'Most links allowed in a comment', 'A comment with more links is held.'],
  ['minSeconds', 'Fewest seconds between showing the form and posting', 'Faster posts are refused as bots.'],
];

/** `<natter-admin-settings>`: the moderation policy and owner name, and the list of banned authors. */
export class SettingsView extends LightElement {
  declare policy: PolicySettings | null;
  declare ownerName: string;
  declare bans: Ban[];
  declare saving: boolean;
  declare problem: {message: string; field?: string} | null;
  declare loadError: string;

  static properties = {policy: {state: true}, ownerName: {state: true}, bans: {state: true}, saving: {state: true}, problem: {state: true}, loadError: {state: true}};

  constructor() {
    super();
    this.policy = null;
    this.ownerName = '';
    this.bans = [];
    this.saving = false;
    this.problem = null;
    this.loadError = '';
  }

  connectedCallback() {
    super.connectedCallback();
    this.api.settings().then(
      ({policy, ownerName}) => ((this.policy = policy), (this.ownerName = ownerName)),
      (error: unknown) => (this.loadError = error instanceof Error ? error.message : String(error)),
    );
    this.api.bans().then(
      ({bans}) => (this.bans = bans),
      () => undefined,
    );
  }

  private async handleSave(e: SubmitEvent) {
    e.preventDefault();
    if (this.saving) return;
    const data = new FormData(e.target as HTMLFormElement);
    const policy: Partial<PolicySettings> = {
      mode: data.get('mode') as PolicySettings['mode'],
      blockedWords: String(data.get('blockedWords') ?? '')
        .split('\n')
        .map((w) => w.trim())
        .filter(Boolean),
    };
    for (const [key] of numbers) (policy as Record<string, number>)[key] = Number(data.get(key));
    this.saving = true;
    this.problem = null;
    try {
      const saved = await this.api.saveSettings({policy, ownerName: String(data.get('ownerName') ?? '').trim()});
      this.policy = saved.policy;
      this.ownerName = saved.ownerName;
      this.announce('Settings saved.');
    } catch (error) {
      this.problem = {message: error instanceof Error ? error.message : String(error), field: error instanceof AdminApiError ? error.field : undefined};
      await this.updateComplete;
      this.querySelector<HTMLElement>(`[name="${this.problem.field ?? ''}"]`)?.focus();
      this.announce(`Settings not saved: ${this.problem.message}`, true);
    } finally {
      this.saving = false;
    }
  }

  private async handleBan(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const ban = {kind: data.get('kind') as Ban['kind'], value: String(data.get('value') ?? '').trim(), reason: String(data.get('reason') ?? '').trim() || undefined};
    try {
      await this.api.request('POST', '/bans', ban);
      this.bans = (await this.api.bans()).bans;
      form.reset();
      this.announce(`Banned ${ban.value}: their next comments go to spam.`);
    } catch (error) {
      this.fail(error);
    }
  }

  private async unban(ban: Ban, index: number) {
    try {
      await this.api.unban(ban.kind, ban.value);
      this.bans = this.bans.filter((b) => b !== ban);
      await this.updateComplete;
      // Focus to the next ban's button, or the form below when none is left.
      this.querySelector<HTMLElement>(`#bans li:nth-child(${index + 1}) button, #bans li:last-child button, #ban-value`)?.focus();
      this.announce(`Lifted the ban on ${ban.value}.`);
    } catch (error) {
      this.fail(error);
    }
  }

  private invalid(field: string) {
    return this.problem?.field === field ? 'true' : 'false';
  }

  protected render() {
    const p = this.policy;
    return html`<h2 tabindex="-1">Settings</h2>
      ${this.loadError ? html`<p class="error" role="alert">Could not load the settings: ${this.loadError}</p>` : nothing}
      ${p
        ? html`<form class="settings" @submit=${this.handleSave}>
            <fieldset>
              <legend>Moderation</legend>
              ${modes.map(
                ([mode, label, hint]) => html`<div class="choice">
                  <input type="radio" name="mode" id="mode-${mode}" value=${mode} .checked=${p.mode === mode} aria-describedby="mode-${mode}-hint">
                  <label for="mode-${mode}">${label}</label>
                  <p class="hint" id="mode-${mode}-hint">${hint}</p>
                </div>`,
              )}
            </fieldset>
            ${numbers.map(
              ([key, label, hint]) => html`<div class="field">
                <label for="s-${key}">${label}</label>
                <input id="s-${key}" name=${key} type="number" min="0" max="1000" step="1" required .value=${String(p[key])} aria-describedby="s-${key}-hint" aria-invalid=${this.invalid(key)}>
                <p class="hint" id="s-${key}-hint">${hint}</p>
              </div>`,
            )}
            <div class="field">
              <label for="s-blockedWords">Blocked words or phrases, one a line</label>
              <textarea id="s-blockedWords" name="blockedWords" rows="5" .value=${p.blockedWords.join('\n')} aria-describedby="s-blockedWords-hint" aria-invalid=${this.invalid('blockedWords')}></textarea>
              <p class="hint" id="s-blockedWords-hint">A comment with any of them is held (case does not matter).</p>
            </div>
            <div class="field">
              <label for="s-ownerName">Your name on replies</label>
              <input id="s-ownerName" name="ownerName" autocomplete="name" .value=${this.ownerName} aria-invalid=${this.invalid('ownerName')}>
            </div>
            ${this.problem ? html`<p class="error" role="alert">${this.problem.message}</p>` : nothing}
            <button type="submit">Save settings</button>
          </form>`
        : this.loadError
          ? nothing
          : html`<p>Loading…</p>`}
      <section aria-labelledby="bans-h">
        <h3 id="bans-h">Banned authors</h3>
        <p class="hint">Comments from a banned email address or IP address (a /64 for IPv6) go to spam.</p>
        ${this.bans.length
          ? html`<ul id="bans">${this.bans.map(
              (b, i) => html`<li><span>${b.kind === 'email' ? 'Email' : 'IP'} ${b.value}${b.reason ? ` (${b.reason})` : ''}</span>
                <button type="button" aria-label="Lift ban on ${b.value}" @click=${() => this.unban(b, i)}>Lift ban</button></li>`,
            )}</ul>`
          : html`<p class="empty">Nobody is banned.</p>`}
        <form class="search" @submit=${this.handleBan}>
          <div><label for="ban-kind">Kind</label><select id="ban-kind" name="kind"><option value="email">Email</option><option value="ip">IP</option></select></div>
          <div><label for="ban-value">Address</label><input id="ban-value" name="value" required></div>
          <div><label for="ban-reason">Reason (optional)</label><input id="ban-reason" name="reason"></div>
          <button type="submit">Ban</button>
        </form>
      </section>`;
  }
}
