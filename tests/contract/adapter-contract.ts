// One contract every adapter must keep. It takes describe/it so that it runs under mocha in the browser
// and under node:test on the server side alike.
import type {Adapter, Comment, LiveEvent, NewComment} from '../../src/adapters/adapter.js';
import {toTree} from '../../src/markdown/tree.js';
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

/** The optional capabilities a harness declares its adapter offers (all, unless it says otherwise). */
export interface Capabilities {
  count: boolean;
  edit: boolean;
  remove: boolean;
  vote: boolean;
  subscribe: boolean;
  branch: boolean;
}

/** Expects `run` to be refused with an AdapterError of this status and code. */
async function refused(equal: Equal, run: () => Promise<unknown>, status: number, code: string) {
  try {
    await run();
  } catch (error) {
    equal(error instanceof AdapterError, true, String(error));
    equal((error as AdapterError).status, status, (error as AdapterError).message);
    equal((error as AdapterError).code, code);
    equal((error as AdapterError).retryable, false);
    equal((error as AdapterError).message.length > 0, true);
    return;
  }
  throw new Error(`expected a ${status} ${code} refusal`);
}

/** Runs the adapter contract. `make` gives a fresh adapter over an empty backend; threads are unique per case. */
// What the widget shows of a comment: its tree, or its source parsed when the adapter gave none (src/elements/comment-view.ts).
const shownTree = (c: Comment) => JSON.stringify(c.tree ?? toTree(c.body ?? ''));
const asShown = ({body: _, tree: __, ...c}: Comment) => ({...c, tree: JSON.parse(shownTree({...c, body: _, tree: __}))});
// The text of a plain body (each paragraph a string in its tree).
const textOf = (c: Comment) => (c.tree ?? toTree(c.body ?? '')).join('\n\n');

