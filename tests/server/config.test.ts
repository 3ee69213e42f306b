import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {loadConfig} from '../../src/server/config.js';
import {defaultServerLimits} from '../../src/server/http/server-limits.js';

describe('loadConfig', () => {
  describe('when nothing is set', () => {
    it('uses the documented defaults', () => {
      const config = loadConfig([], {});
      assert.equal(config.port, 8787);
      assert.equal(config.host, 'localhost');
      assert.equal(config.dbPath, './data/natter.db');
      assert.equal(config.databaseUrl, undefined);
      assert.equal(config.ipRetentionDays, 30);
      assert.deepEqual(config.origins, ['*']);
      assert.deepEqual(config.policy, {mode: 'off', firstApproved: 1, maxLinks: 3, blockedWords: [], minSeconds: 3});
      assert.equal(config.rateLimit, 20);
      assert.equal(config.trustProxy, false);
      assert.deepEqual(config.limits, {
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 30_000,
        keepAliveTimeoutMs: 5_000,
        idleTimeoutMs: 30_000,
        maxConnections: 10_000,
        maxConnectionsPerIp: 256,
      });
      assert.match(config.distDir, /dist$/);
      assert.match(config.demoDir, /demo$/);
    });
  });

  describe('when NATTER_* variables are set', () => {
    it('reads each of them', () => {
      const config = loadConfig([], {
        NATTER_PORT: '9000',
        NATTER_HOST: '0.0.0.0',
        NATTER_DB: '/tmp/n.db',
        NATTER_ORIGINS: 'https://a.example, http://localhost:3000',
        NATTER_MODERATION: 'all',
        NATTER_RATE_LIMIT: '5',
        NATTER_TRUST_PROXY: '1',
        NATTER_HEADERS_TIMEOUT_MS: '2000',
        NATTER_REQUEST_TIMEOUT_MS: '4000',
        NATTER_KEEP_ALIVE_TIMEOUT_MS: '1000',
        NATTER_IDLE_TIMEOUT_MS: '8000',
        NATTER_MAX_CONNECTIONS: '500',
        NATTER_MAX_CONNECTIONS_PER_IP: '20',
        NATTER_DATABASE_URL: 'postgres://natter:secret@db.internal:5432/natter',
        NATTER_IP_RETENTION_DAYS: '7',
        NATTER_SECRET: 'a-secret-of-at-least-thirty-two-characters',
      });
      // The settings this list names; each later group of settings (admin, mail, …) has its own test.
      const expected = {
          port: 9000,
          host: '0.0.0.0',
          dbPath: '/tmp/n.db',
          databaseUrl: 'postgres://natter:secret@db.internal:5432/natter',
          ipRetentionDays: 7,
          origins: ['https://a.example', 'http://localhost:3000'],
          policy: {mode: 'all', firstApproved: 1, maxLinks: 3, blockedWords: [], minSeconds: 3},
          rateLimit: 5,
          trustProxy: {hops: 1},
          limits: {headersTimeoutMs: 2000, requestTimeoutMs: 4000, keepAliveTimeoutMs: 1000, idleTimeoutMs: 8000, maxConnections: 500, maxConnectionsPerIp: 20},
          secret: 'a-secret-of-at-least-thirty-two-characters',
      };
      assert.deepEqual(Object.fromEntries(Object.keys(expected).map((k) => [k, config[k as keyof typeof config]])), expected);
    });

    it('refuses a NATTER_SECRET shorter than 32 characters', () => {
      assert.throws(() => loadConfig([], {NATTER_SECRET: 'short'}), /NATTER_SECRET must be at least 32/);
    });
  });

  describe('when NATTER_TRUST_PROXY names proxies', () => {
    it('reads a hop count', () => {
      assert.deepEqual(loadConfig([], {NATTER_TRUST_PROXY: '2'}).trustProxy, {hops: 2});
      assert.deepEqual(loadConfig([], {NATTER_TRUST_PROXY: 'true'}).trustProxy, {hops: 1});
      assert.equal(loadConfig([], {NATTER_TRUST_PROXY: '0'}).trustProxy, false);
    });

    it('reads a comma list of IPv4 and IPv6 addresses and CIDR ranges', () => {
      const config = loadConfig([], {NATTER_TRUST_PROXY: '10.0.0.0/8, 192.0.2.7,::1, 2001:db8::/32'});
      assert.deepEqual(config.trustProxy, {ranges: ['10.0.0.0/8', '192.0.2.7', '::1', '2001:db8::/32']});
    });
  });

  describe('when a limit is left out', () => {
    it('keeps the default for it', () => {
      assert.deepEqual(loadConfig([], {NATTER_MAX_CONNECTIONS: '50'}).limits, {...defaultServerLimits, maxConnections: 50});
    });
  });

  describe('when flags are given', () => {
    it('lets them win over the environment, in both --flag value and --flag=value forms', () => {
      const config = loadConfig(['--port', '9001', '--db=/tmp/x.db', '--host', '127.0.0.1'], {NATTER_PORT: '9000', NATTER_DB: '/tmp/y.db'});
      assert.equal(config.port, 9001);
      assert.equal(config.dbPath, '/tmp/x.db');
      assert.equal(config.host, '127.0.0.1');
    });
  });

  const refusals: Array<[string, string[], Record<string, string>, RegExp]> = [
    ['the port is not a number', [], {NATTER_PORT: 'eighty'}, /NATTER_PORT/],
    ['the port is too big', [], {NATTER_PORT: '70000'}, /NATTER_PORT/],
    ['the --port flag is bad', ['--port', '-1'], {}, /--port/],
    ['a flag has no value', ['--db'], {}, /--db/],
    ['a flag is unknown', ['--verbose'], {}, /--verbose/],
    ['an origin has a path', [], {NATTER_ORIGINS: 'https://a.example/blog'}, /NATTER_ORIGINS/],
    ['an origin is not a URL', [], {NATTER_ORIGINS: 'blog'}, /NATTER_ORIGINS/],
    ['moderation is unknown', [], {NATTER_MODERATION: 'some'}, /NATTER_MODERATION/],
    ['the rate limit is negative', [], {NATTER_RATE_LIMIT: '-3'}, /NATTER_RATE_LIMIT/],
    ['the rate limit is fractional', [], {NATTER_RATE_LIMIT: '1.5'}, /NATTER_RATE_LIMIT/],
    ['trust-proxy is neither a count nor addresses', [], {NATTER_TRUST_PROXY: 'yes please'}, /NATTER_TRUST_PROXY.*"yes please"/],
    ['trust-proxy has too many hops', [], {NATTER_TRUST_PROXY: '11'}, /NATTER_TRUST_PROXY/],
    ['trust-proxy has a CIDR prefix too long for IPv4', [], {NATTER_TRUST_PROXY: '10.0.0.0/33'}, /NATTER_TRUST_PROXY.*10\.0\.0\.0\/33/],
    ['trust-proxy has a host name', [], {NATTER_TRUST_PROXY: '10.0.0.1, proxy.local'}, /NATTER_TRUST_PROXY.*proxy\.local/],
    ['trust-proxy lists nothing', [], {NATTER_TRUST_PROXY: ' , '}, /NATTER_TRUST_PROXY/],
    ['the database URL is not Postgres', [], {NATTER_DATABASE_URL: 'mysql://localhost/natter'}, /NATTER_DATABASE_URL/],
    ['the IP retention is not whole days', [], {NATTER_IP_RETENTION_DAYS: '1.5'}, /NATTER_IP_RETENTION_DAYS/],
    ['a timeout is zero', [], {NATTER_HEADERS_TIMEOUT_MS: '0'}, /NATTER_HEADERS_TIMEOUT_MS/],
    ['a timeout is not a number', [], {NATTER_IDLE_TIMEOUT_MS: '30s'}, /NATTER_IDLE_TIMEOUT_MS/],
    ['the connection cap is negative', [], {NATTER_MAX_CONNECTIONS: '-1'}, /NATTER_MAX_CONNECTIONS/],
    ['the per-IP cap is fractional', [], {NATTER_MAX_CONNECTIONS_PER_IP: '2.5'}, /NATTER_MAX_CONNECTIONS_PER_IP/],
    ['the header deadline is later than the request deadline', [], {NATTER_HEADERS_TIMEOUT_MS: '5000', NATTER_REQUEST_TIMEOUT_MS: '4000'}, /NATTER_HEADERS_TIMEOUT_MS.*NATTER_REQUEST_TIMEOUT_MS/],
  ];
  for (const [situation, argv, env, name] of refusals) {
    describe(`when ${situation}`, () => {
      it('throws an Error naming the setting', () => {
        assert.throws(() => loadConfig(argv, env), name);
      });
    });
  }
});
