// The write chunk: the composer, drafts, the outbox and idb-keyval. The thread loads it once its comments are on
// screen, or at once when the reader opens a reply form, so it never delays the first comments.
import {html, nothing, type TemplateResult} from 'lit';
import type {LaterView, ShownComment} from '../elements/comment-view.js';
import type {ThreadElement} from '../elements/thread-element.js';
import {english, format} from '../i18n/messages.js';
import {plural} from '../i18n/intl-format.js';
import {laterView} from './later-view.js';
import {ComposerElement} from './composer-element.js';
import {composerStyles} from './composer.styles.js';
import {adoptStyles} from '../elements/base-element.js';
import {createDrafts, type DraftsController} from './drafts-controller.js';
import {createOutbox, type OutboxController} from './outbox-controller.js';
import {createHeld, type HeldController} from './held-controller.js';
import {addOnlineController} from '../controllers/online-controller.js';
import {replyAction} from './reply-action.js';
import {moreReplies, moreRepliesAction} from './more-replies.js';
import {writeEn} from './messages.js';
import {reveal} from './reveal.js';
import {attach as attachActions, cancelEdit, editForm, ownActions, save, scoreActions} from '../features/actions.js';
import {sortControl} from './sort.js';
import {followLive} from '../features/live.js';
import {followColours} from './colours.js';

// The REST adapter's posting half lives here, with the forms (src/adapters/rest.ts imports it from this chunk).
import {post, count, edit, remove, vote, branch} from '../adapters/rest-post.js';
export const rest = {post, count, edit, remove, vote, branch};
// The takeover of a server-rendered fragment, loaded with the forms it waits for (src/takeover).
export {adopt} from '../takeover/index.js';
// The REST adapter's EventSource half (its `subscribe`), with the live updates it feeds.
export {subscribe as restSubscribe} from '../adapters/rest-live.js';

export interface Write {
  drafts: DraftsController;
  outbox: OutboxController;
  held: HeldController;
  /** The reader's own comments the list doesn't hold: queued ones, and held ones kept from earlier visits. */
  shown(): ShownComment[];
  /** Opens or closes the reply form under comment `id`, then moves focus into it or back to its Reply button. */
  toggleReply(id: string, open: boolean): Promise<void>;
  /** The offline notice, while the browser is offline. */
  notice(): TemplateResult | typeof nothing;
  /** The sort control, above the list. */
  sort(): TemplateResult | typeof nothing;
  /** What each comment shows once this chunk is in: its note, its open reply form, its dates with Intl. */
  view: LaterView;
  /** The heading with the count: "3 comments". */
  count(total: number): string;
}

/** The threads in the page: one shared timer moves their relative times on ("3 minutes ago"). */
const threads = new Set<ThreadElement>();
// About once a minute while the page is visible, and at once when it is shown again; nothing while it is hidden.
const tick = () => document.visibilityState === 'visible' && threads.forEach((t) => t.requestUpdate());
let timer: ReturnType<typeof setInterval> | undefined;

