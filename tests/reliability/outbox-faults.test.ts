// Posts N comments through the widget in real Chromium against the real server while a fault-injecting proxy drops
// requests, loses replies after the server committed, answers 500/503 and hangs; the browser also goes offline for a
// while and the page is reloaded with posts still queued. At the end the server must hold exactly those N comments,
// each once, and the page must show each once, also after a reload.
//
// NATTER_FAULT_POSTS (default 40; the full run is 200), NATTER_FAULT_SEED (the fault schedule), NATTER_FAULT_PACE_MS
// (pause between posts, default 150). Needs the built bundle (npm run build) and Debian's chromium.
import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Browser, Page} from 'puppeteer-core';
import {launchBrowser} from '../lib/browsers.js';
import {startTestServer, type TestServer} from '../e2e/server-process.js';
import {startFaultProxy, type FaultProxy} from './lib/fault-proxy.js';
import {WAITING, heading, idbOutboxBodies, instrument, loadAllPages, postViaComposer, queuedCount, shown, telemetry, waitForLoaded, type Shown} from './lib/widget-page.js';

const N = Number(process.env.NATTER_FAULT_POSTS ?? 40);
const SEED = Number(process.env.NATTER_FAULT_SEED ?? 20140309);
const PACE = Number(process.env.NATTER_FAULT_PACE_MS ?? 150);
const THREAD = '/2014/03/networking';
const AUTHORS = ['Ada', 'Grace', 'Edsger', 'Barbara', 'Ken'];
const bodyOf = (i: number) => `fault-test #${i}`;
const expected = Array.from({length: N}, (_, i) => bodyOf(i));

if (!Number.isInteger(N) || N < 20 || N > 2000) throw new Error(`NATTER_FAULT_POSTS must be a whole number from 20 to 2000, got ${process.env.NATTER_FAULT_POSTS}`);

// The plan: an offline stretch, then two reloads, each after a short server outage so that posts are surely queued.
const offlineAt = Math.floor(N * 0.3);
const offlinePosts = Math.max(3, Math.round(N * 0.05));
const burst = 3;
const reloadBursts = [Math.max(Math.floor(N * 0.55), offlineAt + offlinePosts + 1)];
if (Math.floor(N * 0.85) >= reloadBursts[0] + burst && Math.floor(N * 0.85) + burst <= N) reloadBursts.push(Math.floor(N * 0.85));

const dir = mkdtempSync(join(tmpdir(), 'natter-faults-'));
let server: TestServer | undefined;
let proxy: FaultProxy | undefined;
let browser: Browser | undefined;
let page: Page;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(everyMs);
  }
}

interface ApiComment {
  id: string;
  body: string;
  parent: string | null;
}

/** Every comment of the thread, straight from the server (not through the proxy), following the cursor. */
async function apiAll(): Promise<{comments: ApiComment[]; total: number}> {
  const comments: ApiComment[] = [];
  let cursor: string | null = null;
  let total = -1;
  for (let pages = 0; pages < 1000; pages++) {
    const query = new URLSearchParams({thread: THREAD, limit: '100'});
    if (cursor) query.set('cursor', cursor);
    const r = await fetch(`${server!.url}/api/comments?${query}`, {signal: AbortSignal.timeout(10000)});
    assert.equal(r.status, 200);
    const page = (await r.json()) as {comments: ApiComment[]; next: string | null; total: number};
    comments.push(...page.comments);
    total = page.total;
    if (!page.next) return {comments, total};
    cursor = page.next;
  }
  throw new Error('more than 1000 pages of comments');
}

async function apiTotal(): Promise<number> {
  const r = await fetch(`${server!.url}/api/comments?thread=${encodeURIComponent(THREAD)}&limit=1`, {signal: AbortSignal.timeout(10000)});
  return ((await r.json()) as {total: number}).total;
}

function tally(bodies: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const b of bodies) m.set(b, (m.get(b) ?? 0) + 1);
  return m;
}

/** Bodies that are not exactly once in `bodies`, and bodies that aren't expected at all. */
function problems(bodies: string[]) {
  const t = tally(bodies);
  return {
    missing: expected.filter((b) => !t.has(b)),
    duplicated: [...t].filter(([, n]) => n > 1).map(([b, n]) => `${b} ×${n}`),
    unexpected: [...t.keys()].filter((b) => !expected.includes(b)),
  };
}

// What the run saw, for the summary and the later checks.
const net = {online: 0, offline: 0};
const pageErrors: {action: string; status: number; code: string; retryable: boolean}[] = [];
const queuedAtReload: number[] = [];
const transientDuplicates: {at: string; shown: Shown[]}[] = [];
let runMs = 0;

async function collectTelemetry() {
  const t = await telemetry(page);
  net.online += t.net.online;
  net.offline += t.net.offline;
  pageErrors.push(...t.errors);
}

