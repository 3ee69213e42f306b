import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {loadConfig} from '../../src/server/config.js';

describe('NATTER_PUBLIC_URL', () => {
  it('is optional, drops a trailing slash, and refuses what is not an http(s) address', () => {
    assert.equal(loadConfig([], {}).pages.publicUrl, undefined);
    assert.equal(loadConfig([], {NATTER_PUBLIC_URL: 'https://comments.example/'}).pages.publicUrl, 'https://comments.example');
    assert.equal(loadConfig([], {NATTER_PUBLIC_URL: 'https://example.com/natter'}).pages.publicUrl, 'https://example.com/natter');
    for (const bad of ['comments.example', 'ftp://x.example', 'https://x.example/?a=1', 'https://u:p@x.example']) {
      assert.throws(() => loadConfig([], {NATTER_PUBLIC_URL: bad}), /NATTER_PUBLIC_URL/);
    }
  });
});
