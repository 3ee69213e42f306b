// Edit, delete and votes on comments: one lazy chunk. The write chunk loads it once the page has votes on and the
// adapter can vote, or once this browser holds an owner token in the thread's scope and the adapter can edit or
// remove: a reader of a blog without votes who never posted there never downloads it. Its text is the write chunk's
// (`writeEn` and each locale's `write`), so it brings no table of its own.
import type {Adapter, VoteValue} from '../adapters/adapter.js';
import type {CommentAction, ShownComment} from '../elements/comment-view.js';
import {errorMessage} from '../elements/error-message.js';
import {fire} from '../elements/events.js';
import type {ThreadElement} from '../elements/thread-element.js';
import {format} from '../i18n/messages.js';
import type {Kv} from '../storage/kv.js';
import type {WriteMessages} from '../write/messages.js';
import {newKey} from '../write/outbox-controller.js';

type Host = ThreadElement;

/** This browser's voter key in a scope, and the votes it cast there (0: taken back), by comment id. */
interface Ballot {
  voter?: string;
  votes: Map<string, VoteValue>;
}

/** What a thread's actions work with, for the backend they were loaded for (`version`). */
interface State extends Ballot {
  adapter: Adapter;
  version: number;
  kv: Kv;
  scope: string;
  /** What this browser keeps of the comments it wrote in the scope (src/storage/ownership.ts), by id: `[id, token, body]`. */
  own: Map<string, string[]>;
}

const states = new WeakMap<Host, State>();
// Another backend's comments may have the same ids: after a switch, nothing shows until the new backend's state is in.
const state = (host: Host) => {
  const s = states.get(host);
  return s?.version === host.backendVersion ? s : undefined;
};

/** The voter key made in this page, by scope. */
const voters: Record<string, string> = {};

const key = (id: string) => `edit:${id}`;
const t = (host: Host) => host.locale.t('write');
/** Keeps a change in this browser's store: a failed write only means it is not remembered after a reload. */
const keep = (s: State, key: string[], value?: unknown) => void s.kv.write([[key, value]]).catch(() => {});
/** Reports a failure (`natter-error`) and says it in the reader's words: `text` with the error's message. */
const failed = (host: Host, error: unknown, action: 'edit' | 'delete' | 'vote', text: string) => (fire(host, 'natter-error', {error, action}), format(text, {message: errorMessage(error)}));
/** Edits, deletes and votes on their way, by comment id: a second click waits for the first. */
const busy = new Set<string>();
/** The Delete waiting for its "Yes" (and while it is sent): one at a time in the page. */
let confirming: [Host, string] | undefined;
/** Comments whose edit window has a timer to render again when it closes, so Edit goes then. */
const timed = new WeakSet<ShownComment>();
// `pressed` gets no host: `shows`, called just before it for the same comment, notes the thread's state here.
let shown: State | undefined;

// Acknowledged and written in this browser (unsent comments have local ids; held ones are not the list's yet).
const mine = (c: ShownComment, host: Host) => c.state !== 'held' && !!state(host)?.own.has(c.id);
const asking = (c: ShownComment, host: Host) => confirming?.[0] === host && confirming[1] === c.id;
// The text to edit: the body this browser sent (a list carries only its tree), else one the adapter gives.
const source = (host: Host, id: string) => state(host)?.own.get(id)?.[2] ?? host.list.comments.get(id)?.body;

/**
 * After the next render, moves focus to comment `ids[0]`'s `what` (an action's button, or its edit form), else to the
 * first of these comments that has an action; else to the top form. After a delete, `ids` are the comments after it,
 * then those before: the button focus was on is gone, and the render may reuse the same buttons for other comments.
 */
async function focus(host: Host, ids: string[], what = '') {
  await host.updateComplete;
  const q = (selector: string) => host.renderRoot.querySelector<HTMLElement>(selector);
  const at = (id: string) => `[data-id="${CSS.escape(id)}"]`;
  (q(what + at(ids[0])) ?? ids.map((id) => q(`[data-action]${at(id)}`)).find(Boolean) ?? q('textarea'))?.focus();
}

/**
 * An action whose button's part is its name's, `NAME-button`, and whose text is the write message `label` (with `{n}`,
 * the comment's votes that way: `up` or `down`).
 */