/** Records (doesn't fail on) a body shown more than once mid-run, e.g. a committed comment also still in the outbox. */
async function sampleDuplicates(at: string) {
  const s = await shown(page);
  const t = tally(s.map((c) => c.body));
  const dups = [...t].filter(([, n]) => n > 1).map(([b]) => b);
  if (dups.length) transientDuplicates.push({at, shown: s.filter((c) => dups.includes(c.body))});
}

describe(`the outbox under injected faults (${N} posts, seed ${SEED})`, {timeout: 240000 + N * 3000}, () => {
  before(async () => {
    assert.ok(existsSync(fileURLToPath(new URL('../../dist/natter.js', import.meta.url))), 'dist/natter.js exists (run npm run build)');
    server = await startTestServer({db: join(dir, 'natter.db'), env: {NATTER_RATE_LIMIT: '100000', NATTER_THREAD_RATE_LIMIT: '0', NATTER_GLOBAL_RATE_LIMIT: '0'}});
    proxy = await startFaultProxy({target: server.url, seed: SEED});
    browser = await launchBrowser();
    page = await browser.newPage();
    page.setDefaultTimeout(30000);
    page.on('pageerror', (e) => console.error('page error:', e));
    await instrument(page);
    await page.goto(`${proxy.url}/`);
    await waitForLoaded(page);
    assert.equal(await heading(page), '0 comments');
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await proxy?.close().catch(() => {});
    await server?.stop().catch(() => {});
    rmSync(dir, {recursive: true, force: true});
  });

  it('posts every comment through drops, lost replies, 5xx, hangs, an offline stretch and reloads', async () => {
    const started = Date.now();
    const p = proxy!;
    let offline = false;
    for (let i = 0; i < N; i++) {
      if (i === offlineAt) {
        await page.setOfflineMode(true);
        offline = true;
        await page.waitForFunction(() => document.querySelector('natter-thread')!.hasAttribute('offline'), {timeout: 5000});
      }
      const reloadBurst = reloadBursts.find((r) => r === i);
      if (reloadBurst !== undefined) p.setOutage(true);

      await postViaComposer(page, {body: bodyOf(i), author: AUTHORS[i % AUTHORS.length]});
      await sleep(PACE);

      if (offline && i === offlineAt + offlinePosts - 1) {
        // Everything typed offline waits; then the browser comes back and the `online` event sends it.
        const typed = expected.slice(offlineAt, i + 1);
        await until('posts typed offline to wait', async () => {
          const s = await shown(page);
          return typed.every((b) => s.some((c) => c.body === b && c.note === WAITING));
        }, 10000);
        await page.setOfflineMode(false);
        offline = false;
        await page.waitForFunction(() => !document.querySelector('natter-thread')!.hasAttribute('offline'), {timeout: 5000});
      }

      const lastOfBurst = reloadBursts.find((r) => i === Math.min(N, r + burst) - 1);
      if (lastOfBurst !== undefined) {
        const queued = expected.slice(lastOfBurst, i + 1);
        await until('the outage burst to wait', async () => {
          const s = await shown(page);
          return queued.every((b) => s.some((c) => c.body === b && c.note === WAITING));
        }, 15000);
        // Reload only once the burst is in IndexedDB (a reload between Post and that write would lose the post).
        await until('the burst to be in IndexedDB', async () => {
          const idb = new Set(await idbOutboxBodies(page));
          return queued.every((b) => idb.has(b));
        }, 10000);
        queuedAtReload.push(await queuedCount(page));
        await collectTelemetry();
        // The outage ends as the page reloads, so the new page sends what it finds in the outbox when it opens.
        p.setOutage(false);
        await page.reload();
        await waitForLoaded(page);
        // The queued posts came back from IndexedDB (shown queued or, if already sent, as comments).
        const s = await shown(page);
        for (const b of queued) assert.ok(s.some((c) => c.body === b), `${b} is shown after the reload`);
      }
      await sampleDuplicates(`after post ${i}`);
    }

    // Wait (bounded) until nothing is queued and the server has them all.
    const deadline = Date.now() + 120000 + N * 500;
    let last = {queued: -1, total: -1};
    for (;;) {
      last = {queued: await queuedCount(page), total: await apiTotal()};
      if (last.queued === 0 && last.total === N) break;
      if (Date.now() > deadline) {
        const s = await shown(page);
        throw new Error(`not settled: ${last.queued} still queued, server has ${last.total}/${N}. Queued: ${JSON.stringify(s.filter((c) => c.note).slice(0, 10))}`);
      }
      await sampleDuplicates('while settling');
      await sleep(500);
    }
    runMs = Date.now() - started;
    await collectTelemetry();
    assert.deepEqual(await idbOutboxBodies(page), [], 'the outbox in IndexedDB is empty');
  });

  it('the server holds exactly the N comments, each once', async () => {
    const {comments, total} = await apiAll();
    assert.equal(total, N);
    assert.equal(comments.length, N);
    assert.deepEqual(problems(comments.map((c) => c.body)), {missing: [], duplicated: [], unexpected: []});
    assert.equal(new Set(comments.map((c) => c.id)).size, N);
  });

  it('the page shows each comment once, and again after a reload', async () => {
    for (const when of ['before', 'after'] as const) {
      if (when === 'after') {
        await page.reload();
        await waitForLoaded(page);
      }
      await loadAllPages(page);
      const s = await shown(page);
      assert.deepEqual(problems(s.map((c) => c.body)), {missing: [], duplicated: [], unexpected: []}, `bodies shown ${when} the reload`);
      assert.deepEqual(s.filter((c) => c.note), [], `no notes ${when} the reload`);
      assert.equal(await heading(page), `${N} comments`, `heading ${when} the reload`);
      const formError = await page.evaluate(() => document.querySelector('natter-thread')!.shadowRoot!.querySelector('[part~="composer"] [part~="error"]')?.textContent ?? '');
      assert.equal(formError, '', `no error in the composer ${when} the reload`);
    }
  });

  it('every kind of fault happened, replays reached the server, and nothing was refused', () => {
    const p = proxy!;
    const counts = p.counts();
    const forwarded = p.posts.filter((r) => r.serverStatus !== undefined);
    const byKey = new Map<string, typeof forwarded>();
    for (const r of forwarded) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
    const attemptsByKey = tally(p.posts.map((r) => r.key));
    const reachedHist = tally([...byKey.values()].map((rs) => String(rs.length)));
    const replays = forwarded.filter((r) => r.replayed).length;
    const keysReplayed = [...byKey.values()].filter((rs) => rs.length > 1).length;
    const bodiesByKey = new Map(p.posts.map((r) => [r.key, r.body]));

    console.log(
      `[outbox-faults] N=${N} seed=${SEED} ${(runMs / 1000).toFixed(1)}s | POSTs at proxy=${p.posts.length} ` +
        `(${(['pass', 'drop', 'reply-lost', '500', '503', 'hang', 'outage'] as const).map((f) => `${f}=${counts[f]}`).join(' ')}) | reached server=${forwarded.length}, ` +
        `201=${forwarded.filter((r) => r.serverStatus === 201).length}, replayed 200=${replays}, keys reaching server >1×=${keysReplayed}, ` +
        `per-key reached histogram {${[...reachedHist].sort().map(([k, n]) => `${k}×:${n}`).join(', ')}}, ` +
        `max attempts/key at proxy=${Math.max(...attemptsByKey.values())} | offline events=${net.offline} online events=${net.online} | ` +
        `queued at reloads=[${queuedAtReload.join(',')}] | page natter-error events=${pageErrors.length} | transient duplicate samples=${transientDuplicates.length}`,
    );
    if (transientDuplicates.length) console.log('[outbox-faults] first transient duplicate:', JSON.stringify(transientDuplicates[0]));

    for (const f of ['drop', 'reply-lost', '500', '503', 'hang', 'outage'] as const) assert.ok(counts[f] > 0, `${f} was injected`);
    assert.ok(net.offline >= 1 && net.online >= 1, 'setOfflineMode fired offline and online in the page');
    assert.ok(queuedAtReload.length >= 1 && queuedAtReload.every((n) => n >= burst), 'posts were queued at every reload');
    // The server never refused anything: no 4xx such as 409 idempotency_conflict or 429.
    assert.deepEqual(forwarded.filter((r) => r.serverStatus !== 200 && r.serverStatus !== 201).map((r) => `${r.body}: ${r.serverStatus}`), []);
    assert.deepEqual(pageErrors.filter((e) => e.retryable === false), [], 'no post was refused');
    // Exactly one 201 per key, one key per body, N keys: each comment was created once.
    assert.equal(byKey.size, N);
    for (const [key, rs] of byKey) assert.equal(rs.filter((r) => r.serverStatus === 201).length, 1, `one 201 for ${bodiesByKey.get(key)}`);
    assert.deepEqual(problems([...bodiesByKey.values()]), {missing: [], duplicated: [], unexpected: []});
    // A reply lost after the commit must be followed by a replay that the widget accepted.
    for (const [key, rs] of byKey) {
      const lost = rs.findIndex((r) => r.fault === 'reply-lost');
      if (lost >= 0) assert.ok(rs.slice(lost + 1).some((r) => r.fault === 'pass' && r.serverStatus === 200 && r.replayed), `a replay answered ${bodiesByKey.get(key)}`);
    }
    assert.ok(replays >= 1, 'replays reached the server');
  });
});
