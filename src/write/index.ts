// The write chunk: the composer, drafts, the outbox and idb-keyval. The thread loads it once its comments are on
// screen, or at once when the reader opens a reply form, so it never delays the first comments.
import {html, nothing, type TemplateResult} from 'lit';
import type {LaterView, ShownComment} from '../elements/comment-view.js';
import type {ThreadElement} from '../elements/thread-element.js';
import {format} from '../i18n/messages.js';
import {plural} from '../i18n/intl-format.js';
import {laterView} from './later-view.js';
import {ComposerElement} from './composer-element.js';
import {composerStyles} from './composer.styles.js';
import {adoptStyles} from '../elements/base-element.js';
import {DraftsController} from './drafts-controller.js';
import {OutboxController} from './outbox-controller.js';
import {HeldController} from './held-controller.js';
import {OnlineController} from '../controllers/online-controller.js';
import {replyAction} from './reply-action.js';
import {writeMessagesFor} from './messages.js';
import {reveal} from './reveal.js';
import type {LiveController} from '../features/live.js';

// The REST adapter's posting half lives here, with the forms (src/adapters/rest.ts imports it from this chunk).
import {post, count, edit, remove, vote} from '../adapters/rest-post.js';
export const rest = {post, count, edit, remove, vote};
// The takeover of a server-rendered fragment, loaded with the forms it waits for (src/takeover).
export {adopt} from '../takeover/index.js';

export interface Write {
  drafts: DraftsController;
  outbox: OutboxController;
  held: HeldController;
  /** The reader's own comments the list doesn't hold: queued ones, and held ones kept from earlier visits. */
  shown(): ShownComment[];
  /** Opens or closes the reply form under comment `id`, then moves focus into it or back to its Reply button. */
  toggleReply(id: string, open: boolean): Promise<void>;
  /** The offline notice, while the browser is offline. */
  notice(lang: string): TemplateResult | typeof nothing;
  /** What each comment shows once this chunk is in: its note, its open reply form, its dates with Intl. */
  view: LaterView;
  /** The heading with the count: "3 comments". */
  count(total: number): string;
  /** The top form's heading. */
  readonly leaveReply: string;
}

/** Adds the drafts and outbox controllers to a thread element. */
export function attach(host: ThreadElement): Write {
  if (!customElements.get('natter-composer')) customElements.define('natter-composer', ComposerElement);
  const outbox = new OutboxController(host);
  const held = new HeldController(host);
  const drafts = new DraftsController(host, outbox, held);
  outbox.drafts = drafts;
  // Back online: what waits is sent, and a list that failed (the first one, or a next page) is tried again.
  new OnlineController(host, () => (outbox.retryWaiting(), host.list.error && host.list.load(host.list.loaded)));
  // The list may hold a comment whose reply was lost: a retry now gets its id and removes the "waiting" copy.
  host.addEventListener('natter-load', () => outbox.retryWaiting());
  const hash = decodeURIComponent(location.hash);
  // Once the forms are in (the top one sits above the list and would push the comment down again).
  if (hash.startsWith('#natter-comment-')) void host.updateComplete.then(() => drafts.restoring).then(() => reveal(host, hash.slice(16), false));
  const actions = (host.constructor as typeof ThreadElement).actions;
  if (!actions.includes(replyAction)) actions.unshift(replyAction);
  const root = host.renderRoot as ShadowRoot;
  // The forms' events, delegated at the shadow root.
  const on = (type: string, handle: (d: any) => void) => root.addEventListener(type, (e) => handle((e as CustomEvent).detail));
  // Every per-comment action: its buttons only show once this chunk is in, so its one listener comes with it.
  root.addEventListener('click', (e) => {
    const button = (e.target as Element).closest<HTMLElement>('[data-action]');
    const action = button && actions.find((a) => a.name === button.dataset.action);
    if (action) action.run(host, button.dataset.id!);
  });
  // An edit form's (parent `edit:ID`) submit and cancel are the edit chunk's; its draft is kept like any other.
  const form = (d: {parent: string}) => !d.parent.startsWith('edit:');
  on('natter-submit', (d) => form(d) && void outbox.submit(d.parent));
  on('natter-cancel', (d) => form(d) && void toggleReply(d.parent, false));
  on('natter-input', (d) => drafts.input(d.parent, d.field, d.value));
  on('natter-remember', (d) => drafts.setRemember(d.on));
  adoptStyles(root, composerStyles);
  async function toggleReply(id: string, open: boolean) {
    drafts.flush();
    if (open) host.replying.add(id);
    else host.replying.delete(id);
    host.requestUpdate();
    await host.updateComplete;
    const target = host.renderRoot.querySelector<HTMLElement>(open ? `natter-composer[parent="${CSS.escape(id)}"]` : `[data-action=reply][data-id="${CSS.escape(id)}"]`);
    target?.focus();
  }
  // Edit, delete and votes: a chunk of their own, loaded once the page and the adapter offer votes, or once this browser
  // holds an owner token in this scope and the adapter can edit or remove (so most readers never download it). What
  // it needs from this chunk is handed over, not imported: an import would make this chunk's exports wider than the
  // module's, and the build then wraps them in a namespace object (bytes in the thread chunk too).
  const features = async () => {
    await host.updateComplete; // which starts restoring the drafts, and with them the scope
    await drafts.restoring;
    const version = host.backendVersion;
    const a = await host.backend();
    const {kv, scope} = drafts;
    if (kv && a && ((a.vote && host.list.page?.votes) || ((a.edit || a.remove) && (await kv.values(['own', scope]).catch(() => [])).length))) {
      void import('../features/actions.js').then((f) => f.attach(host, a, version, kv, scope));
    }
  };
  host.addEventListener('natter-load', features);
  host.addEventListener('natter-posted', features);
  void features();
  // Live updates: their chunk loads once a list page says where they resume and the adapter can subscribe.
  let live: LiveController | undefined;
  const follow = () => void (host.list.events && !live && host.backend().then((a) => a?.subscribe && import('../features/live.js').then((l) => (live ??= new l.LiveController(host, reveal, (n, show) => html`<button part="new-comments-button" type="button" @click=${show}>${plural(m().newComments, n, host.locale.lang)}</button>`)))));
  host.addEventListener('natter-load', follow);
  follow();
  host.requestUpdate();
  // What only shows with this chunk in: rendered from here, so it isn't part of the first paint's download.
  const notice = (lang: string) => html`${host.offline ? html`<p part="notice" role="status">${writeMessagesFor(lang).offline}</p>` : nothing}${live ? html`<div role="status">${live.button()}</div>` : nothing}`;
  const below = (c: ShownComment) => (host.replying.has(c.id) ? host.composer(c.id, format(writeMessagesFor(host.locale.lang).replyTo, {name: c.author})) : nothing);
  const m = () => writeMessagesFor(host.locale.lang);
  return {
    drafts, outbox, held, toggleReply, notice, view: laterView(host, below),
    shown: () => [...outbox.shown(), ...held.shown()],
    count: (total) => plural(m().comments, total, host.locale.lang),
    get leaveReply() {
      return m().leaveReply;
    },
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'natter-composer': ComposerElement;
  }
}
