import {html, nothing, render} from 'lit';
import {BaseElement} from './base-element.js';
import type {Adapter, Comment, SortOrder} from '../adapters/adapter.js';
import type {Prefetch} from '../adapters/prefetch.js';
import {createRestAdapter} from '../adapters/rest.js';
import {createList} from '../controllers/list-controller.js';
import {createLocale} from '../controllers/locale-controller.js';
import type {Write} from '../write/index.js';
import {renderTree, type CommentAction, type ShownComment} from './comment-view.js';
import {threadStyles} from './thread-element.styles.js';
import {afterPaint, FIRST} from './after-paint.js';
import type {Messages} from '../i18n/messages.js';
import type {WriteMessages} from '../write/messages.js';

/** Failed write-chunk imports in this page, by any thread: the wait before the next one grows with them. */
let tries = 0;

/**
 * A threaded comment section: `<natter-thread endpoint="https://comments.example.com"></natter-thread>`.
 *
 * @attr endpoint - Base URL of a Natter server; picks the REST adapter.
 * @attr adapter - `memory` picks the in-page adapter (demos, previews); the `adapter` property takes any adapter object.
 * @attr lang - Language of the widget's text; default: the nearest `lang` attribute, else the browser's.
 * @attr thread - The thread id (default: the canonical link's path, else the page's path).
 * @attr max-depth - Levels of nesting shown.
 * @attr order - `oldest` (default), `newest`, or `top` (votes for minus against, then oldest) first; a reader's choice in the sort control, remembered in this browser, wins.
 * @attr page-size - Top-level comments per page.
 * @attr theme - `auto` (default: the page's colours and color-scheme), `light` or `dark`: the widget's own box in that scheme.
 * @attr avatars - Shows initials avatars beside the names, made in the page (no image, no request to anyone).
 * @attr no-drafts - Turns off saving drafts in this browser.
 * @attr eager - Load at once instead of when the thread comes near the screen (read by the loader).
 * @attr loading - Present while a page of comments is loading.
 * @attr offline - Present while the browser is offline.
 * @prop adapter - Any adapter object; wins over `endpoint` and `adapter="memory"`.
 * @prop messages - Single strings over the reader's language's, by key: `{loadMore: 'More comments', comments: {one: '# reply', other: '# replies'}}`.
 * @fires natter-post - Cancelable, before a comment is sent. `detail.comment` is the new comment.
 * @fires natter-posted - The server acknowledged a comment. `detail.comment`.
 * @fires natter-load - A page of comments arrived. `detail: {thread, comments, total, more}`.
 * @fires natter-error - Loading, posting, showing more replies, editing, deleting or voting failed. `detail: {error, action}` (`load`, `post`, `replies`, `edit`, `delete`, `vote`).
 * @fires natter-edit - Cancelable, before the reader's edit is sent. `detail: {id, body}`.
 * @fires natter-edited - The server accepted an edit. `detail.comment`.
 * @fires natter-delete - Cancelable, before the reader's delete is sent. `detail.id`.
 * @fires natter-deleted - The server deleted the comment. `detail: {id, comment}` (the placeholder kept for its replies, or null).
 * @fires natter-vote - Cancelable, before a vote is sent. `detail: {id, value}` (1, -1, or 0 to take it back).
 * @fires natter-voted - The server counted the vote. `detail: {id, value, votes}`.
 * @csspart thread - The whole section.
 * @csspart heading - The count heading.
 * @csspart composer - Each comment form.
 * @csspart textarea - The comment text box.
 * @csspart input - Name, email and website fields.
 * @csspart submit-button - Post buttons.
 * @csspart cancel-button - Closes a reply form.
 * @csspart list - The list of comments.
 * @csspart comment - One comment.
 * @csspart author - The author's name or link.
 * @csspart avatar - The initials before the name (`avatars`), on a colour from the name.
 * @csspart time - When it was written.
 * @csspart permalink - The link around the time, to `#natter-comment-ID`: this comment alone.
 * @csspart highlight - Also on the comment a link named (`#natter-comment-ID`), once scrolled to.
 * @csspart body - The rendered text.
 * @csspart note - "Sending…", "Waiting to send", "Awaiting moderation".
 * @csspart in-reply-to - Names the parent below the deepest level.
 * @csspart reply-button - Opens an inline reply form.
 * @csspart loading - The loading message.
 * @csspart empty - The empty-thread message.
 * @csspart error - Error messages.
 * @csspart retry-button - Retries loading.
 * @csspart load-more-button - Loads the next page.
 * @csspart notice - The offline notice.
 * @csspart status - "Your comment was posted." and other confirmations.
 * @csspart owner-badge - "Author", beside the name of a comment the blog's owner wrote.
 * @csspart deleted - "This comment was deleted.", in place of a deleted comment that has replies.
 * @csspart closed - "Comments are closed.", in place of the top form.
 * @csspart edited - "edited", after the time of a comment its author changed (its time in the tooltip).
 * @csspart edit-button - Edits one's own comment in place, while the edit window lasts and it has no reply.
 * @csspart delete-button - Deletes one's own comment (asks first).
 * @csspart delete-confirm-button - "Delete? Yes", in place of Delete.
 * @csspart delete-cancel-button - "No", beside it.
 * @csspart vote-up-button - Votes for a comment (`aria-pressed` once this browser has); shows its votes for.
 * @csspart vote-down-button - Votes against (with votes `updown`); shows its votes against.
 * @csspart more-replies-button - "Show more replies", under a top-level comment whose branch the page cut short.
 * @csspart sort - The sort control's label, around its `<select>` (Oldest, Newest).
 * @csspart new-comments-button - "3 new comments": shows others' new comments, which wait behind it (live updates).
 * @cssprop --natter-accent-color - Links and the post button (default: the page's link colour).
 * @cssprop --natter-muted-color - Times and notes.
 * @cssprop --natter-border-color - Borders and thread lines.
 * @cssprop --natter-gap - Space between comments.
 * @cssprop --natter-indent - Indent per reply level.
 * @cssprop --natter-indent-gap - Space between a reply line and the replies.
 * @cssprop --natter-radius - Corner radius.
 * @cssprop --natter-heading-size - Heading size.
 * @cssprop --natter-small-size - Size of times and notes.
 * @cssprop --natter-input-background - Field background.
 * @cssprop --natter-button-background - Background of the other buttons.
 * @cssprop --natter-button-color - Text of the other buttons.
 * @cssprop --natter-submit-background - Post button background.
 * @cssprop --natter-submit-color - Post button text.
 * @cssprop --natter-error-color - Error text.
 * @cssprop --natter-code-background - Code block background.
 * @cssprop --natter-code-font - Code font.
 */
