// Edit and delete of the reader's own comments: a lazy chunk, loaded by the write chunk only once this browser holds
// an owner token in the thread's scope and the adapter can edit or remove.
import {html} from 'lit';
import type {Adapter, Comment} from '../adapters/adapter.js';
import type {CommentAction, ShownComment} from '../elements/comment-view.js';
import {fire} from '../elements/events.js';
import type {ThreadElement} from '../elements/thread-element.js';
import {format, pick} from '../i18n/messages.js';

/** This chunk's text, in English; other locales add a table of the same shape. */
const en = {
  edit: 'Edit',
  editing: 'Edit your comment',
  editError: 'Your edit was not saved: {message}',
  remove: 'Delete',
  sure: 'Delete? Yes',
  no: 'No',
  removed: 'Your comment was deleted.',
  removeError: 'Your comment was not deleted: {message}',
};
const tables: Record<string, typeof en> = {en};
const messagesFor = (lang: string) => pick(tables, lang, en);

type Host = ThreadElement;
/** Per thread element, what the write chunk hands over: the adapter, this browser's owner tokens, and how to forget one. */
const hosts = new WeakMap<Host, {adapter: Adapter; tokens: Map<string, string>; drop(id: string): void}>();
const adapter = (host: Host) => hosts.get(host)!.adapter;
/** The Delete waiting for its "Yes": one at a time in the page. */
let confirming: [Host, string] | undefined;
/** Comments whose edit window has a timer to re-render when it closes, so Edit goes then. */
const timed = new WeakSet<ShownComment>();
const busy = new Set<string>();

const m = (host: Host) => messagesFor(host.locale.lang);
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const key = (id: string) => `edit:${id}`;
const token = (host: Host, id: string) => hosts.get(host)?.tokens.get(id);
// Acknowledged, not deleted, and written in this browser (unsent and held comments have no token here).
const mine = (c: ShownComment, host: Host) => (!c.state || c.state === 'posted') && c.status !== 'deleted' && !!token(host, c.id);
const replied = (host: Host, id: string) => [...host.list.comments.values(), ...host.write!.shown()].some((c) => c.parent === id);
const asking = (c: ShownComment, host: Host) => confirming?.[0] === host && confirming[1] === c.id;

/** Moves focus to a comment's action button, or to the comment itself, after the next render. */
async function focus(host: Host, id: string, action?: string) {
  await host.updateComplete;
  const at = `[data-id="${CSS.escape(id)}"]`;
  host.renderRoot.querySelector<HTMLElement>(action ? `[data-action=${action}]${at}` : `natter-composer[parent="${CSS.escape(key(id))}"]`)?.focus();
}

// Open while the page's window lasts (and the comment has no reply in the list); the server checks again anyway.
function inWindow(c: ShownComment, host: Host) {
  const left = Date.parse(c.createdAt) + (host.list.editWindow ?? 0) * 1e3 - Date.now();
  if (left > 0 && !timed.has(c)) {
    timed.add(c);
    setTimeout(() => host.requestUpdate(), left + 50);
  }
  return left > 0;
}

const edit: CommentAction<Host> = {
  name: 'edit',
  part: 'edit-button',
  label: (lang) => messagesFor(lang).edit,
  shows: (c, host) => !!hosts.get(host)?.adapter.edit && mine(c, host) && !host.replying.has(key(c.id)) && inWindow(c, host) && !replied(host, c.id),
  run(host, id) {
    const {drafts} = host.write!;
    const k = key(id);
    // An unfinished edit kept from before wins; else the form starts with the comment's text (not saved until typed in).
    if (!drafts.hasText(k)) drafts.fail(k, '', {...drafts.draftFor(k), body: host.list.comments.get(id)!.body});
    host.replying.add(k);
    host.requestUpdate();
    void focus(host, id);
  },
};

const remove: CommentAction<Host> = {
  name: 'delete',
  part: 'delete-button',
  label: (lang) => messagesFor(lang).remove,
  shows: (c, host) => !!hosts.get(host)?.adapter.remove && mine(c, host) && !asking(c, host),
  run(host, id) {
    confirming = [host, id];
    host.requestUpdate();
    void focus(host, id, 'delete-yes');
  },
};

