import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {gzipSync} from 'node:zlib';
import {build} from 'esbuild';
import {en as threadEn} from '../../src/i18n/messages.js';
import type {Locale} from '../../src/locales/locale.js';
import {writeEn} from '../../src/write/messages.js';

const dir = fileURLToPath(new URL('../../src/locales/', import.meta.url));
const REQUIRED = ['ar', 'cs', 'de', 'es', 'fa', 'fr', 'he', 'hi', 'id', 'it', 'ja', 'ko', 'nl', 'pl', 'pt-BR', 'pt-PT', 'ru', 'sv', 'tr', 'uk', 'zh-Hans', 'zh-Hant'];
const BUDGET = 1024;

type Table = Record<string, string | Record<string, string>>;

/** The actions chunk's English table, read from its source: actions.ts doesn't export it. */
function actionsEn(): Record<string, string> {
  const source = readFileSync(fileURLToPath(new URL('../../src/features/actions.ts', import.meta.url)), 'utf8');
  const body = /\nconst en = \{\n([\s\S]*?)\n\};/.exec(source)?.[1];
  if (!body) throw new Error('src/features/actions.ts no longer has `const en = {…};`: update this test, or export the table');
  const lines = body.split('\n');
  const entries = lines.map((line) => /^\s+(\w+): '([^'\\]*)',$/.exec(line));
  assert.ok(entries.every(Boolean), 'each line of the actions table is a `key: \'text\',` this test can read');
  return Object.fromEntries(entries.map((m) => [m![1], m![2]]));
}

const english: Record<keyof Locale, Table> = {thread: threadEn, write: writeEn, actions: actionsEn()};
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Every message of a locale as [`table.key`, its text, the English], in the English tables' order. */
const messages = (locale: Locale) =>
  (Object.keys(english) as (keyof Locale)[]).flatMap((table) =>
    Object.entries(english[table]).map(([key, source]) => [`${table}.${key}`, (locale[table] as Table)[key], source] as const),
  );

/** The locale's file as the widget would ship it: bundled and minified, then gzip -9. */
async function gzipSize(file: string) {
  const {outputFiles} = await build({entryPoints: [file], bundle: true, minify: true, write: false, format: 'esm', logLevel: 'silent'});
  return gzipSync(outputFiles[0].contents, {level: 9}).length;
}

const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'locale.ts');
const tags = files.map((f) => f.slice(0, -3));
const locales = await Promise.all(files.map(async (f) => (await import(new URL(f, new URL('../../src/locales/', import.meta.url)).href)).default as Locale));

describe('locales', () => {
  it('include every language the widget offers', () => {
    assert.deepEqual(REQUIRED.filter((tag) => !tags.includes(tag)), []);
  });

  it('are named by canonical BCP 47 tags', () => {
    for (const tag of tags) assert.equal(Intl.getCanonicalLocales(tag)[0], tag);
  });

  tags.forEach((tag, i) => {
    const locale = locales[i];
    const categories = [...new Intl.PluralRules(tag).resolvedOptions().pluralCategories].sort();

    describe(tag, () => {
      it('has every English key, and no other', () => {
        assert.deepEqual(Object.keys(locale).sort(), Object.keys(english).sort());
        for (const table of Object.keys(english) as (keyof Locale)[]) {
          assert.deepEqual(Object.keys(locale[table]).sort(), Object.keys(english[table]).sort(), table);
        }
      });

      it('keeps every placeholder of the English, with no message left empty', () => {
        const wrong = messages(locale).filter(([, text, source]) => typeof source === 'string' && (typeof text !== 'string' || !text.trim() || placeholders(text).join() !== placeholders(source).join()));
        assert.deepEqual(wrong.map(([name, text]) => `${name}: ${JSON.stringify(text)}`), []);
      });

      it(`gives each count exactly the plural categories of ${tag} (${categories.join(', ')}), each form with the number`, () => {
        for (const [name, text, source] of messages(locale)) {
          if (typeof source === 'string') continue;
          assert.equal(typeof text, 'object', name);
          const forms = text as Record<string, string>;
          assert.deepEqual(Object.keys(forms).sort(), categories, name);
          for (const [category, form] of Object.entries(forms)) {
            assert.ok(form.trim() && form.includes('#'), `${name}.${category}: ${form}`);
            assert.deepEqual(placeholders(form), placeholders(source.other), `${name}.${category}`);
          }
        }
      });

      it('keeps the Markdown and the configuration as written', () => {
        assert.match(locale.write.bodyHint, /^Markdown\s?[:：] ?\*[^*]+\*.+\*\*[^*]+\*\*.+`[^`]+`.+\[[^\]]+\]\(https:\/\/…\)$/);
        assert.ok(locale.thread.unconfigured.includes('endpoint="https://…"'));
        assert.ok(locale.thread.unconfigured.includes('adapter="memory"'));
      });

      it('is translated: most messages differ from the English', () => {
        const all = messages(locale);
        const same = all.filter(([, text, source]) => (typeof source === 'string' ? text === source : (text as Record<string, string>).other === source.other));
        assert.ok(same.length <= all.length / 10, `the same as English: ${same.map(([name]) => name).join(', ')}`);
      });

      it(`weighs at most ${BUDGET} B minified and gzipped`, async () => {
        const size = await gzipSize(dir + files[i]);
        assert.ok(size <= BUDGET, `${size} B`);
      });
    });
  });
});
