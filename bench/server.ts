// The server bench: cached page reads at 10 and 50 connections, each beside a bare node:http floor that sends the
// very responses Natter sent (same headers, same compressed bytes), in the same run; and posts.
// Run alone with `node --import tsx bench/server.ts [--quick]`.
import {writeFileSync} from 'node:fs';
import {loadavg} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {brotliDecompressSync, gunzipSync} from 'node:zlib';
import {failures, getRaw, median, mergeRuns, round, runCannon} from './lib/cannon.js';
import type {CannonRequest, LoadFigures, RawResponse} from './lib/cannon.js';
import type {RecordedResponse} from './lib/floor-server.js';
import {copyToPostgres} from './lib/postgres-copy.js';
import {startFloor, startNatter} from './lib/processes.js';
import type {ServedProcess} from './lib/processes.js';
import {makeBenchDir} from './lib/temp-db.js';
import {seedDatabase} from './seed.js';

/** The goals: reads at ≥ 70% of the floor's rate at each connection count, with p99 ≤ 2× the floor's p99. */
export const serverGoals = {minFloorRatio: 0.7, maxP99OverFloor: 2};

const connectionCounts = [10, 50] as const;
const postConnections = 10;
/** What Chromium sends. */
const acceptEncoding = 'gzip, deflate, br, zstd';
// node:http adds these itself, on the floor just as on Natter.
const addedByNode = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

interface ReadRun {
  connections: number;
  server: LoadFigures;
  floor: LoadFigures;
  ratio: number;
  p99OverFloor: number;
  met: {ratio: boolean; p99: boolean};
}

interface StoreReads {
  store: string;
  /** Why the store was not measured, when it was not. */
  skipped?: string;
  pages?: {count: number; encoding: string; jsonBytes: number; bodyBytes: number; headerBytes: number; wireBytes: number};
  runs?: ReadRun[];
}

/** A store the bench can start Natter on. */
interface StoreUnderTest {
  name: string;
  start?: () => Promise<ServedProcess>;
  skipped?: string;
}

/** Seeds a database, starts the real server and the floor as child processes, and loads both. */
export async function benchServer({quick}: {quick: boolean}): Promise<{markdown: string; json: unknown}> {
  const size = quick ? {comments: 10_000, threads: 100} : {comments: 100_000, threads: 1_000};
  // Natter and the floor take turns, several rounds each, so drift in the machine's other load hits both alike.
  const rounds = quick ? 3 : 5;
  const duration = quick ? 2 : 4;
  const warmup = quick ? 1 : 2;
  const load = loadavg().map((n) => round(n, 2));
  const temp = makeBenchDir();
  try {
    const seeded = await seedDatabase(temp.db, size);
    // Rotate over up to 200 threads; every seeded thread has more than 50 top-level comments.
    const threads = seeded.threads.slice(0, 200);
    // The same comments, ids included, in a temporary Postgres (Debian's server, as the tests start it).
    const postgres = await copyToPostgres(temp.db);
    const stores: StoreUnderTest[] = [
      {name: 'SQLite', start: () => startNatter(temp.db)},
      postgres
        ? {name: 'Postgres', start: () => startNatter(temp.db, {NATTER_DATABASE_URL: postgres.url})}
        : {name: 'Postgres', skipped: 'not run: Postgres is not installed (apt-get install postgresql)'},
    ];
    const reads: StoreReads[] = [];
    let post: LoadFigures | undefined;
    try {
      for (const store of stores) {
        if (!store.start) {
          reads.push({store: store.name, skipped: store.skipped!});
          continue;
        }
        const server = await store.start();
        try {
          reads.push(await benchReads(store.name, server, threads, join(temp.dir, `${store.name}-pages.json`), {rounds, duration, warmup}));
          if (store.name === 'SQLite') post = await runCannon({url: server.url, connections: postConnections, duration: rounds * duration, requests: postRequests(threads)});
        } finally {
          await server.stop();
        }
      }
    } finally {
      postgres?.stop();
    }
    const json = {mode: quick ? 'quick' : 'full', seeded: {...size, ms: seeded.ms, postgresCopyMs: postgres?.ms}, loadAverageAtStart: load, rounds, roundSeconds: duration, acceptEncoding, reads, post, goals: serverGoals};
    return {markdown: toMarkdown({seeded: json.seeded, load, rounds, duration, reads, post: post!}), json};
  } finally {
    temp.remove();
  }
}

