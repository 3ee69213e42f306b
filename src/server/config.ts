import {isIP} from 'node:net';
import {fileURLToPath} from 'node:url';
import type {TrustProxy} from './client-ip.js';
import {type AdminConfig, parseAdminConfig} from './config/admin.js';
import {defaultServerLimits, type ServerLimits} from './http/server-limits.js';
import {parseSpamConfig, type SpamConfig} from './config/spam.js';

import type {ModerationMode, PolicySettings} from './services/policy-settings.js';
import {parsePagesConfig, type PagesConfig} from './config/pages.js';
import {parseNotifyConfig, type NotifyConfig} from './config/notify.js';
import {parseReadersConfig, type ReadersConfig} from './config/readers.js';

/** Everything the server needs to start, read once from the command line and the environment. */
export interface ServerConfig {
  port: number;
  host: string;
  dbPath: string;
  /** A postgres:// URL; when set, comments live in Postgres instead of the SQLite file at dbPath. */
  databaseUrl: string | undefined;
  /** Days a comment's IP address is kept for abuse handling before a periodic job clears it. */
  ipRetentionDays: number;
  /** Origins allowed to call /api/* from a browser; `['*']` allows any. */
  origins: string[];
  /** The moderation and spam policy's defaults; what the owner saves in admin wins (services/policy-settings.ts). */
  policy: PolicySettings;
  /** Rate limits per thread and site-wide, and the optional Akismet check (config/spam.ts). */
  spam: SpamConfig;
  /** New comments per minute per client IP; 0 turns the limit off. */
  rateLimit: number;
  /** Which proxies may name the client in X-Forwarded-For: none, a hop count behind a local proxy, or ranges. */
  trustProxy: TrustProxy;
  /** Timeouts and connection caps of the HTTP server. */
  limits: ServerLimits;
  /** NATTER_SECRET: the master secret for signed tokens and links; made once and kept in the database when unset. */
  secret: string | undefined;
  /** Admin sign-in: session length, login rate limit (config/admin.ts). */
  admin: AdminConfig;
  /** The server-rendered pages: the no-JS thread page, the fragment, the feeds (config/pages.ts). */
  pages: PagesConfig;
  /** Mail and webhooks (config/notify.ts). */
  notify: NotifyConfig;
  /** Edit window, votes and live updates (config/readers.ts). */
  readers: ReadersConfig;
  distDir: string;
  demoDir: string;
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const flags: Record<string, 'port' | 'host' | 'dbPath' | 'distDir' | 'demoDir'> = {
  '--port': 'port',
  '--host': 'host',
  '--db': 'dbPath',
  '--dist': 'distDir',
  '--demo': 'demoDir',
};

/** Reads the configuration. Command-line flags win over NATTER_* variables; a bad value throws an Error naming it. */
export function loadConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ServerConfig {
  const cli = parseArgs(argv);
  const read = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);

  return {
    port: parsePort(cli.port ?? read('NATTER_PORT'), cli.port === undefined ? 'NATTER_PORT' : '--port'),
    host: cli.host ?? read('NATTER_HOST') ?? 'localhost',
    dbPath: cli.dbPath ?? read('NATTER_DB') ?? './data/natter.db',
    databaseUrl: parseDatabaseUrl(read('NATTER_DATABASE_URL')),
    ipRetentionDays: parseRetention(read('NATTER_IP_RETENTION_DAYS')),
    origins: parseOrigins(read('NATTER_ORIGINS')),
    policy: {
      mode: parseModeration(read('NATTER_MODERATION')),
      firstApproved: parseCount(read('NATTER_FIRST_APPROVED'), 'NATTER_FIRST_APPROVED', 1),
      maxLinks: parseCount(read('NATTER_MAX_LINKS'), 'NATTER_MAX_LINKS', 3),
      blockedWords: (read('NATTER_BLOCKED_WORDS') ?? '').split(',').map((w) => w.trim()).filter((w) => w !== ''),
      minSeconds: parseCount(read('NATTER_MIN_SECONDS'), 'NATTER_MIN_SECONDS', 3),
    },
    spam: parseSpamConfig(read),
    rateLimit: parseRateLimit(read('NATTER_RATE_LIMIT')),
    trustProxy: parseTrustProxy(read('NATTER_TRUST_PROXY')),
    limits: parseLimits(read),
    secret: parseSecret(read('NATTER_SECRET')),
    admin: parseAdminConfig(read),
    pages: parsePagesConfig(read),
    notify: parseNotifyConfig(read),
    readers: parseReadersConfig(read),
    distDir: cli.distDir ?? `${repoRoot}dist`,
    demoDir: cli.demoDir ?? `${repoRoot}demo`,
  };
}

function parseArgs(argv: readonly string[]): Partial<Record<(typeof flags)[string], string>> {
  const out: Partial<Record<(typeof flags)[string], string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const key = flags[name];
    if (!key) {
      throw new Error(`Unknown option ${name}. Known options: ${Object.keys(flags).join(', ')}.`);
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '' || (eq === -1 && value.startsWith('--'))) {
      throw new Error(`Option ${name} needs a value, e.g. ${name} ${name === '--port' ? '9000' : '…'}.`);
    }
    out[key] = value;
  }
  return out;
}

