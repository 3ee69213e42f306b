import type {CommentState} from '../store/comment-store.js';

// What every format's reader hands the importer: threads and comments as the file has them, not yet checked.

/** How a body is written in the file. */
export type RawBody = {html: string} | {wordpress: string} | {markdown: string};

/** A thread as the file describes it; comments name it by `ref`. */
export interface RawThread {
  ref: string;
  /** The page's URL (or path); the thread id is made from it through the remap rules. */
  url: string | null;
  title: string | null;
  closed: boolean;
  deleted: boolean;
  /** A Natter export's thread: its exact id and creation time, kept as they are. */
  natter?: {id: string; createdAt: string};
}

/** A comment as the file has it. */
export interface RawComment {
  /** Its source id, e.g. `disqus:1234`: unique within the format, stored so a re-run adds nothing. */
  key: string;
  parentKey: string | null;
  threadRef: string;
  author: string | null;
  email: string | null;
  website: string | null;
  body: RawBody;
  date: string | number | null;
  status: CommentState;
  /** How messages name it, e.g. `post 1234 (line 80)`. */
  label: string;
  /** Author names with HTML character references (WordPress stores them escaped). */
  authorEntities?: boolean;
  /** Why it can't be read at all (a malformed element in lenient mode, an unknown status). */
  broken?: string;
  /** A Natter export's comment: kept id, source, edit time and owner flag. */
  natter?: {id: string; source: string | null; editedAt: string | null; owner: boolean};
}

export type RawEvent = {kind: 'thread'; thread: RawThread} | {kind: 'comment'; comment: RawComment};

/** What a reader is given: the file, the lenient switch. */
export interface ReadOptions {
  lenient: boolean;
}

/** A file that can't be read as the format (bad JSON, a wrong version): the message says where. */
export class FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormatError';
  }
}
