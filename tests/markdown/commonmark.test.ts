import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {describe, it} from 'node:test';
import {parseMarkdown} from '../../src/markdown/parse-blocks.js';
import {NAMED_ENTITIES} from '../../src/markdown/parse-inline.js';
import {toHtml} from './to-html.js';

interface Example {
  markdown: string;
  html: string;
  section: string;
  number: number;
}

const SECTIONS = [
  'Tabs', 'Backslash escapes', 'Entity and numeric character references', 'Precedence', 'Indented code blocks',
  'Fenced code blocks', 'Paragraphs', 'Blank lines', 'Block quotes', 'List items', 'Lists', 'Inlines', 'Code spans',
  'Emphasis and strong emphasis', 'Links', 'Autolinks', 'Hard line breaks', 'Soft line breaks', 'Textual content',
];

// In-scope examples that fail, each with the reason. Keep this short.
const KNOWN_FAILURES: Record<number, string> = {};

const OUR_TAGS = new Set(['p', 'br', 'em', 'strong', 'code', 'pre', 'a', 'blockquote', 'ul', 'ol', 'li']);
// An HTML open or closing tag, comment, processing instruction or declaration as the spec defines raw HTML.
const RAW_HTML =
  /<[a-zA-Z][a-zA-Z\d-]*(?:\s+[a-zA-Z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<\/[a-zA-Z][a-zA-Z\d-]*\s*>|<!--|<\?|<![a-zA-Z]|<!\[CDATA\[/g;
const count = (s: string, part: string) => s.split(part).length - 1;

/** Why an example needs a construct Natter doesn't support, judged from its text alone; or null. */
function unsupported({markdown, html}: Example): string | null {
  if (/<h[1-6]>/.test(html)) return 'heading';
  if (html.includes('<hr />')) return 'thematic break';
  if (html.includes('<img ')) return 'image';
  for (const [, name] of html.matchAll(/<\/?([a-zA-Z][a-zA-Z\d-]*)/g)) if (!OUR_TAGS.has(name)) return 'raw HTML';
  if (/<[!?]/.test(html)) return 'raw HTML';
  for (const [tag] of markdown.matchAll(RAW_HTML)) if (html.includes(tag)) return 'raw HTML';
  // A reference definition disappears from the output; a `]:` that is text stays.
  if (count(markdown, ']:') > count(html, ']:')) return 'link reference definition';
  for (const [, name] of markdown.matchAll(/&([a-zA-Z][a-zA-Z\d]*);/g)) {
    if (!Object.hasOwn(NAMED_ENTITIES, name) && !html.includes(`&amp;${name};`)) return 'named entity outside the table';
  }
  return null;
}

const tabs = (s: string) => s.replace(/→/g, '\t');
const examples = (createRequire(import.meta.url)('commonmark-spec').tests as Example[])
  .filter((e) => SECTIONS.includes(e.section))
  .map((e) => ({...e, markdown: tabs(e.markdown), html: tabs(e.html)}));
const inScope = examples.filter((e) => !unsupported(e));
const passes = (e: Example) => toHtml(parseMarkdown(e.markdown)) === e.html;

describe('CommonMark spec examples', () => {
  it('pass for every supported construct, except the listed known failures', () => {
    const rows = SECTIONS.map((section) => {
      const all = examples.filter((e) => e.section == section), mine = inScope.filter((e) => e.section == section);
      return {section, examples: all.length, inScope: mine.length, pass: mine.filter(passes).length};
    });
    const failing = inScope.filter((e) => !passes(e));
    // Under render.ts's policy some links become text (relative or non-http URLs) and some classes go.
    const samePolicy = inScope.filter((e) => passes(e) && toHtml(parseMarkdown(e.markdown), {policy: true}) === e.html);
    if (process.env.COMMONMARK_TABLE) console.table(rows);
    console.log(
      `CommonMark: ${inScope.length - failing.length} of ${inScope.length} in-scope examples pass ` +
        `(${examples.length} examples in ${SECTIONS.length} sections; ` +
        `${samePolicy.length} also match with the URL and class policy applied)`,
    );
    for (const e of failing) {
      if (!KNOWN_FAILURES[e.number] && process.env.COMMONMARK_DEBUG) {
        console.log(`--- example ${e.number} (${e.section})\n${e.markdown}--- expected\n${e.html}--- actual\n${toHtml(parseMarkdown(e.markdown))}`);
      }
    }
    assert.deepEqual(
      failing.map((e) => e.number),
      Object.keys(KNOWN_FAILURES).map(Number),
    );
  });

  it('counts an example out of scope only for an unsupported construct', () => {
    const reasons = new Map<string, number>();
    for (const e of examples) {
      const why = unsupported(e);
      if (why) reasons.set(why, (reasons.get(why) ?? 0) + 1);
    }
    if (process.env.COMMONMARK_TABLE) console.table(Object.fromEntries(reasons));
    assert.deepEqual([...reasons.keys()].sort(), [
      'heading', 'image', 'link reference definition', 'named entity outside the table', 'raw HTML', 'thematic break',
    ]);
  });
});
