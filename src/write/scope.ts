import type {ThreadElement} from '../elements/thread-element.js';

/**
 * Where a thread's drafts and outbox are kept: its backend's `id`. The attributes name the shipped adapters' defaults
 * (`endpoint` the REST adapter's, `adapter="memory"` the memory adapter's), so the attribute and the adapter object
 * for one server share drafts. Objects without an `id` share `adapter`.
 * Here, in the write chunk, as only it needs it; the endpoint is normalised as `createRestAdapter` does.
 */
export function scopeOf(host: ThreadElement): string {
  const a = host.adapter;
  const id = a ? a.id : host.getAttribute('adapter') !== 'memory' && host.endpoint ? host.endpoint.replace(/\/+$/, '') : 'memory';
  return id ? `adapter:${id}` : 'adapter';
}
