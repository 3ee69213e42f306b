import type {Comment} from '../../../adapters/adapter.js';
import type {CommentState} from '../comment-store.js';

/** The columns a public comment is made of. */
export const commentColumns = ['id', 'thread', 'parent', 'author', 'website', 'body', 'created_at', 'status', 'owner', 'edited_at', 'votes_up', 'votes_down'] as const;

/** A row with at least those columns, as either engine returns it (ids are numbers in SQLite, strings from pg). */
export interface CommentRow {
  id: number | string;
  thread: string;
  parent: number | string | null;
  author: string;
  website: string | null;
  body: string;
  created_at: string;
  status: CommentState;
  owner: number | string;
  edited_at: string | null;
  votes_up: number | string;
  votes_down: number | string;
}

/** A stored row as a reader gets it. Spam is never handed to a reader; to its author it looks held, like any comment awaiting a moderator. */
export function toComment(row: CommentRow): Comment {
  return {
    id: String(row.id),
    thread: row.thread,
    parent: row.parent === null ? null : String(row.parent),
    author: row.author,
    website: row.website,
    body: row.body,
    createdAt: row.created_at,
    status: row.status === 'spam' ? 'pending' : row.status,
    ...(Number(row.owner) === 1 ? {owner: true as const} : {}),
    // A deleted placeholder keeps its place and nothing else: no edit time, no votes.
    ...(row.edited_at && row.status !== 'deleted' ? {editedAt: row.edited_at} : {}),
    ...(row.status !== 'deleted' && (Number(row.votes_up) || Number(row.votes_down)) ? {votes: {up: Number(row.votes_up), down: Number(row.votes_down)}} : {}),
  };
}
