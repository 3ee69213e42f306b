import type {WriteMessages} from '../write/messages.js';

/** The text a reader sees before writing, in English. Other locales add a table of the same shape. */
export const en = {
  title: 'Comments',
  loading: 'Loading comments…',
  empty: 'No comments yet.',
  loadError: 'Comments could not be loaded.',
  retry: 'Retry',
  loadMore: 'Load more comments',
  inReplyTo: 'in reply to {name}',
  owner: 'Author',
  deleted: 'This comment was deleted.',
  closed: 'Comments are closed.',
  unconfigured: 'set endpoint="https://…" or adapter="memory"',
};

export type Messages = typeof en;

/** The text of each chunk that has some: `thread` (this table) and `write` (src/write/messages.ts). */
export interface Locale {
  thread: Messages;
  write: WriteMessages;
  /** `rtl` for a language written right to left. */
  dir?: 'rtl';
}

/** The parts of a locale that are text, one per chunk. */
export type Part = 'thread' | 'write';

/** Each chunk's English table, registered by the chunk when it loads. */
export const english: Partial<Pick<Locale, Part>> = {thread: en};

/** The locale tables this page has loaded (src/locales/), by the language a thread asked for. */
export const locales: Record<string, Locale> = {};

/** A tag Intl accepts: `en_US` becomes `en-US`; anything Intl refuses (`__proto__`, `x`) falls back to English. */
export function validLocale(tag: string): string {
  try {
    // One tag in gives one out, or a RangeError.
    return Intl.getCanonicalLocales(tag.replace(/_/g, '-'))[0];
  } catch {
    return 'en';
  }
}

/** Fills `{name}`-style slots. */
export function format(message: string, values: Record<string, string>): string {
  return message.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
}
