import {createHash} from 'node:crypto';

/**
 * Text as a reader would compare it: compatibility forms folded, accents and case dropped, characters nobody sees
 * (zero-width, soft hyphen, word joiner, format controls) removed, spaces collapsed. So `ca\u200Bsino` is `casino`.
 */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/[\p{M}\p{Default_Ignorable_Code_Point}\p{Cf}]+/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The duplicate check's key: the same text with other spacing, case or accents, or trailing punctuation, matches. */
export function bodyHash(body: string): string {
  const folded = foldText(body).replace(/[\s\p{P}]+$/u, '');
  return createHash('sha256').update(folded).digest('hex');
}
