import {LitElement} from 'lit';
import type {AdminApi} from './api.js';

/** What the page's live region should say: `detail.message`, as an error when `detail.error`. */
export type AnnounceEvent = CustomEvent<{message: string; error?: boolean}>;

/**
 * The admin page's elements render into the document, not a shadow root: one style sheet for the page, the skip
 * link's `#main` target reachable by plain fragment navigation, and labels that point at ids anywhere on the page.
 */
export class LightElement extends LitElement {
  /** The admin API client, shared by every view; set by the page before a view connects (never changes). */
  api!: AdminApi;

  protected createRenderRoot() {
    return this;
  }

  /** Says `message` in the page's live region (as an error when `error`). */
  protected announce(message: string, error = false) {
    this.dispatchEvent(new CustomEvent('natter-admin-announce', {bubbles: true, detail: {message, error}}));
  }

  /** Announces a failure's message as an error. */
  protected fail(error: unknown) {
    this.announce(error instanceof Error ? error.message : String(error), true);
  }
}
