// Property-based storms against what readers do after posting: edit, delete and vote. A model of every comment
// (its owner token, age, replies, votes) says what each request must get; any 2xx the model refuses is a bypass.
// Guessed, altered and swapped tokens (comment A's on B), expired windows, replays of posts and votes, keys rotated
// to stuff votes. NATTER_FUZZ_RUNS sets the cases per engine (default 1,000; the full run is 10,000).
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {after, before, describe, it} from 'node:test';
import fc from 'fast-check';
import type {Comment, Votes} from '../../src/adapters/adapter.js';
import {loadConfig} from '../../src/server/config.js';
import {engines} from '../lib/databases.js';
import {loopbackPeer, makeServer, makeTempDir} from '../server/setup.js';
import type {TestServer} from '../server/setup.js';

const runs = Number(process.env.NATTER_FUZZ_RUNS ?? 1000);
// One seed, printed with the result, so a run is repeatable and its coverage (the test after the storm) the same each
// time; NATTER_FUZZ_SEED tries another storm.
const seed = Number(process.env.NATTER_FUZZ_SEED ?? 20261202);
const temp = makeTempDir();
after(() => temp.remove());

const windowMs = 15 * 60_000;
const threads = Array.from({length: 12}, (_, i) => `/fuzz/${i}`);

// ---- The model -------------------------------------------------------------------------------------------------

interface Vote {
  value: 1 | -1;
  /** The address it was first cast from, as the server groups them (IPv6 by /64). */
  network: string;
}

interface Modelled {
  id: string;
  thread: string;
  parent: string | null;
  token: string;
  key: string;
  /** The post's JSON, to replay it byte for byte. */
  posted: string;
  createdMs: number;
  body: string;
  edited: boolean;
  state: 'published' | 'deleted' | 'gone';
  children: Set<string>;
  votes: Map<string, Vote>;
}

const ips = ['203.0.113.1', '203.0.113.2', '198.51.100.9', '2001:db8:aa:bb::1', '2001:db8:aa:bb::2', '2001:db8:aa:bb:ffff::3', '2001:db8:cc::1'];
const network = (ip: string) => (ip.includes(':') ? ip.split(':').slice(0, 4).join(':') : ip);
const fixedVoters = Array.from({length: 8}, (_, i) => `fixed-voter-key-${String(i).padStart(8, '0')}`);
const base64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function totals(c: Modelled): Votes {
  let up = 0;
  let down = 0;
  for (const v of c.votes.values()) v.value === 1 ? up++ : down++;
  return {up, down};
}

/** One server and everything the model knows of it. */
class World {
  comments: Modelled[] = [];
  byId = new Map<string, Modelled>();
  nowMs = Date.parse('2026-01-01T00:00:00.000Z');
  rotated = 0;
  posts = 0;
  /** Requests the model refused that the server allowed anyway. */
  bypasses: string[] = [];
  tally = new Map<string, number>();
  constructor(readonly server: TestServer) {}

  count(what: string) {
    this.tally.set(what, (this.tally.get(what) ?? 0) + 1);
  }

  pick(n: number, filter: (c: Modelled) => boolean = () => true): Modelled | undefined {
    const pool = this.comments.filter(filter);
    return pool.length === 0 ? undefined : pool[n % pool.length];
  }

  /** Mirrors the store's delete: a placeholder when it has replies, else it goes, with placeholders left empty above it. */
  remove(target: Modelled): 'placeholder' | 'removed' {
    let current: Modelled | undefined = target;
    while (current) {
      if (current.children.size > 0) {
        if (current === target) {
          current.state = 'deleted';
          current.body = '';
          // Its votes go with its text: order=top sorts a placeholder as 0.
          current.votes.clear();
          return 'placeholder';
        }
        break;
      }
      if (current !== target && current.state !== 'deleted') break;
      current.state = 'gone';
      current.votes.clear();
      const parent: Modelled | undefined = current.parent === null ? undefined : this.byId.get(current.parent);
      parent?.children.delete(current.id);
      current = parent;
    }
    return 'removed';
  }
}

