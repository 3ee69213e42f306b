// The server bench: reads of a 50-comment page against a bare node:http floor serving the same bytes, and posts.
// Run alone with `node --import tsx bench/server.ts [--quick]`.
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {failures, round, runCannon} from './lib/cannon.js';
import type {CannonRequest, LoadFigures} from './lib/cannon.js';
import {startFloor, startNatter} from './lib/processes.js';
import {makeBenchDir} from './lib/temp-db.js';
import {seedDatabase} from './seed.js';

/** The goals this bench checks: reads at ≥ 50% of the floor's rate, with p99 ≤ 10 ms. */
export const serverGoals = {minFloorRatio: 0.5, maxReadP99Ms: 10};

const connections = 10;

/** Seeds a database, starts the real server and the floor as child processes, and loads both. */
export async function benchServer({quick}: {quick: boolean}): Promise<{markdown: string; json: unknown}> {
  const size = quick ? {comments: 10_000, threads: 100} : {comments: 100_000, threads: 1_000};
  const duration = quick ? 3 : 10;
  const warmup = quick ? 1 : 2;
  const temp = makeBenchDir();
  try {
    const seeded = await seedDatabase(temp.db, size);
    const server = await startNatter(temp.db);
    let floor: Awaited<ReturnType<typeof startFloor>> | undefined;
    try {
      // Rotate over up to 200 threads; every seeded thread has more than 50 top-level comments.
      const threads = seeded.threads.slice(0, 200);
      const pagePath = (thread: string) => `/api/comments?thread=${encodeURIComponent(thread)}&limit=50`;
      const reads: CannonRequest[] = threads.map((thread) => ({method: 'GET', path: pagePath(thread)}));

      const sample = await fetch(server.url + pagePath(threads[0]!));
      const sampleBytes = Buffer.from(await sample.arrayBuffer());
      const sampleType = sample.headers.get('content-type') ?? 'application/json';
      const samplePage = JSON.parse(sampleBytes.toString('utf8')) as {comments: {parent: string | null}[]};
      const roots = samplePage.comments.filter((c) => c.parent === null).length;
      if (sample.status !== 200 || roots !== 50) throw new Error(`Expected a page of 50 top-level comments, got ${sample.status} with ${roots}.`);
      const bodyFile = join(temp.dir, 'page.json');
      writeFileSync(bodyFile, sampleBytes);

      floor = await startFloor(bodyFile, sampleType);
      const floorReads: CannonRequest[] = reads.map((r) => ({...r}));

      await runCannon({url: server.url, connections, duration: warmup, requests: reads});
      const serverRead = await runCannon({url: server.url, connections, duration, requests: reads});
      await runCannon({url: floor.url, connections, duration: warmup, requests: floorReads});
      const floorRead = await runCannon({url: floor.url, connections, duration, requests: floorReads});
      await floor.stop();
      floor = undefined;

      const post = await runCannon({url: server.url, connections, duration, requests: postRequests(threads)});

      const ratio = round(serverRead.reqPerSec / floorRead.reqPerSec, 3);
      const goals = {
        floorRatio: {goal: `>= ${serverGoals.minFloorRatio}`, value: ratio, met: ratio >= serverGoals.minFloorRatio},
        readP99: {goal: `<= ${serverGoals.maxReadP99Ms} ms`, value: serverRead.p99Ms, met: serverRead.p99Ms <= serverGoals.maxReadP99Ms},
      };
      const json = {
        mode: quick ? 'quick' : 'full',
        seeded: {...size, ms: seeded.ms},
        durationSeconds: duration,
        connections,
        pageBytes: sampleBytes.byteLength,
        pageComments: samplePage.comments.length,
        read: {server: serverRead, floor: floorRead, ratio},
        post,
        goals,
      };
      return {markdown: toMarkdown(json.seeded, duration, sampleBytes.byteLength, serverRead, floorRead, post, goals), json};
    } finally {
      await floor?.stop();
      await server.stop();
    }
  } finally {
    temp.remove();
  }
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

function toMarkdown(
  seeded: {comments: number; threads: number; ms: number},
  duration: number,
  pageBytes: number,
  serverRead: LoadFigures,
  floorRead: LoadFigures,
  post: LoadFigures,
  goals: Record<'floorRatio' | 'readP99', {goal: string; value: number; met: boolean}>,
): string {
  const row = (name: string, f: LoadFigures) =>
    `| ${name} | ${Math.round(f.reqPerSec).toLocaleString('en')} | ${f.p50Ms} | ${f.p99Ms} | ${failures(f)} |`;
  const mark = (met: boolean) => (met ? 'met' : '**not met**');
  return [
    `Seeded ${seeded.comments.toLocaleString('en')} comments in ${seeded.threads.toLocaleString('en')} threads (${seeded.ms} ms). ` +
      `${connections} connections, ${duration} s each, on loopback; a page of 50 top-level comments with replies is ${pageBytes.toLocaleString('en')} bytes.`,
    '',
    '| load | req/s | p50 ms | p99 ms | errors |',
    '|---|---:|---:|---:|---:|',
    row('`GET /api/comments` (server)', serverRead),
    row('same bytes from bare `node:http` (floor)', floorRead),
    row('`POST /api/comments` (server)', post),
    '',
    `| goal | target | measured | |`,
    '|---|---|---:|---|',
    `| reads vs floor | ≥ ${serverGoals.minFloorRatio * 100}% | ${round(goals.floorRatio.value * 100)}% | ${mark(goals.floorRatio.met)} |`,
    `| read p99 | ≤ ${serverGoals.maxReadP99Ms} ms | ${goals.readP99.value} ms | ${mark(goals.readP99.met)} |`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchServer({quick: process.argv.includes('--quick')});
  console.log(result.markdown);
  console.log(JSON.stringify(result.json, null, 2));
}