const action = (name: string, label: keyof WriteMessages, shows: CommentAction<Host>['shows'], run: (host: Host, id: string, s: State) => unknown): CommentAction<Host> =>
  ({name, part: `${name}-button`, label: (locale, c) => format(locale.t('write')[label] as string, {n: String(c.votes?.[label as 'up'] ?? 0)}), shows, run: (host, id) => void run(host, id, state(host)!)});

const button = (name: string) => `[data-action=${name}]`;

// Open while the page's window lasts and the comment has no reply in the list; the server checks again anyway (a reply
// of the reader's own still on its way included).
function editable(c: ShownComment, host: Host) {
  const left = Date.parse(c.createdAt) + (host.list.page?.editWindow ?? 0) * 1e3 - Date.now();
  if (left > 0 && !timed.has(c)) timed.add(c), setTimeout(() => host.requestUpdate(), left);
  return left > 0 && ![...host.list.comments.values()].some((r) => r.parent === c.id);
}
const edit = action('edit', 'edit', (c, host) => !!state(host)?.adapter.edit && mine(c, host) && !host.replying.has(key(c.id)) && source(host, c.id) != null && editable(c, host), (host, id) => {
  const {drafts, toggleReply} = host.write!;
  const k = key(id);
  // An unfinished edit kept from before wins; else the form starts with the comment's text (kept once typed in).
  if (!drafts.hasText(k)) drafts.fail(k, '', {...drafts.draftFor(k), body: source(host, id)!});
  return toggleReply(k, true);
});

const ask = (host: Host, id: string, at?: [Host, string], what = 'delete') => ((confirming = at), host.requestUpdate(), focus(host, [id], button(what)));
const remove = action('delete', 'remove', (c, host) => !!state(host)?.adapter.remove && mine(c, host) && !asking(c, host), (host, id) => ask(host, id, [host, id], 'delete-confirm'));
// The confirmation, inline and reachable by keyboard: "Delete? Yes" and "No" in place of Delete.
const no = action('delete-cancel', 'no', asking, (host, id) => ask(host, id));
/** Deletes once the server has (the comment stays, with "Delete? Yes" focused, while it is sent). */
const yes = action('delete-confirm', 'sure', asking, async (host, id, s) => {
  const {list} = host;
  if (busy.has(id)) return;
  if (!s || !fire(host, 'natter-delete', {id}, true)) return ask(host, id);
  busy.add(id);
  const order = [...host.renderRoot.querySelectorAll<HTMLElement>('article[data-id]')].map((a) => a.dataset.id!);
  const at = order.indexOf(id);
  try {
    const placeholder = await s.adapter.remove!(id, {token: s.own.get(id)![1]});
    list.total -= +(list.comments.get(id)?.status === 'published');
    if (placeholder) list.comments.set(id, placeholder);
    else list.comments.delete(id);
    close(host, id);
    s.own.delete(id);
    keep(s, ['own', s.scope, id]);
    host.announcement = t(host).removed;
    confirming = undefined;
    host.requestUpdate();
    fire(host, 'natter-deleted', {id, comment: placeholder});
    await focus(host, [...order.slice(at + 1), ...order.slice(0, at).reverse()]);
  } catch (error) {
    host.announcement = failed(host, error, 'delete', t(host).removeError);
    await ask(host, id);
  } finally {
    busy.delete(id);
  }
});

/** Drops an edit form and its draft. */
function close(host: Host, id: string) {
  const {drafts} = host.write!;
  drafts.input(key(id), 'body', '');
  drafts.flush();
  host.replying.delete(key(id));
}

/** The edit form's Save. */
export async function save(host: Host, id: string) {
  const s = state(host);
  const {drafts} = host.write!;
  const k = key(id);
  const {body} = drafts.draftFor(k);
  const kept = s?.own.get(id);
  // An empty text is the server's to refuse, with its own message.
  if (!kept || busy.has(k) || !fire(host, 'natter-edit', {id, body}, true)) return;
  busy.add(k);
  try {
    const comment = await s!.adapter.edit!(id, {body}, {token: kept[1]});
    // The answer carries the new body's tree, which the comment renders from; the text it was made from stays here.
    host.list.comments.set(id, {...host.list.comments.get(id), ...comment});
    kept[2] = body;
    keep(s!, ['own', s!.scope, id], kept);
    close(host, id);
    fire(host, 'natter-edited', {comment});
    void focus(host, [id], button('edit'));
  } catch (error) {
    // Refused (the window closed, a reply came, the comment is gone) or lost: the text stays in the form, with the reason.
    drafts.fail(k, failed(host, error, 'edit', t(host).editError));
  } finally {
    busy.delete(k);
    host.requestUpdate();
  }
}