// ---- Requests --------------------------------------------------------------------------------------------------

interface Answer {
  status: number;
  body: Record<string, unknown> & {error?: {code: string; message: string}};
}

async function request(world: World, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const res = await world.server.app.request(path, {method, headers, ...(body === undefined ? {} : {body})}, loopbackPeer);
  const text = await res.text();
  assert.ok(res.status < 500, `${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  const parsed = JSON.parse(text) as Answer['body'];
  if (res.status >= 400) {
    assert.ok(typeof parsed.error?.code === 'string' && parsed.error.code !== '' && typeof parsed.error.message === 'string' && parsed.error.message !== '', `${method} ${path} ${res.status}: ${text.slice(0, 200)}`);
  }
  world.count(`${method} ${path.replace(/\/\d+/, '/:id').replace(/\?.*/, '')} ${res.status}${parsed.error ? ` ${parsed.error.code}` : ''}`);
  return {status: res.status, body: parsed};
}

/** Asserts the answer, and records a bypass when the model refused what the server allowed. */
function expect(world: World, what: string, answer: Answer, expected: number | readonly number[]) {
  const allowed = Array.isArray(expected) ? expected : [expected];
  if (answer.status < 300 && allowed.every((s) => s >= 300)) world.bypasses.push(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
  assert.ok(allowed.includes(answer.status), `${what}: expected ${allowed.join(' or ')}, got ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
}

// ---- Operations ------------------------------------------------------------------------------------------------

const plainShape = /^[A-Za-z][A-Za-z .,!?'-]{0,60}$/;
const plainText = fc.stringMatching(plainShape);
const badBody = fc.constantFrom<unknown>('', '   ', '\u200B', 'x'.repeat(10_001), 'a\u0000b', '\uD800', 5, null, ['x'], {text: 'x'});

/** Which token a request carries. */
const tokenChoice = fc.constantFrom('own', 'own', 'own', 'own-lowercase', 'swapped', 'swapped', 'altered', 'altered', 'guess', 'missing', 'empty', 'basic', 'garbage');
type TokenChoice = typeof tokenChoice extends fc.Arbitrary<infer T> ? T : never;

/** The target: a modelled comment (any, or one of the last few, still in their edit window), or an id that isn't one. */
const target = fc.oneof(
  {weight: 6, arbitrary: fc.nat()},
  {weight: 6, arbitrary: fc.nat({max: 5}).map((back) => ({back}))},
  {weight: 1, arbitrary: fc.constantFrom('999999999', '0', 'abc', '-1', '1e3', '00001', '9'.repeat(16), '1%20', '%2e%2e')},
);

const operation = fc.oneof(
  {weight: 4, arbitrary: fc.record({kind: fc.constant('post' as const), thread: fc.nat({max: threads.length - 1}), reply: fc.option(fc.oneof(fc.nat(), fc.nat({max: 3}).map((back) => ({back}))), {nil: null}), body: plainText})},
  {weight: 1, arbitrary: fc.record({kind: fc.constant('replay' as const), pick: fc.oneof(fc.nat(), fc.nat({max: 5}).map((back) => ({back})))})},
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const), target, token: tokenChoice, other: fc.nat(), at: fc.nat(), guess: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      garbage: fc.string({unit: fc.integer({min: 0x20, max: 0x7e}).map((n) => String.fromCharCode(n)), maxLength: 60}),
      body: fc.oneof({weight: 5, arbitrary: plainText as fc.Arbitrary<unknown>}, {weight: 1, arbitrary: badBody}),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const), target, token: tokenChoice, other: fc.nat(), at: fc.nat(), guess: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      garbage: fc.string({unit: fc.integer({min: 0x20, max: 0x7e}).map((n) => String.fromCharCode(n)), maxLength: 60}),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('vote' as const), target,
      value: fc.constantFrom<unknown>(1, 1, 1, -1, -1, 0, 0, 2, '1', null, 1.5),
      // A voter kept by one browser, a key rotated for every vote (a script stuffing), or no valid key at all.
      voter: fc.oneof({weight: 6, arbitrary: fc.nat({max: fixedVoters.length - 1})}, {weight: 3, arbitrary: fc.constant('rotate' as const)}, {weight: 1, arbitrary: fc.constantFrom<unknown>('short', 'x'.repeat(65), 'has spaces in it, twenty-two+', 7, null)}),
      ip: fc.nat({max: ips.length - 1}),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('tick' as const),
      ms: fc.oneof({weight: 4, arbitrary: fc.integer({min: 0, max: 60_000})}, {weight: 1, arbitrary: fc.constantFrom(windowMs - 1, windowMs, windowMs + 1)}, {weight: 1, arbitrary: fc.integer({min: 0, max: 2 * windowMs})}),
    }),
  },
  {weight: 1, arbitrary: fc.record({kind: fc.constant('list' as const), thread: fc.nat({max: threads.length - 1})})},
  // A script rotating voter keys from one network to stuff a comment's score.
  {weight: 1, arbitrary: fc.record({kind: fc.constant('stuff' as const), target, ip: fc.nat({max: ips.length - 1}), count: fc.integer({min: 2, max: 6})})},
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

