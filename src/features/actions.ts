// Edit, delete and votes on comments: one lazy chunk. The write chunk loads it once the page has votes on and the
// adapter can vote, or once this browser holds an owner token in the thread's scope and the adapter can edit or
// remove: a reader of a blog without votes who never posted there never downloads it.
import {html} from 'lit';
import type {Adapter, VoteValue, Votes} from '../adapters/adapter.js';
import type {CommentAction, ShownComment} from '../elements/comment-view.js';
import {fire} from '../elements/events.js';
import type {ThreadElement} from '../elements/thread-element.js';
import {format, pick} from '../i18n/messages.js';
import {errorMessage} from '../elements/error-message.js';
import type {Kv} from '../storage/kv.js';

/** This chunk's text, in English; other locales add a table of the same shape. */
const en = {
  edit: 'Edit',
  editing: 'Edit your comment',
  save: 'Save',
  editError: 'Your edit was not saved: {message}',
  remove: 'Delete',
  sure: 'Delete? Yes',
  no: 'No',
  removed: 'Your comment was deleted.',
  removeError: 'Your comment was not deleted: {message}',
  up: 'Up {n}',
  down: 'Down {n}',
  voteError: 'Your vote was not counted: {message}',
};
type Text = typeof en;
const tables: Record<string, Text> = {en};
const m = (lang: string) => pick(tables, lang, en);

type Host = ThreadElement;

/** This browser's voter key in a scope, and the votes it cast there, by comment id. */
interface Ballot {
  voter: string;
  votes: Map<string, VoteValue>;
}

/** What a thread's actions work with, for the backend they were loaded for (`version`). */
interface State extends Ballot {
  adapter: Adapter;
  version: number;
  kv: Kv;
  scope: string;
  /** This browser's owner tokens in the scope, by comment id. */
  tokens: Map<string, string>;
}

const states = new WeakMap<Host, State>();
// Another backend's comments may have the same ids: after a switch, nothing shows until the new backend's state is in.
const state = (host: Host) => {
  const s = states.get(host);
  return s?.version === host.backendVersion ? s : undefined;
};

// 16 random bytes in hex: one key per browser and scope, so two servers can't link a reader's votes.
const newVoter = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/** Once per page and scope, so two threads of one backend share one ballot (and never make two voter keys). */
const ballots = new Map<string, Promise<Ballot>>();
async function loadBallot(kv: Kv, scope: string): Promise<Ballot> {
  const [voter, votes] = await Promise.all([kv.get<string>(['voter', scope]), kv.values<[string, VoteValue]>(['vote', scope])]).catch(() => [undefined, []] as const);
  const ballot = {voter: voter ?? newVoter(), votes: new Map(votes)};
  if (!voter) await kv.write([[['voter', scope], ballot.voter]]).catch(() => {});
  return ballot;
}

const key = (id: string) => `edit:${id}`;
const t = (host: Host) => m(host.locale.lang);
/** Keeps a change in this browser's store: a failed write only means it is not remembered after a reload. */
const keep = (s: State, puts: [string[], unknown][], deletes?: string[][]) => void s.kv.write(puts, deletes).catch(() => {});
/** Reports a failure (`natter-error`) and says it in the reader's words: `text` with the error's message. */
const failed = (host: Host, error: unknown, action: 'edit' | 'delete' | 'vote', text: string) => (fire(host, 'natter-error', {error, action}), format(text, {message: errorMessage(error)}));
/** Edits, deletes and votes on their way, by form key or comment id: a second click waits for the first. */
const busy = new Set<string>();
/** The Delete waiting for its "Yes": one at a time in the page. */
let confirming: [Host, string] | undefined;
/** Comments whose edit window has a timer to render again when it closes, so Edit goes then. */
const timed = new WeakSet<ShownComment>();
// `pressed` gets no host: `shows`, called just before it for the same comment, notes this browser's vote here.
const cast = new WeakMap<ShownComment, VoteValue>();

// Acknowledged, not deleted, and written in this browser (unsent and held comments have no token here).
const mine = (c: ShownComment, host: Host) => (!c.state || c.state === 'posted') && c.status !== 'deleted' && !!state(host)?.tokens.has(c.id);
const asking = (c: ShownComment, host: Host) => confirming?.[0] === host && confirming[1] === c.id;

/**
 * After the next render, moves focus to the first of these comments that has `what` (an action's button, or the edit
 * form), else any of its actions; else to the top form. After a delete, `ids` are the comments after it, then those
 * before: the button focus was on is gone, and the render may reuse the same buttons for other comments.
 */
async function focus(host: Host, ids: string[], what = '[data-action]') {
  await host.updateComplete;
  const q = (selector: string) => host.renderRoot.querySelector<HTMLElement>(selector);
  const at = (id: string) => `[data-id="${CSS.escape(id)}"]`;
  (ids.map((id) => q(what + at(id)) ?? q(`[data-action]${at(id)}`)).find(Boolean) ?? q('textarea'))?.focus();
}
const action_ = (name: string) => `[data-action=${name}]`;

