import {randomUUID} from 'node:crypto';
import {Kysely, PostgresDialect} from 'kysely';
import pg from 'pg';
import type {CommentStore, StoreChange} from '../comment-store.js';
import {createKyselyStore} from './kysely-store.js';
import {migrateToLatest} from './migrations.js';
import type {Schema} from './schema.js';

/** The NOTIFY channel every Natter process on one database shares. */
const channel = 'natter_changes';

// Lock, statement and pool waits that give up in seconds, so a stuck database answers 503 rather than hanging.
const poolSettings = {max: 10, connectionTimeoutMillis: 5000, statement_timeout: 10_000, lock_timeout: 5000, idle_in_transaction_session_timeout: 30_000};

// SQLSTATEs that mean "try again shortly": serialization, deadlock, lock timeout, cancelled statement, too many
// connections, the server starting or shutting down.
const busyStates = new Set(['40001', '40P01', '55P03', '57014', '53300', '57P01', '57P03']);

/** Opens a pg pool on `url`, migrates, and listens for other instances' changes. */
export async function openPostgresStore(url: string, {lockTimeoutMs = poolSettings.lock_timeout}: {lockTimeoutMs?: number} = {}): Promise<CommentStore> {
  const pool = new pg.Pool({connectionString: url, ...poolSettings, lock_timeout: lockTimeoutMs});
  // An idle client that loses its connection emits here; without a listener it would crash the process.
  pool.on('error', (error) => console.error('[natter] a pooled Postgres connection failed:', error.message));
  const db = new Kysely<Schema>({dialect: new PostgresDialect({pool})});
  try {
    await migrateToLatest(db, 'postgres');
  } catch (error) {
    await db.destroy();
    throw error;
  }

  const instance = randomUUID();
  const listeners = new Set<(change: StoreChange) => void>();
  const emit = (change: StoreChange) => listeners.forEach((listener) => listener(change));
  const store = createKyselyStore(db, {
    engine: 'postgres',
    async announce({id}) {
      // Ids only: the payload stays far below NOTIFY's 8,000 bytes and carries nothing a reader wrote.
      await pool.query('select pg_notify($1, $2)', [channel, `${instance} ${id}`]);
    },
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    isBusy,
    async close() {
      listening.stop();
      listeners.clear();
      await db.destroy();
    },
  });

  const listening = listen(url, async (payload) => {
    const [from, id] = payload.split(' ');
    if (from === instance || !id) return;
    try {
      const comment = await store.getComment(id);
      emit(comment ? {thread: comment.thread} : {thread: null});
    } catch {
      emit({thread: null});
    }
  }, () => emit({thread: null}));
  return store;
}

/**
 * LISTENs on a dedicated client (a pooled one would be handed to queries). After a lost connection it reconnects
 * with backoff and calls `onReconnect`, since notifications sent meanwhile are gone.
 */
function listen(url: string, onPayload: (payload: string) => void, onReconnect: () => void): {stop(): void} {
  let stopped = false;
  let client: pg.Client | undefined;
  let delay = 250;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (first: boolean) => {
    const next = new pg.Client({connectionString: url});
    client = next;
    let failed = false;
    const retry = () => {
      if (failed || stopped) return;
      failed = true;
      next.end().catch(() => {});
      timer = setTimeout(() => void connect(false), delay);
      timer.unref();
      delay = Math.min(delay * 2, 10_000);
    };
    next.on('error', retry);
    next.on('end', retry);
    next.on('notification', (message) => {
      if (message.channel === channel && message.payload) onPayload(message.payload);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      delay = 250;
      if (!first) onReconnect();
    } catch {
      retry();
    }
  };
  void connect(true);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      client?.end().catch(() => {});
    },
  };
}

function isBusy(error: unknown): boolean {
  const code = (error as {code?: unknown})?.code;
  if (typeof code === 'string' && (busyStates.has(code) || code === 'ECONNREFUSED' || code === 'ECONNRESET')) return true;
  // pg's pool gives up waiting for a free connection with this message and no code.
  return error instanceof Error && /timeout exceeded when trying to connect|Connection terminated/i.test(error.message);
}