/** The Authorization header a token choice makes for `c`, and whether it is the owner's token. */
function authorization(world: World, c: Modelled | undefined, op: {token: TokenChoice; other: number; at: number; guess: string; garbage: string}): {header?: string; owner: boolean; sent: boolean} {
  const own = c?.token ?? op.guess;
  switch (op.token) {
    case 'own':
      return {header: `Bearer ${own}`, owner: c !== undefined, sent: true};
    case 'own-lowercase':
      return {header: `bearer ${own}`, owner: c !== undefined, sent: true};
    case 'swapped': {
      const other = world.pick(op.other, (o) => o !== c && o.token !== c?.token);
      return {header: `Bearer ${other?.token ?? op.guess}`, owner: false, sent: true};
    }
    case 'altered': {
      const i = op.at % own.length;
      const swap = base64url[(base64url.indexOf(own[i]!) + 1 + (op.at % 63)) % 64]!;
      return {header: `Bearer ${own.slice(0, i)}${swap}${own.slice(i + 1)}`, owner: false, sent: true};
    }
    case 'guess':
      return {header: `Bearer ${op.guess}`, owner: false, sent: true};
    case 'missing':
      return {owner: false, sent: false};
    case 'empty':
      return {header: 'Bearer ', owner: false, sent: false};
    case 'basic':
      return {header: `Basic ${Buffer.from(`x:${own}`).toString('base64')}`, owner: false, sent: false};
    case 'garbage':
      // Whatever a client writes: possibly a well-formed but wrong token, never the right one.
      return {header: op.garbage, owner: false, sent: /^Bearer +\S+$/i.test(op.garbage.trim())};
  }
}

/** The comment a target names (if any) and the id the request goes to. */
function aim(world: World, target: number | {back: number} | string): {c: Modelled | undefined; id: string} {
  if (typeof target === 'string') return {c: undefined, id: target};
  const c = typeof target === 'number' ? world.pick(target) : world.comments[world.comments.length - 1 - target.back];
  return {c, id: c?.id ?? '999999998'};
}