/** Records every page as Natter sends it, starts a floor sending exactly those responses, and loads both in turn. */
async function benchReads(
  store: string,
  server: ServedProcess,
  threads: readonly string[],
  responsesFile: string,
  {rounds, duration, warmup}: {rounds: number; duration: number; warmup: number},
): Promise<StoreReads> {
  const paths = threads.map((thread) => `/api/comments?thread=${encodeURIComponent(thread)}&limit=50`);
  const recorded: Record<string, RecordedResponse> = {};
  let jsonBytes = 0;
  let bodyBytes = 0;
  let headerBytes = 0;
  let encoding = '';
  for (const path of paths) {
    const sent = await getRaw(server.url, path, {'Accept-Encoding': acceptEncoding});
    const json = decode(sent);
    const roots = (JSON.parse(json.toString('utf8')) as {comments: {parent: string | null}[]}).comments.filter((c) => c.parent === null).length;
    if (sent.status !== 200 || roots !== 50) throw new Error(`Expected a page of 50 top-level comments at ${path}, got ${sent.status} with ${roots}.`);
    encoding ||= header(sent, 'content-encoding') ?? 'identity';
    jsonBytes += json.byteLength;
    bodyBytes += sent.body.byteLength;
    headerBytes += sent.headerBytes;
    recorded[path] = {status: sent.status, headers: sent.headers.filter(([k]) => !addedByNode.has(k.toLowerCase())), body: sent.body.toString('base64')};
  }
  writeFileSync(responsesFile, JSON.stringify(recorded));
  const floor = await startFloor(responsesFile);
  try {
    // The floor must put the same bytes on the wire, headers included (Date is the same length every second).
    const a = await getRaw(server.url, paths[0]!, {'Accept-Encoding': acceptEncoding});
    const b = await getRaw(floor.url, paths[0]!, {'Accept-Encoding': acceptEncoding});
    if (!a.body.equals(b.body) || a.headerBytes !== b.headerBytes) {
      throw new Error(`The floor's answer differs from Natter's: ${b.headerBytes} + ${b.body.byteLength} bytes against ${a.headerBytes} + ${a.body.byteLength}.`);
    }
    const requests: CannonRequest[] = paths.map((path) => ({method: 'GET', path, headers: {'Accept-Encoding': acceptEncoding}}));
    const runs: ReadRun[] = [];
    for (const connections of connectionCounts) {
      await runCannon({url: server.url, connections, duration: warmup, requests});
      await runCannon({url: floor.url, connections, duration: warmup, requests});
      const serverRounds: LoadFigures[] = [];
      const floorRounds: LoadFigures[] = [];
      for (let round = 0; round < rounds; round++) {
        // Alternate who goes first.
        const order = round % 2 === 0 ? ([server, floor] as const) : ([floor, server] as const);
        for (const target of order) {
          const figures = await runCannon({url: target.url, connections, duration, requests});
          (target === server ? serverRounds : floorRounds).push(figures);
        }
      }
      const serverRead = mergeRuns(serverRounds, rounds * duration);
      const floorRead = mergeRuns(floorRounds, rounds * duration);
      // The median of the rounds' ratios: one round disturbed by another process does not decide it.
      const ratio = round(median(serverRounds.map((s, i) => s.reqPerSec / floorRounds[i]!.reqPerSec)), 3);
      const p99OverFloor = round(serverRead.p99Ms / Math.max(floorRead.p99Ms, 0.001), 2);
      runs.push({
        connections,
        server: serverRead,
        floor: floorRead,
        ratio,
        p99OverFloor,
        met: {ratio: ratio >= serverGoals.minFloorRatio, p99: p99OverFloor <= serverGoals.maxP99OverFloor},
      });
    }
    const n = paths.length;
    return {
      store,
      pages: {
        count: n,
        encoding,
        jsonBytes: Math.round(jsonBytes / n),
        bodyBytes: Math.round(bodyBytes / n),
        headerBytes: Math.round(headerBytes / n),
        wireBytes: Math.round((bodyBytes + headerBytes) / n),
      },
      runs,
    };
  } finally {
    await floor.stop();
  }
}

function header(response: RawResponse, name: string): string | undefined {
  return response.headers.find(([k]) => k.toLowerCase() === name)?.[1];
}

