import type {VoteValue} from '../adapters/adapter.js';
import type {Kv} from './kv.js';

/** This browser's voter key in one scope, and the votes it cast there by comment id; `save` keeps both in IndexedDB. */
export interface Ballot {
  voter: string;
  votes: Record<string, VoteValue>;
  save(): void;
}

// 24 random bytes as base64url: 32 characters, no padding. One key per browser and scope, so servers can't link them.
const newVoter = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24)))).replace(/\+/g, '-').replace(/\//g, '_');
const loaded = new Map<string, Promise<Ballot>>();

/** Loads (or makes and keeps) the scope's ballot; once per page, so every thread element shares it. One record per scope. */
export function loadBallot(kv: Kv, scope: string): Promise<Ballot> {
  const key = ['votes', scope];
  if (!loaded.has(scope)) {
    loaded.set(scope, kv.get<Omit<Ballot, 'save'>>(key).catch(() => undefined).then((kept) => {
      const ballot: Ballot = {voter: newVoter(), votes: {}, ...kept, save: () => void kv.write([[key, {voter: ballot.voter, votes: ballot.votes}]]).catch(() => {})};
      if (!kept) ballot.save();
      return ballot;
    }));
  }
  return loaded.get(scope)!;
}
