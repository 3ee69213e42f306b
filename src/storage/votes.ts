import type {VoteValue} from '../adapters/adapter.js';
import type {Kv} from './kv.js';

/** This browser's votes in one scope, by comment id, and its voter key there. */
export interface Ballot {
  voter: string;
  votes: Map<string, VoteValue>;
  kv: Kv;
  scope: string;
}

// 24 random bytes as base64url: 32 characters, no padding. One key per browser and scope, so servers can't link them.
const newVoter = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24)))).replace(/\+/g, '-').replace(/\//g, '_');

const loaded = new Map<string, Promise<Ballot>>();

/** Loads (or makes and keeps) the voter key and the votes cast with it; once per page and scope, so threads share one. */
export const loadBallot = (kv: Kv, scope: string): Promise<Ballot> => loaded.get(scope) ?? (loaded.set(scope, load(kv, scope)), loadBallot(kv, scope));

async function load(kv: Kv, scope: string): Promise<Ballot> {
  const [voter, votes] = await Promise.all([kv.get<string>(['voter', scope]), kv.values<[string, VoteValue]>(['vote', scope])]).catch(() => [undefined, []] as const);
  const ballot = {voter: voter ?? newVoter(), votes: new Map(votes), kv, scope};
  if (!voter) await kv.write([[['voter', scope], ballot.voter]]).catch(() => {});
  return ballot;
}

/** Remembers this browser's vote on a comment (0: none). */
export function keepVote({kv, scope, votes}: Ballot, id: string, value: VoteValue) {
  if (value) votes.set(id, value);
  else votes.delete(id);
  void (value ? kv.write([[['vote', scope, id], [id, value]]]) : kv.write([], [['vote', scope, id]])).catch(() => {});
}
