import {foldText} from './normalise.js';

/**
 * The first blocked word or phrase found as a whole word in any of `texts`, ignoring case and accents ("Çasino"
 * matches "casino", "casinos" doesn't, nor does "occasion"), or null.
 */
export function findBlockedWord(texts: readonly (string | null)[], words: readonly string[]): string | null {
  if (words.length === 0) return null;
  const haystack = texts.filter((t) => t !== null).map(foldText).join('\n');
  for (const word of words) {
    const needle = foldText(word);
    if (needle === '') continue;
    const pattern = needle.split(' ').map(escapeRegExp).join('\\s+');
    if (new RegExp(`(?<![\\p{L}\\p{N}])${pattern}(?![\\p{L}\\p{N}])`, 'u').test(haystack)) return word;
  }
  return null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
