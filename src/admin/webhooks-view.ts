import {html, nothing} from 'lit';
import {AdminApiError} from './api.js';
import {LightElement} from './light-element.js';

/** One try at a delivery, as the webhook log keeps it (fields the server leaves out show as a dash). */
interface Delivery {
  id?: string;
  kind?: string;
  attempt?: number;
  ok?: boolean;
  statusCode?: number | null;
  error?: string | null;
  durationMs?: number;
  at?: string;
}

const when = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'medium'});

/** `<natter-admin-webhooks>`: the webhook delivery log, newest first; a server without one says so. */
export class WebhooksView extends LightElement {
  declare deliveries: Delivery[] | null;
  declare state: 'loading' | 'ready' | 'absent' | 'failed';
  declare loadError: string;

  static properties = {deliveries: {state: true}, state: {state: true}, loadError: {state: true}};

  constructor() {
    super();
    this.deliveries = null;
    this.state = 'loading';
    this.loadError = '';
  }

  connectedCallback() {
    super.connectedCallback();
    this.api.deliveries().then(
      (answer) => {
        const list = Array.isArray(answer) ? answer : (answer as {deliveries?: Delivery[]}).deliveries;
        this.deliveries = Array.isArray(list) ? list : [];
        this.state = 'ready';
      },
      (error: unknown) => {
        this.state = error instanceof AdminApiError && error.status === 404 ? 'absent' : 'failed';
        this.loadError = error instanceof Error ? error.message : String(error);
      },
    );
  }

  protected render() {
    return html`<h2 tabindex="-1">Webhook deliveries</h2>
      ${this.state === 'loading' ? html`<p>Loading…</p>` : nothing}
      ${this.state === 'absent'
        ? html`<p class="empty">This server keeps no webhook log. Set <code>NATTER_WEBHOOK_URL</code> to have comments posted to another service; each try shows up here.</p>`
        : nothing}
      ${this.state === 'failed' ? html`<p class="error" role="alert">Could not load the deliveries: ${this.loadError}</p>` : nothing}
      ${this.state === 'ready' && !this.deliveries!.length ? html`<p class="empty">No webhook has been sent yet.</p>` : nothing}
      ${this.state === 'ready' && this.deliveries!.length
        ? html`<div class="table"><table>
            <caption class="visually-hidden">Webhook deliveries, newest first</caption>
            <thead><tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">Try</th><th scope="col">Result</th><th scope="col">Took</th></tr></thead>
            <tbody>
              ${this.deliveries!.map(
                (d) => html`<tr>
                  <td>${d.at ? when.format(new Date(d.at)) : '—'}</td>
                  <td>${d.kind ?? '—'}</td>
                  <td>${d.attempt ?? '—'}</td>
                  <td class=${d.ok ? 'ok' : 'failed'}>${d.ok ? 'Delivered' : 'Failed'}${d.statusCode ? ` (HTTP ${d.statusCode})` : ''}${d.error ? `: ${d.error}` : ''}</td>
                  <td>${d.durationMs === undefined ? '—' : `${d.durationMs} ms`}</td>
                </tr>`,
              )}
            </tbody>
          </table></div>`
        : nothing}`;
  }
}