// The confirmation, inline and reachable by keyboard: "Delete? Yes" and "No" in place of Delete.
const yes: CommentAction<Host> = {
  name: 'delete-yes',
  part: 'delete-confirm-button',
  label: (lang) => messagesFor(lang).sure,
  shows: asking,
  run: (host, id) => void removeComment(host, id),
};

const no: CommentAction<Host> = {
  name: 'delete-no',
  part: 'delete-cancel-button',
  label: (lang) => messagesFor(lang).no,
  shows: asking,
  run(host, id) {
    confirming = undefined;
    host.requestUpdate();
    void focus(host, id, 'delete');
  },
};

/** Drops an edit form and its draft. */
function close(host: Host, id: string) {
  const {drafts} = host.write!;
  drafts.input(key(id), 'body', '');
  drafts.flush();
  host.replying.delete(key(id));
}

async function save(host: Host, id: string) {
  const {drafts} = host.write!;
  const k = key(id);
  const body = drafts.draftFor(k).body;
  // An empty text is the server's to refuse, with its own message.
  if (busy.has(k) || !fire(host, 'natter-edit', {id, body}, true)) return;
  busy.add(k);
  try {
    const comment = await adapter(host).edit!(id, {body}, {token: token(host, id)!});
    host.list.comments.set(id, {...host.list.comments.get(id), ...comment});
    close(host, id);
    fire(host, 'natter-edited', {comment});
    void focus(host, id, 'edit');
  } catch (error) {
    // Refused (the window closed, a reply came) or lost: the text stays in the form, with the server's reason.
    drafts.fail(k, format(m(host).editError, {message: message(error)}));
    fire(host, 'natter-error', {error, action: 'edit'});
  } finally {
    busy.delete(k);
    host.requestUpdate();
  }
}

/** Deletes at once on screen (a placeholder while it is sent), and puts the comment back if the server refuses. */
async function removeComment(host: Host, id: string) {
  confirming = undefined;
  const {list} = host;
  const old = list.comments.get(id);
  if (!old || busy.has(id) || !fire(host, 'natter-delete', {id}, true)) return host.requestUpdate();
  busy.add(id);
  const counted = old.status === 'published';
  // Set over the same key, so a comment put back keeps its place in the list.
  list.comments.set(id, {...old, status: 'deleted', author: '', body: '', website: null});
  if (counted) list.total--;
  host.requestUpdate();
  try {
    const placeholder: Comment | null = await adapter(host).remove!(id, {token: token(host, id)!});
    if (placeholder) list.comments.set(id, placeholder);
    else list.comments.delete(id);
    close(host, id);
    hosts.get(host)!.drop(id);
    fire(host, 'natter-deleted', {id, comment: placeholder});
    host.announcement = m(host).removed;
  } catch (error) {
    list.comments.set(id, old);
    if (counted) list.total++;
    host.announcement = format(m(host).removeError, {message: message(error)});
    fire(host, 'natter-error', {error, action: 'delete'});
  } finally {
    busy.delete(id);
    host.requestUpdate();
  }
}

/** Adds Edit and Delete to a thread whose adapter can edit or remove: its actions, its edit form, and their events. */
export function attach(host: Host, adapter: Adapter, tokens: Map<string, string>, drop: (id: string) => void) {
  const known = hosts.has(host);
  hosts.set(host, {adapter, tokens, drop});
  if (known) return host.requestUpdate();
  const actions = (host.constructor as typeof ThreadElement).actions;
  for (const a of [edit, remove, yes, no]) if (!actions.includes(a)) actions.push(a);
  const {view, drafts} = host.write!;
  view.body = (c) => {
    const k = key(c.id);
    return host.replying.has(k) ? html`<natter-composer parent=${k} edit .heading=${m(host).editing} .locale=${host.locale.lang} .state=${drafts.view(k)}></natter-composer>` : undefined;
  };
  const root = host.renderRoot;
  const on = (type: string, handle: (id: string) => void) =>
    root.addEventListener(type, (e) => {
      const {parent} = (e as CustomEvent<{parent: string}>).detail;
      if (parent.startsWith('edit:')) handle(parent.slice(5));
    });
  on('natter-submit', (id) => void save(host, id));
  on('natter-cancel', (id) => {
    close(host, id);
    host.requestUpdate();
    void focus(host, id, 'edit');
  });
  host.requestUpdate();
}