export class ThreadElement extends BaseElement {
  protected static renderer = render;
  static styles = threadStyles;

  static properties = {
    endpoint: {},
    adapter: {attribute: false},
    messages: {attribute: false},
    thread: {},
    maxDepth: {attribute: 'max-depth', type: Number},
    order: {},
    pageSize: {attribute: 'page-size', type: Number},
    noDrafts: {attribute: 'no-drafts', type: Boolean},
    avatars: {type: Boolean},
    loading: {type: Boolean, reflect: true},
    offline: {type: Boolean, reflect: true},
  };

  /** Per-comment actions: a button with `data-action`, run by one delegated listener (the write chunk's). Features add theirs here. */
  static actions: CommentAction<ThreadElement>[] = [];

  /** Base URL of a Natter server; picks the REST adapter. */
  endpoint = '';
  /** Any adapter object; wins over `endpoint` and `adapter="memory"`. */
  adapter?: Adapter;
  /** Single strings over the reader's language's, by key (see README, Languages). */
  messages?: Partial<Messages & WriteMessages>;
  /** The thread id. Default: the path of `<link rel=canonical>`, else `location.pathname`. */
  thread = '';
  /** Levels of nesting shown; deeper replies sit at the last level with "in reply to NAME". */
  maxDepth = 5;
  /** `oldest` (default), `newest`, or `top` (votes for minus against, then oldest) first. */
  order: SortOrder = 'oldest';
  /** Top-level comments per page. */
  pageSize = 50;
  /** Turns off saving drafts in this browser. */
  noDrafts = false;
  /** Shows initials avatars beside the names. */
  avatars = false;
  /** Present while a page of comments is loading. */
  loading = false;
  /** Present while the browser is offline. */
  offline = false;

