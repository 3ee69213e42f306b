/** Inline content. A string is text; a `\n` inside it is a soft line break. */
export type Inline =
  | string
  | {t: 'em' | 'strong'; c: Inline[]}
  | {t: 'code'; c: [string]}
  | {t: 'br'}
  /** `href` is the destination as written (escapes and entities decoded); render checks it with safeUrl. */
  | {t: 'a'; href: string; title?: string; c: Inline[]};

/**
 * Block content (`q` is a blockquote). In a tight list an item holds its paragraphs' inline content
 * in their place. Nodes also keep the parser's bookkeeping fields; only those typed here are meant to be read.
 */
export type Block =
  | {t: 'p'; c: Inline[]}
  /** `c` is the lines, each ending in `\n`; `lang` is the first word of a fence's info string, unchecked. */
  | {t: 'pre'; c: string[]; lang?: string}
  | {t: 'q'; c: Block[]}
  | {t: 'ul' | 'ol'; start: number; c: Item[]};

export type Item = {t: 'li'; c: (Block | Inline)[]};
