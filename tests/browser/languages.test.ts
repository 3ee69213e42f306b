// The widget in other languages: each locale's table loaded by `lang`, plurals by Intl.PluralRules, `messages` over
// the tables, and right-to-left layout with user text in its own direction. The memory adapter in the page.
import {expect} from '@open-wc/testing';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import type {Comment} from '../../src/adapters/adapter.js';
import type {ThreadElement} from '../../src/elements/thread-element.js';
import de from '../../src/locales/de.js';
import fr from '../../src/locales/fr.js';
import pl from '../../src/locales/pl.js';
import ar from '../../src/locales/ar.js';
import zhHant from '../../src/locales/zh-Hant.js';
import {cleanup, clearStorage, next, part, parts, seedComment, settled, until} from './helpers.js';

const seed = (n: number, extra: (i: number) => Partial<Comment> = () => ({})) => Array.from({length: n}, (_, i) => seedComment(`c${i + 1}`, extra(i)));

/** A thread inside `<div lang=… dir=…>` (or with `lang` on the element itself), once its forms are in. */
async function mount({around, own, comments = seed(2)}: {around?: Record<string, string>; own?: string; comments?: Comment[]}) {
  const box = document.createElement('div');
  for (const [k, v] of Object.entries(around ?? {})) box.setAttribute(k, v);
  const el = document.createElement('natter-thread');
  el.adapter = createMemoryAdapter({id: `lang-${Math.random()}`, seed: comments});
  el.thread = '/t';
  if (own) el.setAttribute('lang', own);
  const loaded = next(el, 'natter-load');
  box.append(el);
  document.body.append(box);
  await loaded;
  await settled(el);
  return el;
}

const shows = (el: ThreadElement, text: string) => until(() => part(el, 'heading').textContent === text, 4000, `the heading "${text}"`);
const plural = (forms: Record<string, string>, n: number, tag: string) => (forms[new Intl.PluralRules(tag).select(n)] ?? forms.other).replace('#', n.toLocaleString(tag));

describe('<natter-thread> in other languages', () => {
  beforeEach(async () => {
    localStorage.clear();
    await clearStorage();
  });
  afterEach(() => {
    cleanup();
    for (const box of document.querySelectorAll('body > div')) box.remove();
  });

  it('speaks the language of its own lang attribute: labels, forms, buttons and the counted heading', async () => {
    const el = await mount({own: 'de'});
    await shows(el, plural(de.write.comments, 2, 'de'));
    expect(part(el, 'reply-button').textContent).to.equal(de.write.reply);
    expect(part(el, 'submit-button').textContent).to.equal(de.write.post);
    expect(el.shadowRoot!.querySelector('label')!.textContent).to.contain(de.write.body);
    expect(el.shadowRoot!.querySelector('[name=author]')!.closest('label')!.textContent).to.contain(de.write.author);
    expect(part(el, 'time').getAttribute('title'), 'dates in German too').to.match(/\d{4}/);
    expect(part(el, 'time').textContent).to.equal(new Intl.RelativeTimeFormat('de', {numeric: 'auto'}).format(-1, 'hour'));
  });

  it("uses every plural form of the language's rules (Polish: one, few, many)", async () => {
    for (const n of [1, 3, 5]) {
      const el = await mount({own: 'pl', comments: seed(n)});
      await shows(el, plural(pl.write.comments, n, 'pl'));
      el.remove();
    }
    expect(new Set([1, 3, 5].map((n) => plural(pl.write.comments, n, 'pl'))).size, 'three different forms').to.equal(3);
  });

  it('takes the nearest lang around it, a region or script falling back to its table, and follows a change', async () => {
    const el = await mount({around: {lang: 'zh-TW'}});
    await shows(el, plural(zhHant.write.comments, 2, 'zh-TW'));
    el.parentElement!.setAttribute('lang', 'fr-CA');
    await shows(el, plural(fr.write.comments, 2, 'fr-CA'));
    expect(part(el, 'reply-button').textContent).to.equal(fr.write.reply);
    el.parentElement!.setAttribute('lang', 'en-GB');
    await shows(el, '2 comments');
    expect(part(el, 'reply-button').textContent).to.equal('Reply');
  });

  it('stays in English, working, for a language it has no table for', async () => {
    const el = await mount({own: 'sw'});
    await shows(el, '2 comments');
    expect(part(el, 'reply-button').textContent).to.equal('Reply');
  });

  it('lets the messages property replace single strings, in any language', async () => {
    const el = await mount({own: 'de'});
    el.messages = {reply: 'Antwort schreiben', comments: {one: '# Reaktion', other: '# Reaktionen'}};
    await shows(el, '2 Reaktionen');
    expect(part(el, 'reply-button').textContent).to.equal('Antwort schreiben');
    expect(part(el, 'submit-button').textContent, 'the rest stays the language\'s').to.equal(de.write.post);
  });

  it('lays out right to left in an RTL language, with English comments and names left to right', async () => {
    const el = await mount({
      around: {lang: 'ar', dir: 'rtl'},
      comments: [seedComment('en', {author: 'Ada', body: 'An English comment, left to right.'}), seedComment('ar', {author: 'ليلى', body: 'تعليق باللغة العربية'})],
    });
    await shows(el, plural(ar.write.comments, 2, 'ar'));
    const direction = (node: Element) => getComputedStyle(node).direction;
    expect(direction(part(el, 'thread'))).to.equal('rtl');
    const [english, arabic] = parts(el, 'body');
    expect(direction(english), 'English text in its own direction').to.equal('ltr');
    expect(direction(arabic)).to.equal('rtl');
    const [ada, layla] = parts(el, 'author');
    expect([direction(ada), direction(layla)]).to.deep.equal(['ltr', 'rtl']);
    const reply = el.shadowRoot!.querySelector<HTMLTextAreaElement>("textarea")!;
    expect(reply.dir).to.equal('auto');
  });

  it('lays out an English widget left to right on an RTL page, and an Arabic one right to left on an LTR page', async () => {
    const english = await mount({around: {lang: 'en', dir: 'rtl'}});
    expect(getComputedStyle(part(english, 'thread')).direction).to.equal('ltr');
    const arabic = await mount({own: 'ar'});
    await shows(arabic, plural(ar.write.comments, 2, 'ar'));
    expect(getComputedStyle(part(arabic, 'thread')).direction).to.equal('rtl');
  });
});