  /** The comments listed, page by page. */
  readonly list = createList(this);
  /** The reader's language and its messages. */
  readonly locale = createLocale(this);
  /** Drafts and the outbox, once the write chunk has loaded. */
  write?: Write;
  /** Comments whose reply form is open. */
  replying = new Set<string>();
  /** The comment a link named (`#natter-comment-ID`), once it is in the list: shown with the part `highlight`. */
  highlight?: string;
  /** The status line: "Your comment was posted." and other confirmations (read out by screen readers too). */
  announcement = '';
  #writing?: Promise<Write>;
  #tried?: Promise<unknown>; // the write chunk's first download and attach, settled either way
  /** Comments the next render shows: a screenful until the first page has painted, then all (see `updated`). */
  #cap = FIRST;
  #rest?: Promise<void>;
  #source?: [unknown, Promise<Adapter | undefined>, number];
  #bodies = new WeakMap<Comment, HTMLElement>();
  /** A server-rendered fragment in the light DOM (/api/fragment), shown until the takeover chunk has the thread ready. */
  fragment?: Element | null;

  // Written out, so the build doesn't make one that passes its arguments on (`constructor(...e){super(...e)}`):
  // HTMLElement's constructor takes none.
  // biome-ignore lint/complexity/noUselessConstructor: see above.
  constructor() {
    super();
  }

  get threadId() {
    const canonical = document.querySelector<HTMLLinkElement>('link[rel=canonical]');
    return this.thread || (canonical ? new URL(canonical.href, location.href).pathname : location.pathname);
  }
  /** Changes whenever another backend is chosen, so the list starts again. */
  get backendVersion() {
    return this.#source?.[2] ?? 0;
  }

  connectedCallback() {
    super.connectedCallback();
    // Moved in the DOM: the list stopped on disconnect, so list again. Drafts and open forms stay.
    this.requestUpdate();
  }

  protected willUpdate() {
    const kind = this.adapter ?? (this.getAttribute('adapter') === 'memory' ? 'memory' : this.endpoint);
    if (this.#source?.[0] !== kind) {
      const adapter = typeof kind === 'object' ? kind
        : kind === 'memory' ? import('../adapters/memory.js').then((m) => m.createMemoryAdapter())
        : kind ? ((this.fragment = this.querySelector('[data-natter-page]')) ? import('../write/index.js').then((w) => w.adopt(this, kind, createRestAdapter), () => ((this.fragment = null), createRestAdapter({endpoint: kind}))) : createRestAdapter({endpoint: kind, prefetched: (this as {natterList?: Prefetch}).natterList})) : undefined;
      this.#source = [kind, Promise.resolve(adapter), this.backendVersion + 1];
    }
  }

  /** The adapter in use, or undefined when the element names none. */
  backend() {
    return this.#source![1];
  }

