import type {BaseElement} from '../elements/base-element.js';
import {english, locales, validLocale, type Locale, type Part} from '../i18n/messages.js';

/**
 * The locales with a table of their own (src/locales/), each a file the build puts at dist/locales/TAG.js; a page
 * downloads only its reader's, after the first comments paint in English if it comes later than they do.
 */
export const TAGS = 'ar cs de es fa fr he hi id it ja ko nl pl pt-BR pt-PT ru sv tr uk zh-Hans zh-Hant'.split(' ');

/** The table for a language: the tag itself, its script (zh-TW: zh-Hant), its language, else another of its language (pt-AO: pt-BR); none for English. */
export function tableFor(lang: string): string | undefined {
  const {language, script} = new Intl.Locale(lang).maximize();
  return [lang, `${language}-${script}`, language, ...TAGS.filter((t) => t.startsWith(`${language}-`))].find((t) => TAGS.includes(t));
}

/** What the controller reads from its element: `messages`, single strings that override the tables. */
type Host = BaseElement & {messages?: Partial<Locale['thread'] & Locale['write']>};

/**
 * The reader's language: the element's or nearest `lang` attribute, else the browser's; follows later changes to
 * `lang`. Its `t(part)` is the text of one chunk (`thread`, `write`) in that language, with `messages` over it.
 */
export interface LocaleController {
  lang: string;
  /** The thread chunk's text. */
  readonly m: Locale['thread'];
  /** `rtl` while the widget's text is in a language written right to left (its table says so), so it lays out that way on any page. */
  readonly dir: string;
  /**
   * One chunk's text: its English table (registered by that chunk when it loads), the locale's over it, then
   * `messages`. Merged again only when one of the three is another object: every comment's labels and notes read it.
   */
  t<K extends Part>(part: K): Locale[K];
}

/** Makes the locale of `host`, its controller a plain object over a closure (locals, which the minifier shortens). */
export function createLocale(host: Host): LocaleController {
  let observer: MutationObserver | undefined;
  const merged: Partial<Record<Part, [unknown[], object]>> = {};
  /** Re-reads the language, and loads its table once per page; true when it changed. */
  const read = (): boolean => {
    const lang = validLocale(host.closest('[lang]')?.getAttribute('lang') || navigator.language || 'en');
    if (lang === locale.lang) return false;
    locale.lang = lang;
    const tag = tableFor(lang);
    // A table that fails to load leaves English: the thread works, in the wrong language.
    if (tag && !locales[lang]) {
      import(/* @vite-ignore */ `../locales/${tag}.js`).then((l: {default: Locale}) => {
        locales[lang] = l.default;
        if (locale.lang === lang) host.requestUpdate();
      }, () => {});
    }
    return true;
  };
  const locale: LocaleController = {
    lang: 'en',
    get m() {
      return locale.t('thread');
    },
    get dir() {
      return locales[locale.lang]?.dir ?? 'ltr';
    },
    t<K extends Part>(part: K): Locale[K] {
      const from = [english[part], locales[locale.lang]?.[part], host.messages];
      const kept = merged[part];
      if (!kept || kept[0].some((x, i) => x !== from[i])) merged[part] = [from, Object.assign({}, ...from)];
      return merged[part]![1] as Locale[K];
    },
  };
  host.addController({
    hostConnected() {
      read();
      observer = new MutationObserver(() => read() && host.requestUpdate());
      observer.observe(document.documentElement, {attributes: true, attributeFilter: ['lang'], subtree: true});
    },
    hostDisconnected: () => observer?.disconnect(),
  });
  return locale;
}