async function run(world: World, op: Operation): Promise<void> {
  const {server} = world;
  switch (op.kind) {
    case 'tick': {
      server.tick(op.ms);
      world.nowMs += op.ms;
      return;
    }
    case 'post': {
      const aimed = op.reply === null ? undefined : aim(world, op.reply).c;
      const parent = aimed?.state === 'gone' ? undefined : aimed;
      const thread = parent?.thread ?? threads[op.thread]!;
      const key = `fuzz-reader-${world.posts++}`;
      const posted = JSON.stringify({thread, author: 'Fuzz', body: op.body, ...(parent ? {parent: parent.id} : {})});
      const answer = await request(world, 'POST', '/api/comments', {'Content-Type': 'application/json', 'Idempotency-Key': key}, posted);
      if (parent && parent.state !== 'published') {
        expect(world, 'a reply to a placeholder', answer, 400);
        return;
      }
      expect(world, 'a post', answer, 201);
      const comment = answer.body.comment as Comment;
      const token = answer.body.token as string;
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.ok(world.comments.every((c) => c.token !== token), 'two posts answered the same token');
      const c: Modelled = {
        id: comment.id, thread, parent: parent?.id ?? null, token, key, posted, createdMs: Date.parse(comment.createdAt), body: op.body,
        edited: false, state: 'published', children: new Set(), votes: new Map(),
      };
      assert.equal(c.createdMs, world.nowMs);
      parent?.children.add(c.id);
      world.comments.push(c);
      world.byId.set(c.id, c);
      return;
    }
    case 'replay': {
      const {c} = aim(world, op.pick);
      if (!c) return;
      const answer = await request(world, 'POST', '/api/comments', {'Content-Type': 'application/json', 'Idempotency-Key': c.key}, c.posted);
      if (c.state === 'gone') {
        expect(world, 'a resend of a deleted post', answer, 410);
        return;
      }
      expect(world, 'a replayed post', answer, 200);
      assert.equal(answer.body.token, c.token, 'a replay answered another token');
      assert.equal((answer.body.comment as Comment).body, c.body);
      return;
    }
    case 'edit': {
      const {c, id} = aim(world, op.target);
      const auth = authorization(world, c, op);
      const headers: Record<string, string> = {'Content-Type': 'application/json', ...(auth.header === undefined ? {} : {Authorization: auth.header})};
      const answer = await request(world, 'PATCH', `/api/comments/${id}`, headers, JSON.stringify({body: op.body}));
      const what = `edit of ${id} with ${op.token} token (${c?.state ?? 'no such comment'})`;
      if (!/^[1-9]\d{0,14}$/.test(id)) return expect(world, what, answer, 404);
      if (!auth.sent) return expect(world, what, answer, 401);
      if (!c || c.state === 'gone') return expect(world, what, answer, 404);
      if (!auth.owner) return expect(world, what, answer, 403);
      if (c.state === 'deleted') return expect(world, what, answer, 404);
      if (world.nowMs - c.createdMs >= windowMs) {
        expect(world, what, answer, 403);
        return assert.equal(answer.body.error!.code, 'edit_window_closed');
      }
      if (c.children.size > 0) {
        expect(world, what, answer, 403);
        return assert.equal(answer.body.error!.code, 'has_replies');
      }
      if (typeof op.body !== 'string' || !plainShape.test(op.body)) return expect(world, what, answer, 400);
      expect(world, what, answer, 200);
      const edited = answer.body.comment as Comment;
      assert.equal(edited.body, op.body);
      assert.equal(edited.editedAt, new Date(world.nowMs).toISOString());
      c.body = op.body;
      c.edited = true;
      return;
    }
    case 'delete': {
      const {c, id} = aim(world, op.target);
      const auth = authorization(world, c, op);
      const answer = await request(world, 'DELETE', `/api/comments/${id}`, auth.header === undefined ? {} : {Authorization: auth.header});
      const what = `delete of ${id} with ${op.token} token (${c?.state ?? 'no such comment'})`;
      if (!/^[1-9]\d{0,14}$/.test(id)) return expect(world, what, answer, 404);
      if (!auth.sent) return expect(world, what, answer, 401);
      if (!c || c.state === 'gone') return expect(world, what, answer, 404);
      if (!auth.owner) return expect(world, what, answer, 403);
      expect(world, what, answer, 200);
      const outcome = world.remove(c);
      if (outcome === 'placeholder') assert.equal((answer.body.comment as Comment).status, 'deleted');
      else assert.equal(answer.body.comment, null);
      return;
    }
    case 'vote': {
      const {c, id} = aim(world, op.target);
      const voter = op.voter === 'rotate' ? `rotated-voter-key-${String(world.rotated++).padStart(8, '0')}` : typeof op.voter === 'number' ? fixedVoters[op.voter]! : op.voter;
      const ip = ips[op.ip]!;
      const answer = await request(world, 'POST', `/api/comments/${id}/vote`, {'Content-Type': 'application/json', 'X-Forwarded-For': ip}, JSON.stringify({value: op.value, voter}));
      const what = `vote ${JSON.stringify(op.value)} on ${id} by ${String(voter).slice(0, 30)} from ${ip} (${c?.state ?? 'no such comment'})`;
      if (!/^[1-9]\d{0,14}$/.test(id)) return expect(world, what, answer, 404);
      if (op.value !== 1 && op.value !== -1 && op.value !== 0) return expect(world, what, answer, 400);
      if (typeof voter !== 'string' || !/^[A-Za-z0-9_-]{22,64}$/.test(voter)) return expect(world, what, answer, 400);
      if (c?.state !== 'published') return expect(world, what, answer, 404);
      const before = c.votes.get(voter);
      if (op.value === 0) c.votes.delete(voter);
      else if (before) before.value = op.value;
      else {
        const from = [...c.votes.values()].filter((v) => v.network === network(ip)).length;
        if (from >= 3) {
          expect(world, what, answer, 403);
          return assert.equal(answer.body.error!.code, 'vote_limit');
        }
        c.votes.set(voter, {value: op.value, network: network(ip)});
      }
      expect(world, what, answer, 200);
      assert.deepEqual(answer.body.votes, totals(c), what);
      return;
    }
    case 'stuff': {
      for (let i = 0; i < op.count; i++) await run(world, {kind: 'vote', target: op.target, value: 1, voter: 'rotate', ip: op.ip});
      return;
    }
    case 'list': {
      const thread = threads[op.thread]!;
      const answer = await request(world, 'GET', `/api/comments?thread=${encodeURIComponent(thread)}&order=top&limit=100`, {});
      expect(world, 'a list', answer, 200);
      // What a reader sees right after the writes above: the page cache must have dropped what they changed.
      for (const shown of answer.body.comments as Comment[]) {
        const c = world.byId.get(shown.id);
        assert.ok(c && c.state !== 'gone', `listed ${shown.id}, which the model has as ${c?.state ?? 'unknown'}`);
        assert.equal(shown.status, c.state);
        assert.equal(shown.body, c.body);
        const votes = totals(c);
        assert.deepEqual(shown.votes, votes.up || votes.down ? votes : undefined, `votes of ${c.id}`);
        // A placeholder keeps its edited_at row but shows no edit time of the comment it replaced.
        assert.equal(shown.editedAt !== undefined, c.edited && c.state !== 'deleted');
      }
      return;
    }
  }
}

