import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {findBlockedWord} from '../../src/server/services/policy/blocked-words.js';
import {countLinks} from '../../src/server/services/policy/links.js';
import {bodyHash} from '../../src/server/services/policy/normalise.js';

describe('countLinks', () => {
  const cases: [string, string | null, number][] = [
    ['no links at all', null, 0],
    ['a [link](https://a.example)', null, 1],
    ['an autolink <https://a.example/x>', null, 1],
    ['bare https://a.example and http://b.example/path?q=1 and www.c.example', null, 3],
    ['[https://a.example](https://a.example) counts once', null, 1],
    ['*[em](https://a.example)* and **https://b.example**', null, 2],
    ['`https://in.code.example`', null, 1],
    ['```\nhttps://a.example\nhttps://b.example\n```', null, 2],
    ['> quoted https://a.example\n\n- item https://b.example', null, 2],
    ['text', 'https://site.example', 1],
    ['mailto is not counted as a URL: ada@example.com', null, 0],
  ];
  for (const [body, website, n] of cases) {
    it(`counts ${n} in ${JSON.stringify(body)}${website ? ' with a website' : ''}`, () => {
      assert.equal(countLinks(body, website), n);
    });
  }
  it('counts 20 links as 20', () => {
    const body = Array.from({length: 20}, (_, i) => (i % 2 ? `https://s.example/${i}` : `[x](https://s.example/${i})`)).join(' ');
    assert.equal(countLinks(body, null), 20);
  });
});

describe('findBlockedWord', () => {
  it('matches whole words and phrases without case or accents, in any of the texts', () => {
    assert.equal(findBlockedWord(['Buy VIAGRA'], ['viagra']), 'viagra');
    assert.equal(findBlockedWord(['ﬁnancial freedom'], ['Financial Freedom']), 'Financial Freedom');
    assert.equal(findBlockedWord(['a name', 'Ça marche'], ['ca']), 'ca');
    assert.equal(findBlockedWord(['under the sea', null], ['the  sea']), 'the  sea');
    assert.equal(findBlockedWord(['c++ rocks'], ['c++']), 'c++');
  });
  it('sees through characters nobody sees: zero-width space, soft hyphen, word joiner, invisible separator', () => {
    for (const hidden of ['\u200B', '\u00AD', '\u2060', '\u2063', '\u180E', '\uFEFF']) {
      assert.equal(findBlockedWord([`play ca${hidden}sino now`], ['casino']), 'casino', JSON.stringify(hidden));
    }
  });
  it('does not match inside a longer word, or anything with an empty list', () => {
    assert.equal(findBlockedWord(['classic'], ['ass']), null);
    assert.equal(findBlockedWord(['casinos'], ['casino']), null);
    assert.equal(findBlockedWord(['anything'], []), null);
  });
});

describe('bodyHash', () => {
  it('is the same for the same text with other case, accents, spacing or trailing punctuation, else different', () => {
    assert.equal(bodyHash('Great post!'), bodyHash('  great   POST!!! '));
    assert.equal(bodyHash('Très bien'), bodyHash('tres bien'));
    assert.notEqual(bodyHash('Great post'), bodyHash('Great posts'));
    assert.equal(bodyHash('Great\u200B po\u00ADst'), bodyHash('Great post'));
  });
});
