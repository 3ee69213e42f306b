import type {ReactiveController} from 'lit';
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
export class LocaleController implements ReactiveController {
  lang = 'en';
  #observer?: MutationObserver;
  #host: Host;
  #merged: Partial<Record<Part, [unknown[], object]>> = {};

  constructor(host: Host) {
    this.#host = host;
    host.addController(this);
  }

  /** The thread chunk's text. */
  get m() {
    return this.t('thread');
  }

  /** `rtl` while the widget's text is in a language written right to left (its table says so), so it lays out that way on any page. */
  get dir() {
    return locales[this.lang]?.dir ?? 'ltr';
  }

  /**
   * One chunk's text: its English table (registered by that chunk when it loads), the locale's over it, then
   * `messages`. Merged again only when one of the three is another object: every comment's labels and notes read it.
   */
  t<K extends Part>(part: K): Locale[K] {
    const from = [english[part], locales[this.lang]?.[part], this.#host.messages];
    const kept = this.#merged[part];
    if (!kept || kept[0].some((x, i) => x !== from[i])) this.#merged[part] = [from, Object.assign({}, ...from)];
    return this.#merged[part]![1] as Locale[K];
  }

  hostConnected() {
    this.#read();
    this.#observer = new MutationObserver(() => this.#read() && this.#host.requestUpdate());
    this.#observer.observe(document.documentElement, {attributes: true, attributeFilter: ['lang'], subtree: true});
  }

  hostDisconnected() {
    this.#observer?.disconnect();
  }

  /** Re-reads the language, and loads its table once per page; true when it changed. */
  #read(): boolean {
    const lang = validLocale(this.#host.closest('[lang]')?.getAttribute('lang') || navigator.language || 'en');
    if (lang === this.lang) return false;
    this.lang = lang;
    const tag = tableFor(lang);
    // A table that fails to load leaves English: the thread works, in the wrong language.
    if (tag && !locales[lang]) {
      import(/* @vite-ignore */ `../locales/${tag}.js`).then((l: {default: Locale}) => {
        locales[lang] = l.default;
        if (this.lang === lang) this.#host.requestUpdate();
      }, () => {});
    }
    return true;
  }
}
