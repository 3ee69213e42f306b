import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {createFormTokens, FORM_MAX_AGE_MS} from '../../src/server/services/form-token.js';
import {makeServer, makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

describe('form tokens', () => {
  it('come with every list response, signed for that thread and the time it was served', async () => {
    const server = await makeServer(temp.dir);
    const response = await server.get('/api/comments?thread=/a');
    const token = response.headers.get('natter-form');
    assert.match(token ?? '', /^v1\.[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);
    const forms = createFormTokens(server.secrets);
    const now = Date.parse('2026-01-01T00:00:05.000Z');
    assert.deepEqual(forms.check(token, '/a', now), {ok: true, ageMs: 5000});
    assert.deepEqual(forms.check(token, '/b', now), {ok: false, reason: 'invalid'});
    // A second list of the same (cached) page gets a token of its own time.
    server.tick(2000);
    const again = (await server.get('/api/comments?thread=/a')).headers.get('natter-form');
    assert.deepEqual(forms.check(again, '/a', now), {ok: true, ageMs: 3000});
  });

  it('refuse a missing, altered, foreign or expired token', async () => {
    const server = await makeServer(temp.dir);
    const other = await makeServer(temp.dir);
    const forms = createFormTokens(server.secrets);
    const now = Date.now();
    const token = forms.issue('/a', now);
    assert.deepEqual(forms.check(null, '/a', now), {ok: false, reason: 'missing'});
    assert.deepEqual(forms.check('', '/a', now), {ok: false, reason: 'missing'});
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    assert.deepEqual(forms.check(flipped, '/a', now), {ok: false, reason: 'invalid'});
    assert.deepEqual(forms.check(token.replace(/^v1\.[0-9a-z]+/, `v1.${(now - 60_000).toString(36)}`), '/a', now), {ok: false, reason: 'invalid'});
    assert.deepEqual(createFormTokens(other.secrets).check(token, '/a', now), {ok: false, reason: 'invalid'});
    assert.deepEqual(forms.check(token, '/a', now + FORM_MAX_AGE_MS + 1), {ok: false, reason: 'expired'});
    assert.deepEqual(forms.check('v1.zz.<script>', '/a', now), {ok: false, reason: 'invalid'});
  });
});
