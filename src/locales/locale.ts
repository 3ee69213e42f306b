import type {Messages} from '../i18n/messages.js';
import type {WriteMessages} from '../write/messages.js';

/** A counted message: the locale's CLDR plural categories, `other` always; `#` stands for the formatted number. */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & {other: string};

/** An English table's shape, with each `{one, other}` message opened to any locale's categories. */
type Translated<T> = {[K in keyof T]: T[K] extends string ? string : Plural};

/**
 * One language's text for the widget, a file of its own (dist/locales/TAG.js, loaded by the locale controller):
 * before writing (`thread`) and the write chunk's (`write`); `dir: 'rtl'` for a language written right to left.
 */
export interface Locale {
  dir?: 'rtl';
  thread: Translated<Messages>;
  write: Translated<WriteMessages>;
}
