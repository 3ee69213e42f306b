import type {Comment, NewComment} from '../adapters/adapter.js';

/** `natter-post`: cancelable, before a comment is sent. */
export interface PostEventDetail { comment: NewComment }
/** `natter-posted`: the server acknowledged a comment (its `status` may be `pending`). */
export interface PostedEventDetail { comment: Comment }
/** `natter-load`: a page of comments arrived. */
export interface LoadEventDetail { thread: string; comments: Comment[]; total: number; more: boolean }
/** `natter-error`: loading or posting failed; `error` is usually an AdapterError. */
export interface ErrorEventDetail { error: unknown; action: 'load' | 'post' | 'replies' }

export interface NatterEventMap {
  'natter-post': CustomEvent<PostEventDetail>;
  'natter-posted': CustomEvent<PostedEventDetail>;
  'natter-load': CustomEvent<LoadEventDetail>;
  'natter-error': CustomEvent<ErrorEventDetail>;
}

declare global {
  interface HTMLElementEventMap extends NatterEventMap {}
}

/** Fires a bubbling, composed Natter event; returns false when a listener cancelled it. */
export function fire<K extends keyof NatterEventMap>(target: EventTarget, type: K, detail: NatterEventMap[K]['detail'], cancelable?: boolean): boolean {
  return target.dispatchEvent(new CustomEvent(type, {detail, bubbles: true, composed: true, cancelable}));
}