// Open while the page's window lasts and the comment has no reply in the list; the server checks again anyway.
function editable(c: ShownComment, host: Host) {
  const left = Date.parse(c.createdAt) + (host.list.page?.editWindow ?? 0) * 1e3 - Date.now();
  if (left > 0 && !timed.has(c)) timed.add(c), setTimeout(() => host.requestUpdate(), left + 50);
  return left > 0 && ![...host.list.comments.values(), ...host.write!.shown()].some((r) => r.parent === c.id);
}

const action = (name: string, part: string, label: keyof Text, shows: CommentAction<Host>['shows'], run: CommentAction<Host>['run']): CommentAction<Host> =>
  ({name, part, label: (lang) => m(lang)[label], shows, run});

const edit = action('edit', 'edit-button', 'edit', (c, host) => !!state(host)?.adapter.edit && mine(c, host) && !host.replying.has(key(c.id)) && editable(c, host), (host, id) => {
  const {drafts} = host.write!;
  const k = key(id);
  // An unfinished edit kept from before wins; else the form starts with the comment's text (kept once typed in).
  if (!drafts.hasText(k)) drafts.fail(k, '', {...drafts.draftFor(k), body: host.list.comments.get(id)!.body});
  host.replying.add(k);
  host.requestUpdate();
  void focus(host, [id], 'natter-composer');
});

const remove = action('delete', 'delete-button', 'remove', (c, host) => !!state(host)?.adapter.remove && mine(c, host) && !asking(c, host), (host, id) => {
  confirming = [host, id];
  host.requestUpdate();
  void focus(host, [id], action_('delete-yes'));
});

// The confirmation, inline and reachable by keyboard: "Delete? Yes" and "No" in place of Delete.
const yes = action('delete-yes', 'delete-confirm-button', 'sure', asking, (host, id) => void removeComment(host, id));
const no = action('delete-no', 'delete-cancel-button', 'no', asking, (host, id) => {
  confirming = undefined;
  host.requestUpdate();
  void focus(host, [id], action_('delete'));
});

/** Drops an edit form and its draft. */
function close(host: Host, id: string) {
  const {drafts} = host.write!;
  drafts.input(key(id), 'body', '');
  drafts.flush();
  host.replying.delete(key(id));
}

async function save(host: Host, id: string) {
  const s = state(host);
  const {drafts} = host.write!;
  const k = key(id);
  const {body} = drafts.draftFor(k);
  // An empty text is the server's to refuse, with its own message.
  if (!s || busy.has(k) || !fire(host, 'natter-edit', {id, body}, true)) return;
  busy.add(k);
  try {
    const comment = await s.adapter.edit!(id, {body}, {token: s.tokens.get(id)!});
    host.list.comments.set(id, {...host.list.comments.get(id), ...comment});
    close(host, id);
    fire(host, 'natter-edited', {comment});
    void focus(host, [id], action_('edit'));
  } catch (error) {
    // Refused (the window closed, a reply came, the comment is gone) or lost: the text stays in the form, with the reason.
    drafts.fail(k, failed(host, error, 'edit', t(host).editError));
  } finally {
    busy.delete(k);
    host.requestUpdate();
  }
}

/** Deletes at once on screen (a placeholder while it is sent), and puts the comment back if the server refuses. */
async function removeComment(host: Host, id: string) {
  confirming = undefined;
  const s = state(host);
  const {list} = host;
  const old = list.comments.get(id);
  if (!s || !old || busy.has(id) || !fire(host, 'natter-delete', {id}, true)) return void focus(host, [id], action_('delete')), host.requestUpdate();
  busy.add(id);
  const order = [...host.renderRoot.querySelectorAll<HTMLElement>('article[data-id]')].map((a) => a.dataset.id!);
  const counted = old.status === 'published';
  // Set over the same key, so a comment put back keeps its place in the list.
  list.comments.set(id, {...old, status: 'deleted', author: '', body: '', website: null});
  if (counted) list.total--;
  host.requestUpdate();
  void focus(host, [...order.slice(order.indexOf(id) + 1), ...order.slice(0, order.indexOf(id)).reverse()]);
  try {
    const placeholder = await s.adapter.remove!(id, {token: s.tokens.get(id)!});
    if (placeholder) list.comments.set(id, placeholder);
    else list.comments.delete(id);
    close(host, id);
    s.tokens.delete(id);
    keep(s, [], [['own', s.scope, id]]);
    fire(host, 'natter-deleted', {id, comment: placeholder});
    host.announcement = t(host).removed;
    void focus(host, [...order.slice(order.indexOf(id) + 1), ...order.slice(0, order.indexOf(id)).reverse()]);
  } catch (error) {
    list.comments.set(id, old);
    if (counted) list.total++;
    host.announcement = failed(host, error, 'delete', t(host).removeError);
    void focus(host, [id], action_('delete'));
  } finally {
    busy.delete(id);
    host.requestUpdate();
  }
}