function decode(response: RawResponse): Buffer {
  const coding = header(response, 'content-encoding');
  if (coding === 'br') return brotliDecompressSync(response.body);
  if (coding === 'gzip') return gunzipSync(response.body);
  if (coding) throw new Error(`Unexpected Content-Encoding: ${coding}`);
  return response.body;
}

/** POSTs of new top-level comments, each with an Idempotency-Key no other request uses. */
function postRequests(threads: readonly string[]): CannonRequest[] {
  const run = Date.now().toString(36);
  let n = 0;
  return threads.slice(0, 20).map((thread) => ({
    method: 'POST',
    path: '/api/comments',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({thread, author: 'Bench', body: 'A comment posted by the bench, long enough to look like a real one. 👍'}),
    setupRequest: (request: CannonRequest) => ({...request, headers: {...request.headers, 'Idempotency-Key': `bench-${run}-${++n}`}}),
  }));
}

function toMarkdown({
  seeded,
  load,
  rounds,
  duration,
  reads,
  post,
}: {
  seeded: {comments: number; threads: number; ms: number; postgresCopyMs?: number | undefined};
  load: number[];
  rounds: number;
  duration: number;
  reads: StoreReads[];
  post: LoadFigures;
}): string {
  const num = (n: number) => Math.round(n).toLocaleString('en');
  const mark = (met: boolean) => (met ? 'met' : '**not met**');
  const pct = (ratio: number) => `${round(ratio * 100)}%`;
  const lines = [
    `Seeded ${num(seeded.comments)} comments in ${num(seeded.threads)} threads (${seeded.ms} ms)` +
      (seeded.postgresCopyMs === undefined
        ? '. '
        : `, and copied them, ids included, into Debian's Postgres on a temporary cluster started as the tests start it (fsync off; reads don't write) in ${num(seeded.postgresCopyMs)} ms. `) +
      `Reads rotate over cached pages of 50 top-level ` +
      `comments with their replies, asked with \`Accept-Encoding: ${acceptEncoding}\`. The floor is a bare \`node:http\` server sending the ` +
      `responses Natter sent for the same paths (headers and compressed bytes), started in the same run. On loopback, Natter and the floor take ` +
      `turns, ${rounds} rounds of ${duration} s each per connection count; % of floor is the median of the rounds' ratios, p50/p99 the median ` +
      `of the rounds'. Load average ${load.join(' / ')} at the start (the machine may be shared).`,
    '',
  ];
  for (const r of reads) {
    if (r.pages) {
      const p = r.pages;
      lines.push(
        `${r.store}: bytes on the wire per page (mean of ${p.count}): **${num(p.wireBytes)}** (${p.encoding} body ${num(p.bodyBytes)} + headers ${num(p.headerBytes)}), ` +
          `from ${num(p.jsonBytes)} bytes of JSON (${pct(p.wireBytes / p.jsonBytes)}).`,
      );
    }
  }
  lines.push(
    '',
    `| store | connections | req/s | floor req/s | % of floor (goal ≥ ${serverGoals.minFloorRatio * 100}%) | p50 ms | p99 ms | floor p99 ms | p99 ÷ floor's (goal ≤ ${serverGoals.maxP99OverFloor}×) | errors |`,
    '|---|---:|---:|---:|---|---:|---:|---:|---|---:|',
  );
  for (const r of reads) {
    if (!r.runs) {
      lines.push(`| ${r.store} | | | | ${r.skipped} | | | | | |`);
      continue;
    }
    for (const run of r.runs) {
      lines.push(
        `| ${r.store} | ${run.connections} | ${num(run.server.reqPerSec)} | ${num(run.floor.reqPerSec)} | ${pct(run.ratio)} ${mark(run.met.ratio)} | ` +
          `${run.server.p50Ms} | ${run.server.p99Ms} | ${run.floor.p99Ms} | ${run.p99OverFloor}× ${mark(run.met.p99)} | ${failures(run.server) + failures(run.floor)} |`,
      );
    }
  }
  lines.push(
    '',
    '| posts | connections | req/s | p50 ms | p99 ms | errors |',
    '|---|---:|---:|---:|---:|---:|',
    `| \`POST /api/comments\` (SQLite) | ${postConnections} | ${num(post.reqPerSec)} | ${post.p50Ms} | ${post.p99Ms} | ${failures(post)} |`,
  );
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchServer({quick: process.argv.includes('--quick')});
  console.log(result.markdown);
  console.log(JSON.stringify(result.json, null, 2));
}