function parsePort(value: string | undefined, name: string): number {
  if (value === undefined) return 8787;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new Error(`${name} must be a port number from 0 to 65535, got "${value}".`);
  }
  return port;
}

function parseOrigins(value: string | undefined): string[] {
  if (value === undefined) return ['*'];
  const origins = value.split(',').map((o) => o.trim()).filter((o) => o !== '');
  if (origins.length === 0) throw new Error('NATTER_ORIGINS must list at least one origin, or "*".');
  for (const origin of origins) {
    if (origin === '*') continue;
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin || !/^https?:$/.test(parsed.protocol)) {
      throw new Error(`NATTER_ORIGINS has "${origin}", which is not an origin such as https://blog.example (no path, no trailing slash).`);
    }
  }
  return origins;
}

function parseModeration(value: string | undefined): ModerationMode {
  if (value === undefined) return 'off';
  if (value === 'off' || value === 'all' || value === 'first') return value;
  throw new Error(`NATTER_MODERATION must be "off", "all" or "first", got "${value}".`);
}

function parseCount(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 1000)) throw new Error(`${name} must be a whole number from 0 to 1000, got "${value}".`);
  return n;
}

function parseRateLimit(value: string | undefined): number {
  if (value === undefined) return 20;
  const limit = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 0 && limit <= 100_000)) {
    throw new Error(`NATTER_RATE_LIMIT must be a whole number of posts per minute from 0 (no limit) to 100000, got "${value}".`);
  }
  return limit;
}

function parseTrustProxy(value: string | undefined): TrustProxy {
  if (value === undefined || value === '0' || value === 'false') return false;
  if (value === 'true') return {hops: 1};
  if (/^\d{1,2}$/.test(value)) {
    const hops = Number(value);
    if (hops >= 1 && hops <= 10) return {hops};
  }
  const ranges = value.split(',').map((r) => r.trim()).filter((r) => r !== '');
  for (const range of ranges) {
    const [address = '', bits, extra] = range.split('/');
    const version = isIP(address);
    const maxBits = version === 4 ? 32 : 128;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (version === 0 || !bitsOk || extra !== undefined) {
      throw new Error(
        `NATTER_TRUST_PROXY must be 0, a number of proxy hops from 1 to 10, or a comma list of proxy addresses and CIDR ranges (e.g. 10.0.0.0/8, ::1); "${range}" is none of these.`,
      );
    }
  }
  if (ranges.length === 0) throw new Error('NATTER_TRUST_PROXY lists no proxy address.');
  return {ranges};
}

const limitVariables: Record<keyof ServerLimits, [name: string, min: number, max: number, unit: string]> = {
  headersTimeoutMs: ['NATTER_HEADERS_TIMEOUT_MS', 1, 600_000, 'milliseconds'],
  requestTimeoutMs: ['NATTER_REQUEST_TIMEOUT_MS', 1, 3_600_000, 'milliseconds'],
  keepAliveTimeoutMs: ['NATTER_KEEP_ALIVE_TIMEOUT_MS', 1, 600_000, 'milliseconds'],
  idleTimeoutMs: ['NATTER_IDLE_TIMEOUT_MS', 1, 3_600_000, 'milliseconds'],
  maxConnections: ['NATTER_MAX_CONNECTIONS', 1, 1_000_000, 'connections'],
  maxConnectionsPerIp: ['NATTER_MAX_CONNECTIONS_PER_IP', 1, 1_000_000, 'connections'],
};

function parseLimits(read: (name: string) => string | undefined): ServerLimits {
  const limits = {...defaultServerLimits};
  for (const [key, [name, min, max, unit]] of Object.entries(limitVariables) as [keyof ServerLimits, (typeof limitVariables)[keyof ServerLimits]][]) {
    const value = read(name);
    if (value === undefined) continue;
    const n = /^\d{1,7}$/.test(value) ? Number(value) : NaN;
    if (!(n >= min && n <= max)) throw new Error(`${name} must be a whole number of ${unit} from ${min} to ${max}, got "${value}".`);
    limits[key] = n;
  }
  // Node refuses a header deadline later than the whole request's.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new Error(`NATTER_HEADERS_TIMEOUT_MS (${limits.headersTimeoutMs}) must not be more than NATTER_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs}).`);
  }
  return limits;
}

function parseDatabaseUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^postgres(ql)?:\/\/./.test(value) || !URL.canParse(value)) {
    throw new Error('NATTER_DATABASE_URL must be a Postgres URL such as postgres://natter:secret@localhost:5432/natter (or unset for SQLite).');
  }
  return value;
}

function parseRetention(value: string | undefined): number {
  if (value === undefined) return 30;
  const days = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(days >= 0 && days <= 36_500)) {
    throw new Error(`NATTER_IP_RETENTION_DAYS must be a whole number of days from 0 (clear at once) to 36500, got "${value}".`);
  }
  return days;
}

function parseSecret(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length < 32) throw new Error('NATTER_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`); leave it unset to have one made and kept in the database.');
  return value;
}
