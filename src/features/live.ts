// Live updates, in the write chunk: started once a list page says where they resume (`events`) and the adapter can
// subscribe. A chunk of their own cost 440 B of gzip more than the same code inside the write chunk (each file is
// compressed alone), which the reader's budget could not spare.
import type {ReactiveController, TemplateResult} from 'lit';
import type {Comment, LiveEvent} from '../adapters/adapter.js';
import type {ShownComment} from '../elements/comment-view.js';
import type {ThreadElement} from '../elements/thread-element.js';


const published = (c?: Comment) => +(c?.status === 'published');

/**
 * Follows the listed thread while the tab is visible, resuming after the last event seen. Edits, deletions and votes
 * apply in place; others' new comments wait behind a "3 new comments" button, so nothing moves under the reader's eyes.
 */
export class LiveController implements ReactiveController {
  // Private names (#), which the minifier shortens: a property name stays whole in every use.
  /** Others' new comments, by id, until the reader asks for them. */
  #fresh = new Map<string, Comment>();
  /** The list's comments this subscription follows: another thread, backend or order makes a new one. */
  #listing?: Map<string, ShownComment>;
  #last?: string;
  #stop?: () => void;
  /** New top-level comments the reader brought in with the button: oldest first, they stay after pages loaded later. */
  #revealed: string[] = [];
  #host: ThreadElement;
  #reveal: typeof import('../write/reveal.js').reveal;
  #render: (n: number, show: () => void) => TemplateResult;
  #sync = () => this.#host.requestUpdate();

  /**
   * `reveal` and `render` (the "3 new comments" button) come from the write chunk: importing its modules here would
   * make it build a namespace object for its own dynamic import (bytes in the thread and write chunks), and with no
   * template here this chunk needs nothing of lit-html, which then stays in the thread chunk rather than in one of its own.
   */
  constructor(host: ThreadElement, reveal: typeof import('../write/reveal.js').reveal, render: (n: number, show: () => void) => TemplateResult) {
    this.#host = host;
    this.#reveal = reveal;
    this.#render = render;
    host.addController(this);
    host.requestUpdate();
  }

  hostConnected() {
    document.addEventListener('visibilitychange', this.#sync);
  }

  hostDisconnected() {
    document.removeEventListener('visibilitychange', this.#sync);
    this.#end();
  }

  hostUpdate() {
    const {list} = this.#host;
    if (list.comments !== this.#listing) {
      this.#end();
      this.#listing = list.comments;
      this.#fresh = new Map();
      this.#last = undefined;
      this.#revealed = [];
    }
    if (this.#host.order === 'oldest') {
      for (const id of this.#revealed) {
        const c = list.comments.get(id);
        if (c) list.comments.delete(id), list.comments.set(id, c);
      }
    }
    // Brought in meanwhile by the outbox's answer or a next page: no longer new.
    for (const id of this.#fresh.keys()) if (list.comments.has(id)) this.#fresh.delete(id);
    // An element out of the page may still update (a timer asks it to): it never follows.
    if (!list.loaded || !list.events || !this.#host.isConnected || document.visibilityState !== 'visible') this.#end();
    else if (!this.#stop) this.#start();
  }

  #start() {
    const host = this.#host;
    let stop: (() => void) | undefined;
    let done = false;
    this.#stop = () => ((done = true), stop?.());
    void host.backend().then((adapter) => {
      if (done || !adapter?.subscribe) return;
      stop = adapter.subscribe(host.threadId, {
        after: this.#last ?? host.list.events,
        onEvent: (event, id) => done || this.#apply(event, id),
        onReset: () => done || this.#relist(),
      });
    });
  }

  #end() {
    this.#stop?.();
    this.#stop = undefined;
  }

  #apply(event: LiveEvent, id: string) {
    const host = this.#host;
    const {list} = host;
    this.#last = id;
    if (event.type === 'created') {
      const c = event.comment;
      if (list.comments.has(c.id)) return;
      // The reader's own: held and now approved (shown by id: it takes that place), or still on its way (the post's
      // answer puts it in the list); neither is new to them.
      const mine = host.write?.shown().find((o) => o.id === c.id || (o.state !== 'held' && o.parent === c.parent && o.author === c.author && o.body === c.body));
      if (!mine) this.#fresh.set(c.id, c);
      else if (mine.id === c.id) list.comments.set(c.id, c), list.total++;
    } else {
      const key = event.type === 'updated' ? event.comment.id : event.id;
      for (const map of [list.comments, this.#fresh]) {
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
  }

  /** The stream can't replay from where this listing stands: list again (the first page), and follow from there. */
  #relist() {
    const {list} = this.#host;
    list.comments = new Map();
    list.loaded = false;
    void list.load();
  }

  /** The "3 new comments" button, while others' new comments wait. */
  button() {
    const n = this.#fresh.size;
    return n ? this.#render(n, () => this.#show()) : undefined;
  }

  /** Puts the waiting comments in the list (newest first when the thread is), then moves focus to the first. */
  async #show() {
    const host = this.#host;
    const {list} = host;
    const waiting = this.#fresh;
    const fresh = [...waiting];
    for (const [id, c] of fresh) {
      list.total += published(c);
      if (!c.parent) this.#revealed.push(id);
    }
    const roots = fresh.filter(([, c]) => !c.parent).reverse();
    this.#listing = list.comments = new Map(host.order === 'newest' ? [...roots, ...list.comments, ...fresh.filter(([, c]) => c.parent)] : [...list.comments, ...fresh]);
    this.#fresh = new Map();
    host.requestUpdate();
    await host.updateComplete;
    const first = [...host.renderRoot.querySelectorAll<HTMLElement>('article[data-id]')].find((a) => waiting.has(a.dataset.id!));
    if (first) await this.#reveal(host, first.dataset.id!);
  }
}
