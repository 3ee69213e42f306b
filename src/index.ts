export {ThreadElement} from './elements/thread-element.js';
export {CountElement} from './elements/count-element.js';
export type {NatterEventMap, PostEventDetail, PostedEventDetail, LoadEventDetail, ErrorEventDetail} from './elements/events.js';
export {AdapterError} from './adapters/adapter.js';
export type {Adapter, BranchOptions, BranchPage, Comment, CommentPage, CommentStatus, ListOptions, NewComment, PostOptions, SortOrder} from './adapters/adapter.js';
export {createRestAdapter, type RestAdapterOptions} from './adapters/rest.js';
export {createMemoryAdapter, type MemoryAdapterOptions} from './adapters/memory.js';
export {renderMarkdown} from './markdown/render.js';
export {safeUrl} from './markdown/safe-url.js';