// ---- The database ----------------------------------------------------------------------------------------------

/** Every way the stored rows differ from the model, read over a separate connection. */
async function differences(world: World): Promise<string[]> {
  const {database} = world.server;
  const problems: string[] = [];
  const rows = await database.query<{id: number; body: string; status: string; token_hash: string | null; votes_up: number; votes_down: number; edited_at: string | null}>(
    'SELECT id, body, status, token_hash, votes_up, votes_down, edited_at FROM comments',
  );
  const votes = await database.query<{comment_id: number; voter: string; ip_hash: string; value: number}>('SELECT comment_id, voter, ip_hash, value FROM votes');
  const stored = new Map(rows.map((r) => [String(r.id), r]));
  for (const c of world.comments) {
    const row = stored.get(c.id);
    stored.delete(c.id);
    const bad = (rule: string) => problems.push(`comment ${c.id}: ${rule}`);
    if (c.state === 'gone') {
      if (row) bad('was deleted by its author but is still stored');
      continue;
    }
    if (!row) {
      bad('is missing');
      continue;
    }
    if (row.status !== c.state) bad(`status ${row.status}, expected ${c.state}`);
    if (row.body !== c.body) bad('body differs from the last accepted edit');
    if ((row.edited_at !== null) !== c.edited) bad('edited_at is wrong');
    if (row.token_hash !== createHash('sha256').update(c.token).digest('hex')) bad('token_hash is not the SHA-256 of the token its post answered');
    const mine = votes.filter((v) => String(v.comment_id) === c.id);
    const expected = totals(c);
    if (Number(row.votes_up) !== expected.up || Number(row.votes_down) !== expected.down) bad(`totals ${row.votes_up}/${row.votes_down}, expected ${expected.up}/${expected.down}`);
    if (mine.filter((v) => v.value === 1).length !== expected.up || mine.filter((v) => v.value === -1).length !== expected.down) bad('votes rows do not add up to the totals');
    const perNetwork = new Map<string, number>();
    for (const v of mine) perNetwork.set(v.ip_hash, (perNetwork.get(v.ip_hash) ?? 0) + 1);
    if ([...perNetwork.values()].some((n) => n > 3)) bad('more than 3 voters from one network');
  }
  for (const id of stored.keys()) problems.push(`comment ${id} is stored but was never acknowledged`);
  if (votes.some((v) => !world.byId.has(String(v.comment_id)) || world.byId.get(String(v.comment_id))!.state === 'gone')) problems.push('votes of a deleted comment are still stored');
  return problems;
}

