// One contract every adapter must keep. It takes describe/it so that it runs under mocha in the browser
// and under node:test on the server side alike.
import type {Adapter, NewComment} from '../../src/adapters/adapter.js';
import {AdapterError} from '../../src/adapters/adapter.js';

type Suite = (name: string, fn: () => void) => void;
type Case = (name: string, fn: () => Promise<void>) => void;
type Equal = (actual: unknown, expected: unknown, message?: string) => void;

let counter = 0;
const key = () => `contract-${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2)}`;

/**
 * The adapter as the outbox uses it: a refusal that says when to come back (a `too_fast` 429 with Retry-After, from a
 * server that wants a few seconds between the form and the post) is sent again then, with the same key.
 */
function patient(adapter: Adapter): Adapter {
  return {
    ...adapter,
    async post(comment, options) {
      for (let tries = 1; ; tries++) {
        try {
          return await adapter.post(comment, options);
        } catch (error) {
          const wait = error instanceof AdapterError && error.retryable ? error.retryAfter : undefined;
          if (wait === undefined || wait > 10000 || tries === 3) throw error;
          await new Promise((r) => setTimeout(r, wait));
        }
      }
    },
  };
}

/** Runs the adapter contract. `make` gives a fresh adapter over an empty backend; threads are unique per case. */
export function runAdapterContract(
  name: string,
  makeAdapter: () => Adapter | Promise<Adapter>,
  // What the adapter declares it offers. A case for a capability it lacks is skipped with the reason (both node:test
  // and mocha have it.skip), never passed silently.
  // `closing` makes an adapter over a backend where `thread` takes no new comments, where the harness can close one.
  {describe, it, equal, capabilities = {count: true}, closing}: {describe: Suite; it: Case; equal: Equal; capabilities?: {count: boolean}; closing?: (thread: string) => Adapter | Promise<Adapter>},
) {
  const make = async () => patient(await makeAdapter());
  const thread = () => `/contract/${key()}`;
  // Each text its own: a server may refuse the same text twice from one sender (the reference server's duplicate check).
  const comment = (t: string, extra: Partial<NewComment> = {}): NewComment => ({thread: t, parent: null, author: 'Ada', body: `Hello *world* (${key()})`, ...extra});

  describe(`${name} adapter contract`, () => {
    it('lists an empty thread as an empty last page', async () => {
      const page = await (await make()).list(thread());
      equal(page.comments.length, 0);
      equal(page.next, null);
      equal(page.total, 0);
    });

    it('posts a comment and lists it back in the comment model, without the email', async () => {
      const a = await make();
      const t = thread();
      const sent = comment(t, {email: 'ada@example.com', website: 'https://ada.example'});
      const posted = await a.post(sent, {idempotencyKey: key()});
      equal(typeof posted.id, 'string');
      equal(posted.thread, t);
      equal(posted.parent, null);
      equal(posted.author, 'Ada');
      equal(posted.website, 'https://ada.example');
      equal(posted.body, sent.body);
      equal(posted.status, 'published');
      equal(Number.isNaN(Date.parse(posted.createdAt)), false);
      const page = await a.list(t);
      equal(page.total, 1);
      equal(JSON.stringify(page.comments), JSON.stringify([posted]));
      equal(JSON.stringify(page.comments).includes('ada@example.com'), false);
    });

    it('answers a replayed idempotency key with the same comment and stores it once', async () => {
      const a = await make();
      const t = thread();
      const k = key();
      const once = comment(t);
      const first = await a.post(once, {idempotencyKey: k});
      const again = await a.post({...once}, {idempotencyKey: k});
      equal(again.id, first.id);
      equal((await a.list(t)).total, 1);
    });

    it('attaches replies to their parent and pages by top-level comment', async () => {
      const a = await make();
      const t = thread();
      const roots = [];
      for (let i = 0; i < 3; i++) roots.push(await a.post(comment(t, {body: `root ${i}`}), {idempotencyKey: key()}));
      const reply = await a.post(comment(t, {parent: roots[0].id, body: 'reply'}), {idempotencyKey: key()});
      const deep = await a.post(comment(t, {parent: reply.id, body: 'deeper'}), {idempotencyKey: key()});
      equal(reply.parent, roots[0].id);
      const first = await a.list(t, {limit: 2});
      equal(first.total, 5);
      equal(first.comments.filter((c) => !c.parent).map((c) => c.body).join(), 'root 0,root 1');
      equal(first.comments.some((c) => c.id === deep.id), true, 'a page carries every reply of its top-level comments');
      const second = await a.list(t, {limit: 2, cursor: first.next!});
      equal(second.comments.map((c) => c.body).join(), 'root 2');
      equal(second.next, null);
      const newest = await a.list(t, {limit: 1, order: 'newest'});
      equal(newest.comments[0].body, 'root 2');
    });

    it('refuses a reply to a comment that is not in the thread with a non-retryable AdapterError', async () => {
      const a = await make();
      const other = await a.post(comment(thread()), {idempotencyKey: key()});
      try {
        await a.post(comment(thread(), {parent: other.id}), {idempotencyKey: key()});
        throw new Error('expected a refusal');
      } catch (error) {
        equal(error instanceof AdapterError, true, String(error));
        equal((error as AdapterError).status >= 400 && (error as AdapterError).status < 500, true);
        equal((error as AdapterError).retryable, false);
      }
    });

    it('refuses an empty body', async () => {
      const a = await make();
      try {
        await a.post(comment(thread(), {body: '   '}), {idempotencyKey: key()});
        throw new Error('expected a refusal');
      } catch (error) {
        equal((error as AdapterError).status, 400);
        equal((error as AdapterError).message.length > 0, true);
      }
    });

    const itIfCounting: Case = capabilities.count
      ? it
      : (title, fn) => (it as Case & {skip: Case}).skip(`${title} (skipped: ${name} does not offer count())`, fn);
    itIfCounting('counts several threads in one call', async () => {
      const a = await make();
      // Declared as counting, so a missing count() is a failure, not a pass.
      equal(typeof a.count, 'function', `${name} was declared to offer count()`);
      const [t1, t2] = [thread(), thread()];
      await a.post(comment(t1), {idempotencyKey: key()});
      await a.post(comment(t1), {idempotencyKey: key()});
      const counts = await a.count!([t1, t2]);
      equal(counts[t1], 2);
      equal(counts[t2], 0);
    });

    it('lists an open thread without `closed`', async () => {
      const page = await (await make()).list(thread());
      equal(page.closed ?? false, false);
    });

    it('accepts a comment that asks to be told of replies (notify, with an email), and lists it without the email', async () => {
      const a = await make();
      const t = thread();
      const posted = await a.post(comment(t, {email: 'grace@example.com', notify: true}), {idempotencyKey: key()});
      equal(posted.status, 'published');
      const page = await a.list(t);
      equal(page.total, 1);
      equal(JSON.stringify(page.comments).includes('grace@example.com'), false);
    });

    const itIfClosing: Case = closing ? it : (title, fn) => (it as Case & {skip: Case}).skip(`${title} (skipped: the ${name} harness cannot close a thread)`, fn);
    itIfClosing('lists a closed thread with `closed: true` and refuses a post there with a non-retryable 403 thread_closed', async () => {
      const t = thread();
      const a = patient(await closing!(t));
      equal((await a.list(t)).closed, true);
      try {
        await a.post(comment(t), {idempotencyKey: key()});
        throw new Error('expected a refusal');
      } catch (error) {
        equal(error instanceof AdapterError, true, String(error));
        equal((error as AdapterError).status, 403);
        equal((error as AdapterError).code, 'thread_closed');
        equal((error as AdapterError).retryable, false);
      }
    });

    it('stops listing when the signal is aborted', async () => {
      const a = await make();
      const controller = new AbortController();
      controller.abort();
      let failed = false;
      await a.list(thread(), {signal: controller.signal}).catch(() => (failed = true));
      equal(failed, true);
    });
  });
}