/** Casts, or on a second click takes back, this browser's vote: shown at once, put back if the server refuses. */
async function vote(host: Host, id: string, value: 1 | -1) {
  const s = state(host);
  if (!s || busy.has(id)) return;
  const was = s.votes.get(id) ?? 0;
  const now: VoteValue = was === value ? 0 : value;
  if (!fire(host, 'natter-vote', {id, value: now}, true)) return;
  busy.add(id);
  // Moves the ballot to `to`, and the comment's counts with it (or to the server's `votes`). Applied to the comment
  // the list holds at that moment: a live event may have replaced it meanwhile. Changed in place: it keeps its body.
  const set = (to: VoteValue, votes?: Votes) => {
    const c = host.list.comments.get(id);
    const from = s.votes.get(id) ?? 0;
    const count = (way: 'up' | 'down', one: number) => (c!.votes?.[way] ?? 0) + +(to === one) - +(from === one);
    if (c) {
      votes ??= {up: count('up', 1), down: count('down', -1)};
      if (votes.up || votes.down) c.votes = votes;
      else delete c.votes;
    }
    const at = ['vote', s.scope, id];
    if (to) s.votes.set(id, to), keep(s, [[at, [id, to]]]);
    else s.votes.delete(id), keep(s, [], [at]);
    host.requestUpdate();
  };
  set(now);
  const shown = host.list.comments.get(id);
  try {
    const votes = await s.adapter.vote!(id, now, {voter: s.voter});
    set(now, votes);
    fire(host, 'natter-voted', {id, value: now, votes});
  } catch (error) {
    // Taken off the counts shown, unless a live event has put the server's counts there since (they can't hold a vote
    // that failed): only the ballot goes back then.
    const c = host.list.comments.get(id);
    set(was, c === shown ? undefined : ({...c?.votes} as Votes));
    host.announcement = failed(host, error, 'vote', t(host).voteError);
  } finally {
    busy.delete(id);
  }
}

const votable = (c: ShownComment, host: Host) => !!state(host)?.adapter.vote && !!host.list.page?.votes && c.status === 'published' && (!c.state || c.state === 'posted');

const voteButton = (value: 1 | -1): CommentAction<Host> => {
  const way = value > 0 ? 'up' : 'down';
  return {
    name: `vote-${way}`,
    part: `vote-${way}-button`,
    label: (lang, c) => format(m(lang)[way], {n: String(c.votes?.[way] ?? 0)}),
    pressed: (c) => cast.get(c) === value,
    shows: (c, host) => (cast.set(c, state(host)?.votes.get(c.id) ?? 0), votable(c, host) && (value > 0 || host.list.page!.votes === 'updown')),
    run: (host, id) => void vote(host, id, value),
  };
};
const up = voteButton(1);
const down = voteButton(-1);

/**
 * Adds the actions to a thread, for the backend `version` whose adapter is `adapter`, in the drafts' scope: called
 * again after each list and post, so a new owner token (or another backend) shows at once.
 */
export async function attach(host: Host, adapter: Adapter, version: number, kv: Kv, scope: string) {
  if (!ballots.has(scope)) ballots.set(scope, loadBallot(kv, scope));
  const [tokens, ballot] = await Promise.all([kv.values<[string, string]>(['own', scope]).catch(() => []), ballots.get(scope)!]);
  const known = states.has(host);
  states.set(host, {adapter, version, kv, scope, tokens: new Map(tokens), ...ballot});
  host.requestUpdate();
  if (known) return;
  const {actions} = host.constructor as typeof ThreadElement;
  // The score before Reply; edit and delete after it.
  if (!actions.includes(up)) actions.unshift(up, down), actions.push(edit, remove, yes, no);
  const {view, drafts} = host.write!;
  const form = (c: ShownComment) => {
    const k = key(c.id);
    return host.replying.has(k) ? html`<natter-composer parent=${k} data-id=${c.id} edit=${t(host).save} .heading=${t(host).editing} .locale=${host.locale.lang} .state=${drafts.view(k)}></natter-composer>` : undefined;
  };
  view.body = form;
  // A comment deleted (by a live event) while its author edits it stays as a placeholder holding the form, so the
  // text is not lost: saving then says why it can't be.
  const {below} = view;
  view.below = (c) => (c.status === 'deleted' && form(c)) || below(c);
  const on = (type: string, handle: (id: string) => void) =>
    host.renderRoot.addEventListener(type, (e) => {
      const {parent} = (e as CustomEvent<{parent: string}>).detail;
      if (parent.startsWith('edit:')) handle(parent.slice(5));
    });
  on('natter-submit', (id) => void save(host, id));
  on('natter-cancel', (id) => {
    close(host, id);
    host.requestUpdate();
    void focus(host, [id], action_('edit'));
  });
}
