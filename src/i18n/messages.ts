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

const tables: Record<string, Messages> = {en};

/** The table in `tables` for a BCP 47 tag's language, falling back to `fallback`. */
export function pick<T>(tables: Record<string, T>, lang: string, fallback: T): T {
  const key = lang.toLowerCase().split('-')[0];
  return Object.hasOwn(tables, key) ? tables[key] : fallback;
}

/** The message table for a BCP 47 tag's language, falling back to English. */
export const messagesFor = (lang: string): Messages => pick(tables, lang, en);

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