// ---- The storms ------------------------------------------------------------------------------------------------

for (const engine of engines) {
  describe(`readers' edits, deletes and votes under a storm of forged requests [${engine}]`, () => {
    let world: World;

    before(async () => {
      const readers = {...loadConfig([], {}).readers, votes: 'updown' as const, editWindowMs: windowMs};
      world = new World(await makeServer(temp.dir, {rateLimit: 0, trustProxy: {hops: 1}, readers}, engine));
    });

    it(`answers ${runs} cases as the model says: no token but the owner's passes, never a 5xx`, async (t) => {
      const started = performance.now();
      let cases = 0;
      await fc.assert(
        fc.asyncProperty(operation, async (op) => {
          cases++;
          await run(world, op);
        }),
        {numRuns: runs, endOnFailure: true, seed},
      );
      const seconds = (performance.now() - started) / 1000;
      t.diagnostic(`seed ${seed}: ${cases} cases in ${seconds.toFixed(1)} s; ${world.comments.length} comments posted, ${world.bypasses.length} bypasses`);
      t.diagnostic(`answers: ${[...world.tally].sort().map(([k, n]) => `${k}: ${n}`).join(', ')}`);
      assert.equal(cases, runs);
      assert.deepEqual(world.bypasses, []);
    });

    it('reached every refusal and every success the storm is meant to try', () => {
      const seen = [...world.tally.keys()].join('\n');
      const wanted = [
        'PATCH /api/comments/:id 200', 'PATCH /api/comments/:id 401 token_missing', 'PATCH /api/comments/:id 403 token_invalid',
        'PATCH /api/comments/:id 403 edit_window_closed', 'PATCH /api/comments/:id 403 has_replies', 'PATCH /api/comments/:id 400 invalid_body',
        'DELETE /api/comments/:id 200', 'DELETE /api/comments/:id 403 token_invalid', 'DELETE /api/comments/:id 404 not_found',
        'POST /api/comments/:id/vote 200', 'POST /api/comments/:id/vote 403 vote_limit', 'POST /api/comments/:id/vote 404 not_found',
        'POST /api/comments 410 comment_removed', 'POST /api/comments 200',
      ];
      // A short run (a few dozen cases) can't reach all of them.
      if (runs < 500) return;
      for (const answer of wanted) assert.ok(seen.includes(answer), `never answered "${answer}"`);
    });

    it('stored exactly what the model holds: bodies, placeholders, token hashes, vote rows and totals', async () => {
      assert.deepEqual((await differences(world)).slice(0, 20), []);
    });
  });
}
