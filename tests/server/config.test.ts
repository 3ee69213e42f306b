import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {loadConfig} from '../../src/server/config.js';

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
      assert.equal(config.moderation, 'off');
      assert.equal(config.rateLimit, 20);
      assert.equal(config.trustProxy, false);
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
        NATTER_DATABASE_URL: 'postgres://natter:secret@db.internal:5432/natter',
        NATTER_IP_RETENTION_DAYS: '7',
      });
      assert.deepEqual(
        {...config, distDir: undefined, demoDir: undefined},
        {port: 9000, host: '0.0.0.0', dbPath: '/tmp/n.db', origins: ['https://a.example', 'http://localhost:3000'], moderation: 'all', rateLimit: 5, trustProxy: true, distDir: undefined, demoDir: undefined,
         databaseUrl: 'postgres://natter:secret@db.internal:5432/natter', ipRetentionDays: 7},
      );
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
    ['trust-proxy is not a boolean', [], {NATTER_TRUST_PROXY: 'yes please'}, /NATTER_TRUST_PROXY/],
    ['the database URL is not Postgres', [], {NATTER_DATABASE_URL: 'mysql://localhost/natter'}, /NATTER_DATABASE_URL/],
    ['the IP retention is not whole days', [], {NATTER_IP_RETENTION_DAYS: '1.5'}, /NATTER_IP_RETENTION_DAYS/],
  ];
  for (const [situation, argv, env, name] of refusals) {
    describe(`when ${situation}`, () => {
      it('throws an Error naming the setting', () => {
        assert.throws(() => loadConfig(argv, env), name);
      });
    });
  }
});
