const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 31536000], ['month', 2592000], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1],
];

// Making an Intl formatter is slow (most of the time a 1,000-comment thread spent in dates), so one per language.
const formatters: Record<string, [Intl.RelativeTimeFormat, Intl.DateTimeFormat]> = {};
const formattersFor = (lang: string) =>
  (formatters[lang] ??= [new Intl.RelativeTimeFormat(lang, {numeric: 'auto'}), new Intl.DateTimeFormat(lang, {dateStyle: 'long', timeStyle: 'short'})]);

// Each text made once: every render of a thread asks again for each comment's two dates (a Reply click at 1,000
// comments spent most of its script in Intl), and most of them share a few relative texts ("3 hours ago").
const texts = new Map<string, string>();
const once = (key: string, make: () => string) => texts.get(key) ?? (texts.set(key, make()), texts.get(key)!);

/** "3 minutes ago", in the reader's language, through Intl.RelativeTimeFormat. */
export function formatRelative(date: Date, lang: string): string {
  const seconds = Math.round((+date - Date.now()) / 1000);
  const [unit, size] = units.find(([, s]) => Math.abs(seconds) >= s) ?? units.at(-1)!;
  const n = Math.round(seconds / size);
  return once(`${lang} ${n} ${unit}`, () => formattersFor(lang)[0].format(n, unit));
}

/** The full date and time, for the tooltip and assistive technology. */
export function formatAbsolute(date: Date, lang: string): string {
  return once(`${lang} ${+date}`, () => formattersFor(lang)[1].format(date));
}

/** Picks the plural form with Intl.PluralRules and puts the formatted number in place of `#`. */
export function plural(forms: Record<string, string>, n: number, lang: string): string {
  return (forms[new Intl.PluralRules(lang).select(n)] ?? forms.other).replace('#', n.toLocaleString(lang));
}
