import type {Comment, NewComment, VoteValue, Votes} from '../adapters/adapter.js';

/** `natter-post`: cancelable, before a comment is sent. */
export interface PostEventDetail { comment: NewComment }
/** `natter-posted`: the server acknowledged a comment (its `status` may be `pending`). */
export interface PostedEventDetail { comment: Comment }
/** `natter-load`: a page of comments arrived. */
export interface LoadEventDetail { thread: string; comments: Comment[]; total: number; more: boolean }
/** `natter-error`: loading, posting, showing more replies, editing, deleting or voting failed; `error` is usually an AdapterError. */
export interface ErrorEventDetail { error: unknown; action: 'load' | 'post' | 'replies' | 'edit' | 'delete' | 'vote' }
/** `natter-edit`: cancelable, before the reader's edit is sent. */
export interface EditEventDetail { id: string; body: string }
/** `natter-edited`: the server accepted an edit. */
export interface EditedEventDetail { comment: Comment }
/** `natter-delete`: cancelable, before the reader's delete is sent. */
export interface DeleteEventDetail { id: string }
/** `natter-deleted`: the server deleted the comment; `comment` is the placeholder kept for its replies, or null. */
export interface DeletedEventDetail { id: string; comment: Comment | null }
/** `natter-vote`: cancelable, before a vote is sent. */
export interface VoteEventDetail { id: string; value: VoteValue }
/** `natter-voted`: the server counted the vote. */
export interface VotedEventDetail { id: string; value: VoteValue; votes: Votes }

export interface NatterEventMap {
  'natter-post': CustomEvent<PostEventDetail>;
  'natter-posted': CustomEvent<PostedEventDetail>;
  'natter-load': CustomEvent<LoadEventDetail>;
  'natter-error': CustomEvent<ErrorEventDetail>;
  'natter-edit': CustomEvent<EditEventDetail>;
  'natter-edited': CustomEvent<EditedEventDetail>;
  'natter-delete': CustomEvent<DeleteEventDetail>;
  'natter-deleted': CustomEvent<DeletedEventDetail>;
  'natter-vote': CustomEvent<VoteEventDetail>;
  'natter-voted': CustomEvent<VotedEventDetail>;
}

declare global {
  interface HTMLElementEventMap extends NatterEventMap {}
}

/** Fires a bubbling, composed Natter event; returns false when a listener cancelled it. */
export function fire<K extends keyof NatterEventMap>(target: EventTarget, type: K, detail: NatterEventMap[K]['detail'], cancelable?: boolean): boolean {
  return target.dispatchEvent(new CustomEvent(type, {detail, bubbles: true, composed: true, cancelable}));
}
