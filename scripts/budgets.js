// The size budgets, in bytes of gzip -9, read by the build (scripts/size.js) and by the bench. Every later feature
// must fit inside them.

/** dist/natter.js, the loader a blog pastes. */
export const LOADER = 1536;
/** dist/natter-count.js, the comment counts a blog's index pages paste (no lit, no chunks). */
export const COUNT = 1024;
/** Each locale's table, dist/locales/TAG.js, which only its readers download (English is in the chunks). */
export const LOCALE = 1024;
/** Everything a reader downloads before the first comment paints: the loader and the thread chunk with its imports. */
export const FIRST_PAINT = 13312;
/** Everything an English reader can use: reading, writing, drafts, the outbox and every later reader feature. */
export const READER = 20480;
/** The admin page's own bundle (dist/admin/, a separate build environment that no reader downloads), all of it. */
export const ADMIN = 30720;

/**
 * Source modules whose chunks no reader of a real blog downloads: the in-page adapter (for previews and demos), and the
 * Markdown parser, which the widget loads only for bodies that come without their tree (the reference server parses
 * every body it sends; an in-page or custom adapter may not).
 */
export const NOT_FOR_READERS = ['src/adapters/memory.ts', 'src/markdown/parse-lazy.ts'];
/** The module the loader imports to show a thread. */
export const THREAD_CHUNK = 'src/define.ts';
