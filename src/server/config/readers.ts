// What readers may do after posting: edit their own comments for a while, vote, and follow a thread live.

/** Votes readers may cast: `up` only (the default), `updown`, or none. */
export type VotesMode = 'up' | 'updown' | 'off';

export interface ReadersConfig {
  /** NATTER_EDIT_WINDOW: minutes after posting in which the author may edit (default 15; 0 turns editing off). */
  editWindowMs: number;
  /** NATTER_VOTES. */
  votes: VotesMode;
  live: LiveConfig;
}

/** The live stream (/api/events). */
export interface LiveConfig {
  /** NATTER_LIVE_PER_IP: open streams allowed per client address (IPv6 by /64), default 10. */
  perIp: number;
  /** NATTER_LIVE_MAX: open streams allowed in this process, default 10,000; 0 turns live updates off. */
  max: number;
  /** How often an idle stream gets a heartbeat, so proxies keep it open and a dead client is noticed. */
  heartbeatMs: number;
  /** How long the live log keeps events for streams that resume (Last-Event-ID); older ones get a reset. */
  keepMs: number;
}

/** Reads NATTER_EDIT_WINDOW, NATTER_VOTES, NATTER_LIVE_PER_IP and NATTER_LIVE_MAX; a bad value throws an Error naming it. */
export function parseReadersConfig(read: (name: string) => string | undefined): ReadersConfig {
  const votes = read('NATTER_VOTES') ?? 'up';
  if (votes !== 'up' && votes !== 'updown' && votes !== 'off') throw new Error(`NATTER_VOTES must be up, updown or off, got "${votes}".`);
  return {
    editWindowMs: whole(read('NATTER_EDIT_WINDOW'), 'NATTER_EDIT_WINDOW', 15, 7 * 24 * 60, 'minutes') * 60_000,
    votes,
    live: {
      perIp: whole(read('NATTER_LIVE_PER_IP'), 'NATTER_LIVE_PER_IP', 10, 100_000, 'streams'),
      max: whole(read('NATTER_LIVE_MAX'), 'NATTER_LIVE_MAX', 10_000, 1_000_000, 'streams'),
      heartbeatMs: 25_000,
      keepMs: 24 * 60 * 60_000,
    },
  };
}

function whole(value: string | undefined, name: string, fallback: number, max: number, unit: string): number {
  if (value === undefined) return fallback;
  const n = /^\d{1,7}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= max)) throw new Error(`${name} must be a whole number of ${unit} from 0 to ${max}, got "${value}".`);
  return n;
}
