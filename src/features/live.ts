// Live updates, in the write chunk: started once a list page says where they resume (`events`) and the adapter can
// subscribe. A chunk of their own cost 440 B of gzip more than the same code inside the write chunk (each file is
// compressed alone), which the reader's budget could not spare.
import type {TemplateResult} from 'lit';
import type {Comment, LiveEvent} from '../adapters/adapter.js';
import type {ShownComment} from '../elements/comment-view.js';
import type {ThreadElement} from '../elements/thread-element.js';
import {reveal} from '../write/reveal.js';


const published = (c?: Comment) => +(c?.status === 'published');

/**
 * Follows the listed thread while the tab is visible, resuming after the last event seen. Edits, deletions and votes
 * apply in place; others' new comments wait behind a "3 new comments" button, so nothing moves under the reader's eyes.
 * Returns that button (made by `render`, the write chunk's template, so nothing here needs lit-html), or undefined
 * while no new comment waits. The controller is a plain object over this closure: its state in locals, which the
 * minifier shortens to a letter, measured 133 B gzip less than the class it was (private names and all).
 */
export function followLive(host: ThreadElement, render: (n: number, show: () => void) => TemplateResult): () => TemplateResult | undefined {
  /** Others' new comments, by id, until the reader asks for them. */
  let fresh = new Map<string, Comment>();
  /** The list's comments this subscription follows: another thread, backend or order makes a new one. */
  let listing: Map<string, ShownComment> | undefined;
  let last: string | undefined;
  let stop: (() => void) | undefined;
  /** New top-level comments the reader brought in with the button: oldest first, they stay after pages loaded later. */
  let revealed: string[] = [];
  const sync = () => host.requestUpdate();

  const start = () => {
    let unsubscribe: (() => void) | undefined;
    let done = false;
    stop = () => ((done = true), unsubscribe?.());
    void host.backend().then((adapter) => {
      if (done || !adapter?.subscribe) return;
      unsubscribe = adapter.subscribe(host.threadId, {
        after: last ?? host.list.events,
        onEvent: (event, id) => done || apply(event, id),
        onReset: () => done || relist(),
      });
    });
  };

  const end = () => {
    stop?.();
    stop = undefined;
  };

  const apply = (event: LiveEvent, id: string) => {
    const {list} = host;
    last = id;
    if (event.type === 'created') {
      const c = event.comment;
      if (list.comments.has(c.id)) return;
      // The reader's own: held and now approved (shown by id: it takes that place), or still on its way (the post's
      // answer puts it in the list); neither is new to them.
      const mine = host.write?.shown().find((o) => o.id === c.id || (o.state !== 'held' && o.parent === c.parent && o.author === c.author && o.body === c.body));
      if (!mine) fresh.set(c.id, c);
      else if (mine.id === c.id) list.comments.set(c.id, c), list.total++;
    } else {
      const key = event.type === 'updated' ? event.comment.id : event.id;
      for (const map of [list.comments, fresh]) {
        const old = map.get(key);
        if (!old) continue;
        // A comment with an open reply or edit form stays, as a deleted placeholder holding the form: what the reader
        // is typing must not vanish (posting it then says the comment is gone, and the text stays).
        const now = event.type === 'deleted' ? (host.replying.has(key) || host.replying.has(`edit:${key}`) ? {...old, status: 'deleted' as const, author: '', body: '', website: null} : undefined) : event.type === 'voted' ? {...old, votes: event.votes} : {...event.comment, state: (old as ShownComment).state};
        if (now) map.set(key, now);
        else map.delete(key);
        if (map === list.comments) list.total += published(now) - published(old);
      }
    }
    host.requestUpdate();
  };

  /** The stream can't replay from where this listing stands: list again (the first page), and follow from there. */
  const relist = () => {
    const {list} = host;
    list.comments = new Map();
    list.loaded = false;
    void list.load();
  };

  /** Puts the waiting comments in the list (newest first when the thread is), then moves focus to the first. */
  const show = async () => {
    const {list} = host;
    const waiting = fresh;
    const all = [...waiting];
    for (const [id, c] of all) {
      list.total += published(c);
      if (!c.parent) revealed.push(id);
    }
    const roots = all.filter(([, c]) => !c.parent).reverse();
    listing = list.comments = new Map(host.order === 'newest' ? [...roots, ...list.comments, ...all.filter(([, c]) => c.parent)] : [...list.comments, ...all]);
    fresh = new Map();
    host.requestUpdate();
    await host.updateComplete;
    const first = [...host.renderRoot.querySelectorAll<HTMLElement>('article[data-id]')].find((a) => waiting.has(a.dataset.id!));
    if (first) await reveal(host, first.dataset.id!);
  };

  host.addController({
    hostConnected: () => document.addEventListener('visibilitychange', sync),
    hostDisconnected() {
      document.removeEventListener('visibilitychange', sync);
      end();
    },
    hostUpdate() {
      const {list} = host;
      if (list.comments !== listing) {
        end();
        listing = list.comments;
        fresh = new Map();
        last = undefined;
        revealed = [];
      }
      if (host.order === 'oldest') {
        for (const id of revealed) {
          const c = list.comments.get(id);
          if (c) list.comments.delete(id), list.comments.set(id, c);
        }
      }
      // Brought in meanwhile by the outbox's answer or a next page: no longer new.
      for (const id of fresh.keys()) if (list.comments.has(id)) fresh.delete(id);
      // An element out of the page may still update (a timer asks it to): it never follows.
      if (!list.loaded || !list.events || !host.isConnected || document.visibilityState !== 'visible') end();
      else if (!stop) start();
    },
  });
  host.requestUpdate();
  /** The "3 new comments" button, while others' new comments wait. */
  return () => (fresh.size ? render(fresh.size, show) : undefined);
}