export function runAdapterContract(
  name: string,
  makeAdapter: () => Adapter | Promise<Adapter>,
  // What the adapter declares it offers. A case for a capability it lacks is skipped with the reason (both node:test
  // and mocha have it.skip), never passed silently.
  // `closing` makes an adapter over a backend where `thread` takes no new comments, where the harness can close one.
  // `shortWindow` makes an adapter whose edit window is at most one second (to see an edit refused after it).
  {describe, it, equal, capabilities = {}, closing, shortWindow}: {describe: Suite; it: Case; equal: Equal; capabilities?: Partial<Capabilities>; closing?: (thread: string) => Adapter | Promise<Adapter>; shortWindow?: () => Adapter | Promise<Adapter>},
) {
  const offers: Capabilities = {count: true, edit: true, remove: true, vote: true, subscribe: true, branch: true, ...capabilities};
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
      // The owner token comes with the post only, never in a list.
      const {token, ...stored} = posted;
      // A top-level comment in a list also says how many replies its branch has. Its body comes as its source, its tree
      // or both (the REST adapter's list sends only the tree): compared as the tree the widget renders.
      equal(JSON.stringify(page.comments.map(asShown)), JSON.stringify([asShown({...stored, replyCount: 0})]));
      if (offers.edit || offers.remove) equal(typeof token === 'string' && token.length >= 22, true, 'a post answers an owner token');
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
      equal(first.comments.filter((c) => !c.parent).map(textOf).join(), 'root 0,root 1');
      equal(first.comments.some((c) => c.id === deep.id), true, 'a page carries every reply of its top-level comments');
      const second = await a.list(t, {limit: 2, cursor: first.next!});
      equal(second.comments.map(textOf).join(), 'root 2');
      equal(second.next, null);
      const newest = await a.list(t, {limit: 1, order: 'newest'});
      equal(textOf(newest.comments[0]), 'root 2');
    });

    it('lists at most `replies` of each branch, its oldest at any depth, with the branch\'s count', async () => {
      const a = await make();
      const t = thread();
      const root = await a.post(comment(t), {idempotencyKey: key()});
      const lone = await a.post(comment(t), {idempotencyKey: key()});
      // A chain: each reply answers the one before, so the branch's oldest are also its shallowest.
      const branch = [];
      for (let i = 0, parent = root.id; i < 7; i++) {
        const reply = await a.post(comment(t, {parent, body: `reply ${i} (${key()})`}), {idempotencyKey: key()});
        branch.push(reply.id);
        parent = i % 2 ? root.id : reply.id;
      }
      const shown = (page: {comments: {id: string; parent: string | null}[]}) => page.comments.filter((c) => c.parent).map((c) => c.id).join();
      const first = await a.list(t);
      equal(first.total, 9);
      equal(shown(first), branch.join(), 'up to 100 when `replies` is not given: all 7');
      equal(first.comments.find((c) => c.id === root.id)!.replyNext, undefined);
      const five = await a.list(t, {replies: 5});
      equal(shown(five), branch.slice(0, 5).join(), 'five replies asked, the oldest');
      const top = five.comments.find((c) => c.id === root.id)!;
      equal(top.replyCount, 7);
      equal(typeof top.replyNext, 'string', 'a branch with replies left out says where they go on');
      const other = five.comments.find((c) => c.id === lone.id)!;
      equal(other.replyCount, 0);
      equal(other.replyNext, undefined);
      equal(shown(await a.list(t, {replies: 2})), branch.slice(0, 2).join());
      const none = await a.list(t, {replies: 0});
      equal(shown(none), '');
      equal(none.comments.find((c) => c.id === root.id)!.replyCount, 7);
      const all = await a.list(t, {replies: 100});
      equal(shown(all), branch.join());
      equal(all.comments.find((c) => c.id === root.id)!.replyNext, undefined, 'no cursor once every reply is in the page');
      await refused(equal, () => a.list(t, {replies: 101}), 400, 'invalid_replies');
    });

    const itIfBranch: Case = offers.branch ? it : (title, fn) => (it as Case & {skip: Case}).skip(`${title} (skipped: ${name} does not offer branch())`, fn);

    itIfBranch('pages through a branch from where the list stopped, nothing missed or doubled', async () => {
      const a = await make();
      equal(typeof a.branch, 'function', `${name} was declared to offer branch()`);
      const t = thread();
      const root = await a.post(comment(t), {idempotencyKey: key()});
      const later = await a.post(comment(t), {idempotencyKey: key()});
      const branch: string[] = [];
      for (let i = 0; i < 11; i++) {
        const parent = i === 0 ? root.id : branch[Math.floor(i / 2)]!;
        branch.push((await a.post(comment(t, {parent}), {idempotencyKey: key()})).id);
      }
      // Another branch's reply, which no page of this one may carry.
      await a.post(comment(t, {parent: later.id}), {idempotencyKey: key()});
      const page = await a.list(t, {replies: 3});
      const seen = page.comments.filter((c) => c.parent && branch.includes(c.id)).map((c) => c.id);
      let cursor = page.comments.find((c) => c.id === root.id)!.replyNext;
      for (let pages = 0; cursor; pages++) {
        equal(pages < 10, true, 'the branch ends');
        const next = await a.branch!(t, root.id, {cursor, limit: 3});
        equal(next.comments.length <= 3, true);
        seen.push(...next.comments.map((c) => c.id));
        cursor = next.next ?? undefined;
      }
      equal(seen.join(), branch.join());
      // Without a cursor, from the branch's first reply.
      const start = await a.branch!(t, root.id, {limit: 4});
      equal(start.comments.map((c) => c.id).join(), branch.slice(0, 4).join());
      equal(typeof start.next, 'string');
      const reply = branch[0]!;
      await refused(equal, () => a.branch!(t, reply, {}), 404, 'not_found');
    });

    itIfBranch('keeps every list and branch response under 256 KB, with a huge branch of big comments, and loses none', async () => {
      const a = await make();
      const t = thread();
      // 10,000 characters of three UTF-8 bytes each are 30 KB of JSON: nine of them already pass 256 KB.
      const big = (extra: Partial<NewComment> = {}) => comment(t, {author: 'Å'.repeat(100), body: `${key()} ${'€'.repeat(10000)}`.slice(0, 10000), ...extra});
      const roots: string[] = [];
      for (let i = 0; i < 12; i++) roots.push((await a.post(big(), {idempotencyKey: key()})).id);
      // One branch cut short mid-thread, and one under the thread's last top-level comment (no empty page after it).
      const replies: string[] = [];
      for (let i = 0; i < 14; i++) replies.push((await a.post(big({parent: i ? replies[i - 1]! : roots[1]!}), {idempotencyKey: key()})).id);
      for (let i = 0; i < 9; i++) replies.push((await a.post(big({parent: roots[11]!}), {idempotencyKey: key()})).id);
      const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;
      const seen: string[] = [];
      const branches: [string, string][] = [];
      let cursor: string | undefined;
      for (let pages = 0; ; pages++) {
        equal(pages < 20, true, 'the thread ends');
        const page = await a.list(t, {limit: 100, replies: 100, ...(cursor ? {cursor} : {})});
        equal(bytes(page) <= 256 * 1024, true, `a list page of ${bytes(page)} bytes`);
        equal(page.comments.length > 0, true, 'every page moves on');
        for (const c of page.comments) {
          seen.push(c.id);
          if (c.replyNext) branches.push([c.id, c.replyNext]);
        }
        if (!page.next) break;
        cursor = page.next;
      }
      for (const [root, first] of branches) {
        for (let next: string | null = first, pages = 0; next; pages++) {
          equal(pages < 20, true, 'the branch ends');
          const page = await a.branch!(t, root, {cursor: next, limit: 100});
          equal(bytes(page) <= 256 * 1024, true, `a branch page of ${bytes(page)} bytes`);
          equal(page.comments.length > 0, true, 'every branch page moves on');
          seen.push(...page.comments.map((c) => c.id));
          next = page.next;
        }
      }
      equal(branches.length >= 2, true, 'the big branches did not fit in their pages');
      equal([...seen].sort().join(), [...roots, ...replies].sort().join(), 'every comment once');
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

    const itIfCounting: Case = offers.count
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

    const when = (capability: keyof Capabilities): Case => (offers[capability] ? it : (title, fn) => (it as Case & {skip: Case}).skip(`${title} (skipped: ${name} does not offer ${capability}())`, fn));
    const voter = () => `v${key()}`.replace(/[^\w-]/g, '').padEnd(22, 'x').slice(0, 64);

    when('edit')('edits the body of its own comment with the owner token, and lists it with editedAt', async () => {
      const a = await make();
      equal(typeof a.edit, 'function', `${name} was declared to offer edit()`);
      const t = thread();
      const page = await a.list(t);
      equal(typeof page.editWindow, 'number', 'a thread that allows editing says for how long');
      const posted = await a.post(comment(t), {idempotencyKey: key()});
      const body = `Edited (${key()})`;
      const edited = await a.edit!(posted.id, {body}, {token: posted.token!});
      equal(edited.id, posted.id);
      equal(edited.body, body);
      equal(Number.isNaN(Date.parse(edited.editedAt!)), false, 'an edited comment carries editedAt');
      const listed = (await a.list(t)).comments[0];
      equal(shownTree(listed), JSON.stringify(toTree(body)));
      equal(listed.editedAt, edited.editedAt);
      equal(listed.createdAt, posted.createdAt);
    });

    when('edit')('refuses an edit with a wrong or missing token, and one of a comment that has a reply', async () => {
      const a = await make();
      const t = thread();
      const mine = await a.post(comment(t), {idempotencyKey: key()});
      const theirs = await a.post(comment(t), {idempotencyKey: key()});
      await refused(equal, () => a.edit!(mine.id, {body: 'x'}, {token: theirs.token!}), 403, 'token_invalid');
      await refused(equal, () => a.edit!(mine.id, {body: 'x'}, {token: ''}), 401, 'token_missing');
      await a.post(comment(t, {parent: mine.id}), {idempotencyKey: key()});
      await refused(equal, () => a.edit!(mine.id, {body: 'x'}, {token: mine.token!}), 403, 'has_replies');
      equal(shownTree((await a.list(t)).comments.find((c) => c.id === mine.id)!), JSON.stringify(toTree(mine.body!)), 'a refused edit changes nothing');
      await refused(equal, () => a.edit!('no-such-comment', {body: 'x'}, {token: mine.token!}), 404, 'not_found');
    });

    const itIfShortWindow: Case = offers.edit && shortWindow ? it : (title, fn) => (it as Case & {skip: Case}).skip(`${title} (skipped: ${offers.edit ? `the ${name} harness cannot shorten the edit window` : `${name} does not offer edit()`})`, fn);
    itIfShortWindow('refuses an edit after the window with 403 edit_window_closed and a readable message', async () => {
      const a = patient(await shortWindow!());
      const posted = await a.post(comment(thread()), {idempotencyKey: key()});
      await new Promise((r) => setTimeout(r, 1100));
      await refused(equal, () => a.edit!(posted.id, {body: 'late'}, {token: posted.token!}), 403, 'edit_window_closed');
    });

    when('remove')('removes its own comment: gone without replies, a placeholder keeping them with replies', async () => {
      const a = await make();
      equal(typeof a.remove, 'function', `${name} was declared to offer remove()`);
      const t = thread();
      const lone = await a.post(comment(t), {idempotencyKey: key()});
      const parent = await a.post(comment(t), {idempotencyKey: key()});
      const reply = await a.post(comment(t, {parent: parent.id}), {idempotencyKey: key()});
      await refused(equal, () => a.remove!(lone.id, {token: parent.token!}), 403, 'token_invalid');
      equal(await a.remove!(lone.id, {token: lone.token!}), null);
      const placeholder = await a.remove!(parent.id, {token: parent.token!});
      equal(placeholder?.id, parent.id);
      equal(placeholder?.status, 'deleted');
      equal(placeholder?.body, '');
      equal(placeholder?.author, '');
      const page = await a.list(t);
      equal(page.comments.map((c) => `${c.id}:${c.status}`).join(), `${parent.id}:deleted,${reply.id}:published`);
      equal(page.total, 1, 'a placeholder is not counted');
      await refused(equal, () => a.remove!(lone.id, {token: lone.token!}), 404, 'not_found');
    });

    when('vote')('counts one vote per voter, changes and retracts it, and lists the totals', async () => {
      const a = await make();
      equal(typeof a.vote, 'function', `${name} was declared to offer vote()`);
      const t = thread();
      const mode = (await a.list(t)).votes;
      equal(mode === 'up' || mode === 'updown', true, 'a thread with votes on says which');
      const c = await a.post(comment(t), {idempotencyKey: key()});
      const [one, two] = [voter(), voter()];
      equal(JSON.stringify(await a.vote!(c.id, 1, {voter: one})), '{"up":1,"down":0}');
      equal(JSON.stringify(await a.vote!(c.id, 1, {voter: one})), '{"up":1,"down":0}', 'the same voter twice counts once');
      equal(JSON.stringify(await a.vote!(c.id, 1, {voter: two})), '{"up":2,"down":0}');
      equal(JSON.stringify((await a.list(t)).comments[0].votes), '{"up":2,"down":0}');
      equal(JSON.stringify(await a.vote!(c.id, 0, {voter: two})), '{"up":1,"down":0}');
      if (mode === 'up') await refused(equal, () => a.vote!(c.id, -1, {voter: one}), 400, 'invalid_vote');
      else equal(JSON.stringify(await a.vote!(c.id, -1, {voter: one})), '{"up":0,"down":1}');
      await refused(equal, () => a.vote!('no-such-comment', 1, {voter: one}), 404, 'not_found');
    });

    when('vote')('lists by votes with order top, ties oldest first, across pages', async () => {
      const a = await make();
      const t = thread();
      const [first, second, third] = [await a.post(comment(t), {idempotencyKey: key()}), await a.post(comment(t), {idempotencyKey: key()}), await a.post(comment(t), {idempotencyKey: key()})];
      await a.vote!(third.id, 1, {voter: voter()});
      await a.vote!(third.id, 1, {voter: voter()});
      await a.vote!(second.id, 1, {voter: voter()});
      const top = await a.list(t, {order: 'top', limit: 2});
      equal(top.comments.map((c) => c.id).join(), [third.id, second.id].join());
      const rest = await a.list(t, {order: 'top', limit: 2, cursor: top.next!});
      equal(rest.comments.map((c) => c.id).join(), first.id);
      equal(rest.next, null);
    });

    when('subscribe')('delivers created, updated, voted and deleted events in order, resuming after a page\'s `events`', async () => {
      const a = await make();
      equal(typeof a.subscribe, 'function', `${name} was declared to offer subscribe()`);
      const t = thread();
      const page = await a.list(t);
      const seen: [LiveEvent, string][] = [];
      let connected = false;
      const stop = a.subscribe!(t, {after: page.events, onEvent: (e, id) => seen.push([e, id]), onStatus: (on) => (connected = on)});
      try {
        const c = await a.post(comment(t), {idempotencyKey: key()});
        await a.post(comment(thread()), {idempotencyKey: key()}); // another thread: not delivered
        if (offers.vote) await a.vote!(c.id, 1, {voter: voter()});
        if (offers.edit) await a.edit!(c.id, {body: 'changed'}, {token: c.token!});
        if (offers.remove) await a.remove!(c.id, {token: c.token!});
        const expected = ['created', ...(offers.vote ? ['voted'] : []), ...(offers.edit ? ['updated'] : []), ...(offers.remove ? ['deleted'] : [])];
        for (let waited = 0; seen.length < expected.length && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
        equal(connected, true);
        equal(seen.map(([e]) => e.type).join(), expected.join());
        equal(seen[0][0].type === 'created' && seen[0][0].comment.id, c.id);
        // Resuming after the first event replays the rest, and only the rest.
        const again: string[] = [];
        const stop2 = a.subscribe!(t, {after: seen[0][1], onEvent: (e) => again.push(e.type)});
        for (let waited = 0; again.length < expected.length - 1 && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
        stop2();
        equal(again.join(), expected.slice(1).join());
        // A point ahead of anything the backend gave: it can't replay, so it says to list again.
        let reset = false;
        const stop3 = a.subscribe!(t, {after: '999999999', onEvent: () => {}, onReset: () => (reset = true)});
        for (let waited = 0; !reset && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
        stop3();
        equal(reset, true, 'resuming from an unknown point resets');
      } finally {
        stop();
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