/**
 * A vote button: casts this browser's vote, or on a second click takes it back. Shown at once; the server's counts
 * replace it once they come, and a refusal puts the counts back (unless a live event has put the server's there since:
 * they can't hold a vote that failed), with the ballot.
 */
const voteButton = (way: 'up' | 'down', value: 1 | -1) => ({...action(`vote-${way}`, way, (c, host, votes = host.list.page?.votes) => !!(shown = state(host))?.adapter.vote && c.status === 'published' && (!c.state || c.state === 'posted') && (value > 0 ? !!votes : votes === 'updown'), async (host, id, s) => {
  const was = s?.votes.get(id) ?? 0;
  const now: VoteValue = was === value ? 0 : value;
  if (!s || busy.has(id) || !fire(host, 'natter-vote', {id, value: now}, true)) return;
  busy.add(id);
  const {comments} = host.list;
  const c = comments.get(id);
  const before = c?.votes;
  // Changed in place: the comment keeps its rendered body.
  const ballot = (to: VoteValue) => (s.votes.set(id, to), keep(s, ['vote', s.scope, id], [id, to]), host.requestUpdate());
  const count = (one: number) => (before?.[one > 0 ? 'up' : 'down'] ?? 0) + +(now === one) - +(was === one);
  if (c) c.votes = {up: count(1), down: count(-1)};
  ballot(now);
  try {
    // One random key per browser and scope, so two servers can't link a reader's votes; made at the first vote, and
    // once a page (`voters`), so two of its threads can't each make and keep their own.
    keep(s, ['voter', s.scope], (s.voter ??= voters[s.scope] ??= newKey()));
    const votes = await s.adapter.vote!(id, now, {voter: s.voter});
    const current = comments.get(id);
    if (current) current.votes = votes;
    fire(host, 'natter-voted', {id, value: now, votes});
  } catch (error) {
    if (c && comments.get(id) === c) c.votes = before;
    host.announcement = failed(host, error, 'vote', t(host).voteError);
    ballot(was);
  } finally {
    busy.delete(id);
    host.requestUpdate();
  }
}), pressed: (c: ShownComment) => shown?.votes.get(c.id) === value});

/**
 * Gives a thread what its actions work with, for the backend `version` whose adapter is `adapter`, in the drafts' scope:
 * called again after each list and post, so a new owner token (or another backend) shows at once.
 */
export async function attach(host: Host, adapter: Adapter, version: number, kv: Kv, scope: string) {
  // Read again each time: another thread in the page, or another tab, may have voted or posted since.
  const [own, voter, votes] = await Promise.all([kv.values<string[]>(['own', scope]), kv.get<string>(['voter', scope]), kv.values<[string, VoteValue]>(['vote', scope])]).catch(() => [[]] as never);
  states.set(host, {adapter, version, kv, scope, voter, votes: new Map(votes), own: new Map(own.map((o) => [o[0], o]))});
  host.requestUpdate();
}

/** The votes, and the author's own actions (src/write/index.ts puts them after Reply). */
export const scoreActions = [voteButton('up', 1), voteButton('down', -1)];
export const ownActions = [edit, remove, yes, no];

/**
 * The edit form under comment `c`, in place of its body (or of a placeholder, when it was deleted meanwhile), while open;
 * only once the thread's state is in: a draft restored before it, rendered at once, froze the page in the reload test
 * (tests/browser/edit-own.test.ts, 'keeps an unfinished edit'; the cause is not yet understood).
 */
export const editForm = (host: Host, c: ShownComment, k = key(c.id)) => (state(host) && host.replying.has(k) ? host.composer(k, t(host).edit) : undefined);

/** The edit form's Cancel (or Escape): the form and its draft go, focus goes back to Edit. */
export const cancelEdit = (host: Host, id: string) => (close(host, id), ask(host, id, undefined, 'edit'));
