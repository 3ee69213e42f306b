// The load run: mixed reads and writes against the real server on loopback, for a fixed time.
// Run alone with `node --import tsx bench/load.ts [--quick]`.
import {pathToFileURL} from 'node:url';
import Database from 'better-sqlite3';
import {failures, runCannon} from './lib/cannon.js';
import type {CannonRequest} from './lib/cannon.js';
import {startNatter} from './lib/processes.js';
import {makeBenchDir} from './lib/temp-db.js';
import {seedDatabase} from './seed.js';

const connections = 10;

/**
 * Each connection repeats a cycle of 20 requests: 17 list pages (rotating threads and both orders), 2 new
 * comments with distinct Idempotency-Keys, and 1 counts query for 10 threads.
 */
export function mixedCycle(threads: readonly string[], keyPrefix: string): CannonRequest[] {
  let n = 0;
  let t = 0;
  const nextThread = () => threads[t++ % threads.length]!;
  const list = (): CannonRequest => ({
    method: 'GET',
    path: `/api/comments?thread=${encodeURIComponent(nextThread())}&limit=50${t % 3 === 0 ? '&order=newest' : ''}`,
    // As a browser asks: the pages come back compressed.
    headers: {'Accept-Encoding': 'gzip, deflate, br, zstd'},
  });
  const post = (): CannonRequest => ({
    method: 'POST',
    path: '/api/comments',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({thread: nextThread(), author: 'Load', body: 'Mixed-load comment. Reads and writes share one SQLite file.'}),
    setupRequest: (request) => ({...request, headers: {...request.headers, 'Idempotency-Key': `${keyPrefix}-${++n}`}}),
  });
  const counts = (): CannonRequest => ({
    method: 'GET',
    path: `/api/counts?${Array.from({length: 10}, () => `thread=${encodeURIComponent(nextThread())}`).join('&')}`,
    headers: {'Accept-Encoding': 'gzip, deflate, br, zstd'},
  });
  return [...Array.from({length: 8}, list), post(), ...Array.from({length: 8}, list), post(), list(), counts()];
}

/** Seeds a database, starts the real server as a child process and runs the mixed load against it. */
export async function benchLoad({quick}: {quick: boolean}): Promise<{markdown: string; json: unknown}> {
  const size = quick ? {comments: 10_000, threads: 100} : {comments: 100_000, threads: 1_000};
  const duration = quick ? 5 : 60;
  const temp = makeBenchDir();
  try {
    const seeded = await seedDatabase(temp.db, size);
    const server = await startNatter(temp.db);
    let figures;
    try {
      figures = await runCannon({url: server.url, connections, duration, requests: mixedCycle(seeded.threads, `load-${Date.now().toString(36)}`)});
    } finally {
      await server.stop();
    }
    const db = new Database(temp.db, {readonly: true});
    const stored = db.prepare('SELECT COUNT(*) FROM comments').pluck().get() as number;
    const integrity = db.pragma('integrity_check', {simple: true}) as string;
    db.close();
    const errors = failures(figures);
    const posted = figures.statusCodes['201'] ?? 0;
    // Every acknowledged post is stored; each connection may also have had one post in flight when the clock ran out,
    // which the server committed but autocannon never counted.
    const acked = size.comments + posted;
    const storedOk = stored >= acked && stored <= acked + connections;
    const json = {
      mode: quick ? 'quick' : 'full',
      seeded: {...size, ms: seeded.ms},
      durationSeconds: duration,
      connections,
      mix: {list: 0.85, post: 0.1, counts: 0.05},
      ...figures,
      errors,
      created: posted,
      commentsAfter: stored,
      integrity,
      goals: {errors: {goal: 0, value: errors, met: errors === 0}, stored: {goal: `${acked} to ${acked + connections}`, value: stored, met: storedOk}},
    };
    const mark = (met: boolean) => (met ? 'met' : '**not met**');
    const markdown = [
      `Mixed load on loopback: ${connections} connections for ${duration} s against ${size.comments.toLocaleString('en')} seeded comments; ` +
        'per 20 requests, 17 page reads, 2 posts (distinct keys) and 1 counts query; reads accept brotli and gzip, as browsers do.',
      '',
      '| requests | req/s | p50 ms | p99 ms | created | errors (goal 0) | rows after (seeded + 201s, + ≤ 1 in flight per connection) | integrity |',
      '|---:|---:|---:|---:|---:|---:|---|---|',
      `| ${figures.requests.toLocaleString('en')} | ${Math.round(figures.reqPerSec).toLocaleString('en')} | ${figures.p50Ms} | ${figures.p99Ms} | ` +
        `${posted.toLocaleString('en')} | ${errors} ${mark(errors === 0)} | ${stored.toLocaleString('en')} ${mark(storedOk)} | ${integrity} |`,
    ].join('\n');
    return {markdown, json};
  } finally {
    temp.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchLoad({quick: process.argv.includes('--quick')});
  console.log(result.markdown);
  console.log(JSON.stringify(result.json, null, 2));
}
