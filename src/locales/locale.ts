import type {Messages} from '../i18n/messages.js';
import type {WriteMessages} from '../write/messages.js';

/** A counted message: the locale's CLDR plural categories, `other` always; `#` stands for the formatted number. */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & {other: string};

/** An English table's shape, with each `{one, other}` message opened to any locale's categories. */
type Translated<T> = {[K in keyof T]: T[K] extends string ? string : Plural};

// src/features/actions.ts keeps its table private, so its keys are named here; the locales test holds them to that file.
type ActionMessages = Record<'edit' | 'editing' | 'save' | 'editError' | 'remove' | 'sure' | 'no' | 'removed' | 'removeError' | 'up' | 'down' | 'voteError', string>;

/** One language's text for the whole widget: before writing (`thread`), the write chunk, and the actions chunk. */
export interface Locale {
  thread: Translated<Messages>;
  write: Translated<WriteMessages>;
  actions: ActionMessages;
}
