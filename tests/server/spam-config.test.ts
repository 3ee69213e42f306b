import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {loadConfig} from '../../src/server/config.js';

describe('the spam settings (config.spam)', () => {
  it('default to 10 comments a minute per thread, 60 for the site, a day of duplicate check, and no Akismet', () => {
    assert.deepEqual(loadConfig([], {}).spam, {threadRateLimit: 10, globalRateLimit: 60, duplicateWindowMs: 24 * 3600 * 1000, akismet: null});
  });

  it('read NATTER_THREAD_RATE_LIMIT, NATTER_GLOBAL_RATE_LIMIT and NATTER_DUPLICATE_MINUTES, 0 turning each off', () => {
    const spam = loadConfig([], {NATTER_THREAD_RATE_LIMIT: '0', NATTER_GLOBAL_RATE_LIMIT: '500', NATTER_DUPLICATE_MINUTES: '0'}).spam;
    assert.deepEqual([spam.threadRateLimit, spam.globalRateLimit, spam.duplicateWindowMs], [0, 500, 0]);
    assert.equal(loadConfig([], {NATTER_DUPLICATE_MINUTES: '90'}).spam.duplicateWindowMs, 90 * 60_000);
  });

  it('refuse a value that is not a whole number in range, naming the variable', () => {
    assert.throws(() => loadConfig([], {NATTER_THREAD_RATE_LIMIT: '-1'}), /NATTER_THREAD_RATE_LIMIT must be a whole number/);
    assert.throws(() => loadConfig([], {NATTER_GLOBAL_RATE_LIMIT: '1e3'}), /NATTER_GLOBAL_RATE_LIMIT must be a whole number/);
    assert.throws(() => loadConfig([], {NATTER_DUPLICATE_MINUTES: 'day'}), /NATTER_DUPLICATE_MINUTES must be a whole number/);
  });

  it('turn Akismet on with NATTER_AKISMET_KEY, sending NATTER_PUBLIC_URL as the site, at rest.akismet.com unless NATTER_AKISMET_URL says otherwise', () => {
    const on = loadConfig([], {NATTER_AKISMET_KEY: 'abc123', NATTER_PUBLIC_URL: 'https://comments.example'}).spam.akismet;
    assert.deepEqual(on, {key: 'abc123', url: 'https://rest.akismet.com', blog: 'https://comments.example', retryDelaysMs: [5_000, 30_000, 120_000, 600_000]});
    const local = loadConfig([], {NATTER_AKISMET_KEY: 'abc123', NATTER_PUBLIC_URL: 'https://comments.example', NATTER_AKISMET_URL: 'http://127.0.0.1:9999/'}).spam.akismet;
    assert.equal(local?.url, 'http://127.0.0.1:9999');
  });

  it('refuse an Akismet key without NATTER_PUBLIC_URL, a malformed key, or a URL that is not http(s)', () => {
    assert.throws(() => loadConfig([], {NATTER_AKISMET_KEY: 'abc123'}), /NATTER_AKISMET_KEY needs NATTER_PUBLIC_URL/);
    assert.throws(() => loadConfig([], {NATTER_AKISMET_KEY: 'abc 123', NATTER_PUBLIC_URL: 'https://c.example'}), /NATTER_AKISMET_KEY must be/);
    assert.throws(() => loadConfig([], {NATTER_AKISMET_KEY: 'abc', NATTER_PUBLIC_URL: 'ftp://c.example'}), /NATTER_PUBLIC_URL must be an http or https address/);
    assert.throws(() => loadConfig([], {NATTER_AKISMET_KEY: 'abc', NATTER_PUBLIC_URL: 'https://c.example', NATTER_AKISMET_URL: 'nope'}), /NATTER_AKISMET_URL must be/);
  });
});
