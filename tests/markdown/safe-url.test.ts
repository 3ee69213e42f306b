import assert from 'node:assert/strict';
import {xssPayloads} from '../lib/shared.js';
import {describe, it} from 'node:test';
import {safeUrl} from '../../src/markdown/safe-url.js';

describe('safeUrl', () => {
  describe('accepts', () => {
    for (const [raw, url] of [
      ['https://example.com/', 'https://example.com/'],
      ['http://example.com/a?b=c&d=e#f', 'http://example.com/a?b=c&d=e#f'],
      ['HTTPS://EXAMPLE.COM', 'HTTPS://EXAMPLE.COM'],
      ['HtTp://example.com', 'HtTp://example.com'],
      ['mailto:ada@example.com', 'mailto:ada@example.com'],
      ['MAILTO:ada@example.com', 'MAILTO:ada@example.com'],
      ['  https://example.com/  ', 'https://example.com/'],
      ['\thttps://example.com/\n', 'https://example.com/'],
      ['https://example.com/a b', 'https://example.com/a%20b'],
      ['https://exam\nple.com/', 'https://example.com/'],
      ['https://example.com/\u3000x', 'https://example.com/%E3%80%80x'],
      ['https://example.com/caf\u00e9', 'https://example.com/caf\u00e9'],
    ]) {
      it(`${JSON.stringify(raw)} as ${JSON.stringify(url)}`, () => assert.equal(safeUrl(raw), url));
    }
  });

  describe('refuses', () => {
    for (const raw of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      '\u00a0javascript:alert(1)',
      'java\u0000script:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      'java\rscript:alert(1)',
      'java\u200bscript:alert(1)',
      '\ufeffjavascript:alert(1)',
      'java script:alert(1)',
      'jav&#x09;ascript:alert(1)',
      '&#106;avascript:alert(1)',
      '&#x6A;avascript:alert(1)',
      'javascript&colon;alert(1)',
      'javascript%3Aalert(1)',
      '\\u006aavascript:alert(1)',
      'vbscript:msgbox(1)',
      'livescript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'DATA:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'blob:https://example.com/uuid',
      'about:blank',
      'ftp://example.com/',
      '//evil.example/',
      '\\\\evil.example\\share',
      'https:\\\\evil.example',
      'https:/evil.example',
      'https:',
      'https://',
      'mailto:',
      'http&#58;//example.com',
      'ht tps://example.com',
      '/relative/path',
      'relative',
      '#fragment',
      '?q=1',
      'example.com',
      '',
      '   ',
      '\u0000',
    ]) {
      it(JSON.stringify(raw), () => assert.equal(safeUrl(raw), null));
    }
  });

  // The shared corpus (../shared or NATTER_SHARED); the case fails when it is missing.
  it('returns only http, https or mailto URLs for every payload in the XSS corpus', () => {
    const payloads = xssPayloads();
    assert.ok(payloads.length > 0, 'the corpus has payloads');
    for (const payload of payloads) {
      const url = safeUrl(payload);
      if (url != null) assert.match(url, /^(https?:\/\/|mailto:)[^\s\0-\x1f\x7f-\x9f]+$/i);
    }
  });
});