/** Adds the drafts and outbox controllers to a thread element. */
export function attach(host: ThreadElement): Write {
  english.write = writeEn;
  if (!timer) (timer = setInterval(tick, 6e4)), document.addEventListener('visibilitychange', tick);
  if (!customElements.get('natter-composer')) customElements.define('natter-composer', ComposerElement);
  const outbox = createOutbox(host);
  const held = createHeld(host);
  const drafts = createDrafts(host, outbox, held);
  outbox.drafts = drafts;
  // Back online: what waits is sent, and a list that failed (the first one, or a next page) is tried again.
  addOnlineController(host, () => (outbox.retryWaiting(), host.list.error && host.list.load(host.list.loaded)));
  // The list may hold a comment whose reply was lost: a retry now gets its id and removes the "waiting" copy.
  // Each list page also brings Edit, Delete and votes up to date, and may start live updates (both below).
  host.addEventListener('natter-load', () => (outbox.retryWaiting(), void features(), follow()));
  // A link to one comment (`#natter-comment-ID`), on load and when the hash changes: the next pages (and then the
  // cut-short branches' next replies) are listed until it is in, then it is scrolled to and highlighted. Once the forms are in (the top one sits above the list and
  // would push the comment down again).
  // Each page asked for once, while the element is in the page and no later link has started over.
  let runs = 0;
  const go = async () => {
    const run = ++runs;
    const {list} = host;
    let id = '';
    try {
      id = location.hash.startsWith('#natter-comment-') ? decodeURIComponent(location.hash.slice(16)) : '';
    } catch {}
    host.highlight = undefined;
    host.requestUpdate();
    if (!id) return;
    await host.updateComplete;
    await drafts.restoring;
    for (let cursor; !list.comments.has(id) && list.next && list.next !== cursor && !list.error && host.isConnected && run === runs; ) {
      cursor = list.next;
      await list.load(true);
    }
    // A reply past its branch's first ones: each cut-short branch's next replies, until it is in.
    for (const c of list.comments.values()) {
      while (!list.comments.has(id) && c.replyNext && host.isConnected && run === runs) if (!(await moreReplies(host, c.id))) break;
    }
    if (run !== runs || !list.comments.has(id)) return;
    host.highlight = id;
    host.requestUpdate();
    await reveal(host, id, false);
  };
  void go();
  const root = host.renderRoot as ShadowRoot;
  // The page's colours, measured while the element is in the page (src/write/colours.ts).
  let colours = () => {};
  host.addController({
    hostConnected: () => (threads.add(host), addEventListener('hashchange', go), (colours = followColours(host, root))),
    hostDisconnected: () => (threads.delete(host), removeEventListener('hashchange', go), runs++, colours()),
  });
  const actions = (host.constructor as typeof ThreadElement).actions;
  // The votes and the author's own actions after Reply: they show once this browser's tokens and votes are read, and a
  // button added before it would take over the focused Reply button's element (lit reuses a list's elements in order).
  if (!actions.includes(replyAction)) actions.unshift(replyAction, moreRepliesAction, ...scoreActions, ...ownActions);
  // The forms' events, delegated at the shadow root.
  const on = (type: string, handle: (d: any) => void) => root.addEventListener(type, (e) => handle((e as CustomEvent).detail));
  // Every per-comment action: its buttons only show once this chunk is in, so its one listener comes with it.
  root.addEventListener('click', (e) => {
    const button = (e.target as Element).closest<HTMLElement>('[data-action]');
    const action = button && actions.find((a) => a.name === button.dataset.action);
    if (action) action.run(host, button.dataset.id!);
  });
  // An edit form (parent `edit:ID`) saves or closes its edit (src/features/actions.ts); its draft is kept like any other.
  const edit = (d: {parent: string}) => d.parent.startsWith('edit:') && d.parent.slice(5);
  on('natter-submit', (d) => void (edit(d) ? save(host, edit(d) as string) : outbox.submit(d.parent)));
  on('natter-cancel', (d) => void (edit(d) ? cancelEdit(host, edit(d) as string) : toggleReply(d.parent, false)));
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
  // Edit, delete and votes, once the drafts (and with them the scope) are restored: again after each list and post.
  const features = async () => {
    await host.updateComplete;
    await drafts.restoring;
    const version = host.backendVersion;
    const a = await host.backend();
    if (drafts.kv && a) void attachActions(host, a, version, drafts.kv, drafts.scope);
  };
  host.addEventListener('natter-posted', features);
  void features();
  // Live updates: started once a list page says where they resume and the adapter can subscribe.
  let live: (() => TemplateResult | undefined) | undefined;
  const follow = () => void (host.list.events && !live && host.backend().then((a) => a?.subscribe && (live ??= followLive(host, (n, show) => html`<button part="new-comments-button" type="button" @click=${show}>${plural(m().newComments, n, host.locale.lang)}</button>`))));
  follow();
  host.requestUpdate();
  // What only shows with this chunk in: rendered from here, so it isn't part of the first paint's download.
  const notice = () => html`${host.offline ? html`<p part="notice" role="status">${host.locale.t('write').offline}</p>` : nothing}${live ? html`<div role="status">${live()}</div>` : nothing}`;
  // A comment deleted (by a live event) while its author edits it stays as a placeholder holding the edit form, so the
  // text is not lost: saving then says why it can't be.
  const below = (c: ShownComment) => (host.replying.has(c.id) ? host.composer(c.id, format(host.locale.t('write').replyTo, {name: c.author})) : (c.status === 'deleted' && editForm(host, c)) || nothing);
  const m = () => host.locale.t('write');
  return {
    drafts, outbox, held, toggleReply, notice, view: laterView(host, below, (c) => editForm(host, c)),
    sort: () => sortControl(host),
    shown: () => [...outbox.shown(), ...held.shown()],
    count: (total) => plural(m().comments, total, host.locale.lang),
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'natter-composer': ComposerElement;
  }
}
