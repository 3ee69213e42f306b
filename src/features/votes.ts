// Votes: a lazy chunk, loaded by the write chunk once the page says votes are on and the adapter can vote.
import type {Adapter, VoteValue, Votes} from '../adapters/adapter.js';
import type {CommentAction, ShownComment} from '../elements/comment-view.js';
import {fire} from '../elements/events.js';
import type {ThreadElement} from '../elements/thread-element.js';
import {format, pick} from '../i18n/messages.js';
import {loadBallot, type Ballot} from '../storage/votes.js';

/** This chunk's text, in English; other locales add a table of the same shape. */
const en = {up: 'Up {n}', down: 'Down {n}', voteError: 'Your vote was not counted: {message}'};
const tables: Record<string, typeof en> = {en};
const messagesFor = (lang: string) => pick(tables, lang, en);

type Host = ThreadElement;
const hosts = new WeakMap<Host, {adapter: Adapter; ballot: Ballot}>();
const busy = new Set<string>();
// `pressed` gets no host: `shows`, called just before it for the same comment, notes this browser's vote here.
const mine = new WeakMap<ShownComment, VoteValue>();

// Only published, acknowledged comments take votes (the server counts none for others).
const votable = (c: ShownComment, host: Host) => hosts.has(host) && !!host.list.votes && c.status === 'published' && (!c.state || c.state === 'posted');

/** Casts, or on a second click takes back, this browser's vote; shown at once, put back if the server refuses. */
async function vote(host: Host, id: string, value: 1 | -1) {
  const {adapter, ballot} = hosts.get(host)!;
  const c = host.list.comments.get(id);
  if (!c || busy.has(id)) return;
  const was = ballot.votes[id] ?? 0;
  const next: VoteValue = was === value ? 0 : value;
  if (!fire(host, 'natter-vote', {id, value: next}, true)) return;
  busy.add(id);
  const before = c.votes;
  // Mutated in place: the comment keeps its rendered body.
  const set = (votes: Votes | undefined, mine: VoteValue) => {
    if (votes?.up || votes?.down) c.votes = votes;
    else delete c.votes;
    ballot.votes[id] = mine;
    ballot.save();
    host.requestUpdate();
  };
  const {up = 0, down = 0} = before ?? {};
  const delta = (v: VoteValue, n: 1 | -1) => (v === n ? 1 : 0);
  set({up: up - delta(was, 1) + delta(next, 1), down: down - delta(was, -1) + delta(next, -1)}, next);
  try {
    const votes = await adapter.vote!(id, next, {voter: ballot.voter});
    set(votes, next);
    fire(host, 'natter-voted', {id, value: next, votes});
  } catch (error) {
    set(before, was);
    host.announcement = format(messagesFor(host.locale.lang).voteError, {message: error instanceof Error ? error.message : String(error)});
    fire(host, 'natter-error', {error, action: 'vote'});
  } finally {
    busy.delete(id);
  }
}

const button = (value: 1 | -1): CommentAction<Host> => ({
  name: value > 0 ? 'vote-up' : 'vote-down',
  part: value > 0 ? 'vote-up-button' : 'vote-down-button',
  label: (lang, c) => format(messagesFor(lang)[value > 0 ? 'up' : 'down'], {n: String(c.votes?.[value > 0 ? 'up' : 'down'] ?? 0)}),
  pressed: (c) => mine.get(c) === value,
  shows: (c, host) => (mine.set(c, hosts.get(host)?.ballot.votes[c.id] ?? 0), votable(c, host) && (value > 0 || host.list.votes === 'updown')),
  run: (host, id) => void vote(host, id, value),
});

const up = button(1);
const down = button(-1);

/** Adds vote buttons to a thread whose page has votes on and whose adapter can vote. */
export async function attach(host: Host, adapter: Adapter) {
  const {kv, scope} = host.write!.drafts;
  const ballot = await loadBallot(kv!, scope);
  hosts.set(host, {adapter, ballot});
  const actions = (host.constructor as typeof ThreadElement).actions;
  // Before Reply: the score reads first.
  if (!actions.includes(up)) actions.unshift(up, down);
  host.requestUpdate();
}
