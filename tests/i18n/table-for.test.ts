// Which locale table a reader's language gets: the tag, its script, its language, else another of its language.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {TAGS, tableFor} from '../../src/controllers/locale-controller.js';

describe('the table for a language', () => {
  const cases: [string, string | undefined][] = [
    ['de', 'de'],
    ['de-AT', 'de'],
    ['de-CH', 'de'],
    ['pt-BR', 'pt-BR'],
    ['pt-PT', 'pt-PT'],
    ['pt', 'pt-BR'],
    ['pt-AO', 'pt-BR'],
    ['zh', 'zh-Hans'],
    ['zh-CN', 'zh-Hans'],
    ['zh-SG', 'zh-Hans'],
    ['zh-TW', 'zh-Hant'],
    ['zh-HK', 'zh-Hant'],
    ['zh-Hant', 'zh-Hant'],
    ['he', 'he'],
    ['ar-EG', 'ar'],
    ['fa-IR', 'fa'],
    ['sr-Latn', undefined],
    ['en', undefined],
    ['en-GB', undefined],
  ];
  for (const [lang, table] of cases) it(`${lang} → ${table ?? 'English'}`, () => assert.equal(tableFor(lang), table));

  it('names only tables that exist, and at least 20 of them', () => {
    assert.ok(TAGS.length >= 20);
    for (const tag of TAGS) assert.equal(tableFor(tag), tag, tag);
  });
});
