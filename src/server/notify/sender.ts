import {randomBytes} from 'node:crypto';
import type {Channel, ClaimedRow, NotifyStore} from '../store/notify-store.js';

// The background sender: every tick, for each channel, claim the rows that are due under a lease, send each, then mark
// it sent in its own transaction right after the receiver acknowledged it. A failure is retried with exponential
// backoff, up to maxAttempts, then the row is failed. Every attempt is logged.
//
// After a SIGKILL a row is in one of three places: queued (sent after the restart), sending with a lease (sent again
// once the lease runs out), or sent. The one window left: the receiver acknowledged and the process died before the
// `sent` update committed; that row is sent a second time, with the same Message-ID / Natter-Delivery id so a
// receiver can tell. A lease that runs out while an instance is still sending could also repeat it, so rows are
// claimed one at a time (the lease starts right before the send, never while earlier rows of a batch are sent) and
// each send is raced against a timer at 45% of the lease: a transport that ignores its deadline (nodemailer's
// timeouts are per idle socket, not per message) is given up and retried while the lease still holds.

/** What one channel does with a claimed row: resolve once the receiver acknowledged it, or throw. */
export type SendResult = {ok: true; statusCode?: number} | {ok: false; statusCode?: number; error: string} | {drop: string};
export type Send = (row: ClaimedRow, deadlineMs: number) => Promise<SendResult>;

export interface SenderOptions {
  store: NotifyStore;
  channels: Partial<Record<Channel, Send>>;
  leaseMs: number;
  retryBaseMs: number;
  maxAttempts: number;
  now: () => number;
  /** How often due rows are looked for; new rows also wake it at once. */
  pollMs?: number;
}

export interface Sender {
  /** Sends what is due now (also called by the timer and by `wake`). */
  runOnce(): Promise<void>;
  /** Asks for a run soon (after an enqueue). */
  wake(): void;
  /** Stops the timer and waits for sends under way. */
  stop(): Promise<void>;
}

const maxDelayMs = 6 * 60 * 60 * 1000;

/** The delay before attempt `attempt + 1`: base, 2·base, 4·base, …, at most 6 hours. */
export function backoff(attempt: number, baseMs: number): number {
  return Math.min(maxDelayMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

export function startSender({store, channels, leaseMs, retryBaseMs, maxAttempts, now, pollMs = 1000}: SenderOptions): Sender {
  const owner = randomBytes(9).toString('base64url');
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  async function sendOne(channel: Channel, send: Send, row: ClaimedRow): Promise<void> {
    const started = now();
    const deadlineMs = Math.floor(leaseMs * 0.45);
    let result: SendResult;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`No answer within the ${deadlineMs} ms send deadline.`)), deadlineMs);
      });
      result = await Promise.race([send(row, deadlineMs), late]);
    } catch (error) {
      result = {ok: false, error: error instanceof Error ? error.message : String(error)};
    } finally {
      clearTimeout(timer);
    }
    const at = new Date(now()).toISOString();
    if ('drop' in result) {
      await store.drop(channel, row.id, owner, result.drop);
      return;
    }
    if (result.ok) await store.markSent(channel, row.id, owner, at);
    else {
      const final = row.attempt >= maxAttempts;
      await store.markRetry(channel, row.id, owner, {error: result.error, retryAt: final ? null : now() + backoff(row.attempt, retryBaseMs)});
    }
    await store.log({
      channel, outboxId: row.id, kind: row.kind, attempt: row.attempt, ok: result.ok, statusCode: result.statusCode ?? null,
      error: result.ok ? null : result.error, durationMs: Math.max(0, Math.round(now() - started)), at,
    });
  }

  async function run(): Promise<void> {
    // The channels side by side, so a slow SMTP server never holds up the webhooks (or the other way round).
    await Promise.all((Object.entries(channels) as [Channel, Send][]).map(async ([channel, send]) => {
      // One row per claim: its lease starts now, right before its own send.
      while (!stopped) {
        const [row] = await store.claim(channel, {owner, now: now(), leaseMs, limit: 1});
        if (!row) break;
        await sendOne(channel, send, row);
      }
    }));
  }

  function runOnce(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await run();
        } catch (error) {
          console.error('[natter] sending mail/webhooks failed; trying again later:', error instanceof Error ? error.message : error);
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  const timer = setInterval(() => void runOnce(), pollMs);
  timer.unref();
  return {
    runOnce,
    wake: () => {
      if (!stopped) queueMicrotask(() => void runOnce());
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