  /** Loads the write chunk (composer, drafts, outbox) once; after a failed download, again in 2, 4, 6… s until it is in. */
  loadWrite(): Promise<Write> {
    // A failure isn't kept, or after a dropped connection (or a chunk gone in a deploy) the reader never gets a form.
    // Chromium then fetches the chunk again; Firefox keeps a failed module fetch for the page's life (README, Caching).
    const load = (): Promise<Write> => {
      const attached = import('../write/index.js').then((w) => (this.write = w.attach(this)));
      this.#tried ??= attached.catch(() => {});
      return attached.catch(() => new Promise((r) => setTimeout(r, 2e3 * ++tries)).then(load));
    };
    return (this.#writing ??= load());
  }

  // The first page paints a screenful of comments, the frame after it the rest, so the first comments show without
  // waiting for all of them; a URL naming a comment renders everything at once, so that comment is there to scroll to.
  protected updated() {
    if (!this.list.loaded) {
      this.#cap = location.hash.startsWith('#natter-comment-') ? 1 / 0 : FIRST;
      this.#rest = undefined;
    }
  }

  /** Resolves once every comment of the pages loaded so far is rendered, with its dates once the write chunk is in (or its first download failed). */
  protected async getUpdateComplete(): Promise<boolean> {
    await super.getUpdateComplete();
    await this.#rest;
    await this.#tried;
    return super.getUpdateComplete();
  }

  /**
   * After each list attempt, once the first comments have painted: the write chunk, and the rest of them with it, in
   * one render and one layout rather than two (its dates and buttons change every comment). Once it is in, or its first
   * download failed, or after 300 ms, whichever comes first.
   */
  listed() {
    this.#rest ??= new Promise<void>((done) => afterPaint(() => {
      void this.loadWrite();
      void Promise.race([this.#tried, new Promise((r) => setTimeout(r, 300))]).then(() => {
        this.#cap = 1 / 0;
        this.requestUpdate();
        done();
      });
    }));
  }

  /** A comment form: the top one (`parent` ''), or a reply form. */
  composer(parent: string, title?: string) {
    return html`<natter-composer parent=${parent} .heading=${title} .m=${this.locale.t('write')} .state=${this.write?.drafts.view(parent)}></natter-composer>`;
  }

  render() {
    if (this.fragment) return html`<slot>`;
    // Until the write chunk is in: dates without Intl (see TreeProps.later), the heading without the count.
    const {locale, list, write} = this;
    const {m} = locale;
    const all: ShownComment[] = [...list.comments.values(), ...(write?.shown() ?? [])];
    // Every comment's replies, and under '' the top level: a reply whose parent isn't shown goes there too.
    const children = new Map<string, ShownComment[]>([['', []]]);
    for (const c of all) children.set(c.id, []);
    for (const c of all) (children.get(c.parent!) ?? children.get(''))!.push(c);
    if (write) children.set('', write.outbox.arrange(children.get('')!));
    /** Loads the next page; after the last, focus goes from the button (gone) to the first comment it brought. */
    const more = async () => {
      const shown = () => [...this.renderRoot.querySelectorAll<HTMLElement>('article[data-id]')];
      const had = new Set(shown().map((a) => a.dataset.id));
      await list.load(true);
      await this.updateComplete;
      // The first comment the page brought, else (it brought none) the last one.
      const first = list.next ? null : (shown().find((a) => !had.has(a.dataset.id)) ?? shown().pop());
      if (first) (first.tabIndex = -1), first.focus();
    };
    const tree = renderTree({
      m,
      locale,
      maxDepth: Math.max(1, this.maxDepth || 1),
      children,
      actions: (c) => ThreadElement.actions.filter((a) => a.shows(c, this)),
      left: this.#cap,
      later: write?.view,
      highlight: this.highlight,
      avatars: this.avatars,
      refresh: () => this.requestUpdate(),
      bodies: this.#bodies,
    });
    // No white space between the parts, as in a comment (comment-view.ts): the lines break inside the `${}`s.
    return html`<section part="thread" lang=${locale.lang} dir=${locale.dir} aria-labelledby="heading" aria-busy=${this.loading}>
      <h2 id="heading" part="heading">${list.loaded && write ? write.count(list.total) : m.title}</h2>${
      write?.notice()}${
      list.closed ? html`<p part="closed">${m.closed}</p>` : nothing}${!list.closed || write?.drafts.hasText('') ? this.composer('', write && this.locale.t('write').leaveReply) : nothing}${
      this.loading && !list.loaded ? html`<p part="loading" role="status">${m.loading}</p>` : nothing}${
      list.unconfigured
        ? html`<p part="error" role="alert">${m.title}: ${m.unconfigured}</p>`
        : list.error
          ? html`<div part="error" role="alert"><p>${m.loadError} ${list.error}</p><button part="retry-button" type="button" @click=${() => list.load(list.loaded)}>${m.retry}</button></div>`
          : nothing}${
      list.loaded && !tree.length ? html`<p part="empty">${m.empty}</p>` : nothing}${
      write?.sort()}<ol part="list">${tree}</ol>${
      list.next ? html`<button part="load-more-button" type="button" .disabled=${this.loading} @click=${more}>${m.loadMore}</button>` : nothing}<p part="status" role="status">${this.announcement}</p>
    </section>`;
  }
}
