// Live streams under load: the mixed load (load.ts) run three times on one server: alone, with 1,000 open
// /api/events streams on loopback following the threads being written to, and alone again (the two runs without
// bracket the one with, since a shared machine drifts). Reports the load's p99 beside the runs without streams,
// the streams' errors and events, and the server's memory per stream.
// Run alone with `node --import tsx bench/live.ts [--quick]`.
import {readFileSync} from 'node:fs';
import {get, type IncomingMessage} from 'node:http';
import {pathToFileURL} from 'node:url';
import {failures, round, runCannon} from './lib/cannon.js';
import type {LoadFigures} from './lib/cannon.js';
import {startNatter} from './lib/processes.js';
import {makeBenchDir} from './lib/temp-db.js';
import {mixedCycle} from './load.js';
import {seedDatabase} from './seed.js';

const STREAMS = 1000;
const connections = 10;

/** The resident memory of a process, in bytes (Linux). */
function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

interface StreamCounts {
  opened: number;
  /** Refused, failed or ended by the server while the bench still wanted it: each is an error. */
  errors: number;
  events: number;
  pings: number;
}

/** Opens `n` streams spread over `threads`, one socket each (as n browser tabs would); resolves once all answered. */
async function openStreams(url: string, threads: readonly string[], n: number) {
  const counts: StreamCounts = {opened: 0, errors: 0, events: 0, pings: 0};
  const responses: IncomingMessage[] = [];
  let closing = false;
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const request = get(`${url}/api/events?thread=${encodeURIComponent(threads[i % threads.length]!)}`, {agent: false}, (res) => {
        if (res.statusCode !== 200) {
          counts.errors++;
          res.resume();
          return resolve();
        }
        counts.opened++;
        responses.push(res);
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          counts.events += chunk.split('\nevent: ').length - 1;
          counts.pings += chunk.split(': ping').length - 1;
        });
        res.on('end', () => void (closing || counts.errors++));
        res.on('error', () => void (closing || counts.errors++));
        resolve();
      });
      request.on('error', () => {
        if (!closing) counts.errors++;
        resolve();
      });
    });
  // In batches, so the opening itself is not a burst of 1,000 handshakes at once.
  for (let i = 0; i < n; i += 100) await Promise.all(Array.from({length: Math.min(100, n - i)}, (_, k) => one(i + k)));
  return {
    counts,
    close() {
      closing = true;
      for (const res of responses) res.destroy();
    },
  };
}

export async function benchLive({quick}: {quick: boolean}): Promise<{markdown: string; json: unknown}> {
  const size = quick ? {comments: 10_000, threads: 100} : {comments: 100_000, threads: 1_000};
  const duration = quick ? 5 : 30;
  const temp = makeBenchDir();
  try {
    const seeded = await seedDatabase(temp.db, size);
    // One loopback address holds every stream and the load's sockets, so its caps are raised for the bench.
    const server = await startNatter(temp.db, {NATTER_LIVE_PER_IP: String(STREAMS + 100), NATTER_MAX_CONNECTIONS_PER_IP: String(STREAMS + 1000)});
    const pid = server.child.pid!;
    let without: LoadFigures;
    let withStreams: LoadFigures;
    let after: LoadFigures;
    let streams: Awaited<ReturnType<typeof openStreams>>;
    let rssBefore: number;
    let rssAfter: number;
    try {
      const cycle = () => mixedCycle(seeded.threads, `live-${Date.now().toString(36)}`);
      // A warm-up, so the first measured run doesn't pay for the JIT and the page cache's first fills alone.
      await runCannon({url: server.url, connections, duration: 2, requests: cycle()});
      without = await runCannon({url: server.url, connections, duration, requests: cycle()});
      await new Promise((r) => setTimeout(r, 500));
      rssBefore = rssOf(pid);
      // The streams follow the threads the load writes to (the first 100 of them, as the load's cycle rotates).
      streams = await openStreams(server.url, seeded.threads.slice(0, 100), STREAMS);
      await new Promise((r) => setTimeout(r, 1000));
      rssAfter = rssOf(pid);
      withStreams = await runCannon({url: server.url, connections, duration, requests: cycle()});
      await new Promise((r) => setTimeout(r, 500));
      streams.close();
      await new Promise((r) => setTimeout(r, 500));
      after = await runCannon({url: server.url, connections, duration, requests: cycle()});
    } finally {
      await server.stop();
    }
    const {counts} = streams;
    const streamErrors = counts.errors + (STREAMS - counts.opened - counts.errors);
    const loadErrors = failures(without) + failures(withStreams) + failures(after);
    const baseline = (without.p99Ms + after.p99Ms) / 2;
    const ratio = round(withStreams.p99Ms / Math.max(baseline, 1), 2);
    const perStream = Math.round((rssAfter - rssBefore) / STREAMS);
    const goals = {
      errors: {goal: 0, value: streamErrors + loadErrors, met: streamErrors + loadErrors === 0},
      p99: {goal: '≤ 2× without streams', value: ratio, met: ratio <= 2},
    };
    const json = {
      mode: quick ? 'quick' : 'full', seeded: size, durationSeconds: duration, connections, streams: STREAMS,
      without, withStreams, after, baselineP99Ms: baseline, streamCounts: counts, rss: {before: rssBefore, after: rssAfter, perStreamBytes: perStream}, goals,
    };
    const mark = (met: boolean) => (met ? 'met' : '**not met**');
    const row = (name: string, f: LoadFigures) =>
      `| ${name} | ${f.requests.toLocaleString('en')} | ${Math.round(f.reqPerSec).toLocaleString('en')} | ${f.p50Ms} | ${f.p99Ms} | ${failures(f)} |`;
    const markdown = [
      `The mixed load (${connections} connections, ${duration} s each, ${size.comments.toLocaleString('en')} seeded comments) on one server, ` +
        `alone, with ${STREAMS.toLocaleString('en')} open /api/events streams on loopback following the threads it writes to, and alone again.`,
      '',
      '| run | requests | req/s | p50 ms | p99 ms | errors |',
      '|---|---:|---:|---:|---:|---:|',
      row('without streams', without),
      row(`with ${STREAMS.toLocaleString('en')} streams`, withStreams),
      row('without streams, again', after),
      '',
      `p99 with streams: ${ratio}× the mean of the runs without (${baseline} ms; goal ≤ 2×) — ${mark(goals.p99.met)}. Streams: ${counts.opened.toLocaleString('en')} open, ` +
        `${streamErrors} errors (goal 0, load errors ${loadErrors}) — ${mark(goals.errors.met)}; ${counts.events.toLocaleString('en')} events delivered. ` +
        `Server memory: ${(rssBefore / 2 ** 20).toFixed(1)} → ${(rssAfter / 2 ** 20).toFixed(1)} MB RSS, about ${(perStream / 1024).toFixed(1)} KB per stream.`,
    ].join('\n');
    return {markdown, json};
  } finally {
    temp.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchLive({quick: process.argv.includes('--quick')});
  console.log(result.markdown);
  console.log(JSON.stringify(result.json, null, 2));
}
