// Kills the real server with SIGKILL while posts stream in, and checks that nothing it acknowledged is lost.
// NATTER_CRASH_ROUNDS sets how many crashes (default 5).
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import Database from 'better-sqlite3';
import {startTestServer} from '../e2e/server-process.js';
import type {TestServer} from '../e2e/server-process.js';
import {engines, makeDatabase} from '../lib/databases.js';
import type {Engine, TestDatabase} from '../lib/databases.js';

const rounds = Number(process.env.NATTER_CRASH_ROUNDS ?? 5);
const writers = 4;

/** A comment the server answered 201 for: from then on it must never be lost. */
interface Acknowledged {
  key: string;
  id: string;
  thread: string;
  parent: string | null;
  body: string;
  round: number;
}

interface RoundFindings {
  round: number;
  killedAfterMs: number;
  acknowledged: number;
  missing: string[];
  integrity: string;
  foreignKeyProblems: number;
  replayMismatches: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

  /** The whole crash run on one engine: SQLite is killed mid-write with its file; Postgres sees its client die. */
function crashSuite(engine: Engine): void {
  const dir = mkdtempSync(join(tmpdir(), 'natter-crash-'));
  let database: TestDatabase;
  const acknowledged: Acknowledged[] = [];
  const findings: RoundFindings[] = [];
  let finalReplayMismatches: string[] = [];
  let finalIntegrity = '';
  let finalUnlisted: string[] = [];
  let running: TestServer | undefined;

  function start(): Promise<TestServer> {
    const {databaseUrl, dbPath} = database.settings;
    return startTestServer({db: dbPath, env: {NATTER_RATE_LIMIT: '0', NATTER_THREAD_RATE_LIMIT: '0', NATTER_GLOBAL_RATE_LIMIT: '0', ...(databaseUrl ? {NATTER_DATABASE_URL: databaseUrl} : {})}});
  }

  /** Posts until the server stops answering; every 201 is recorded. Some posts reply to an earlier acknowledged one. */
  async function postUntilDown(server: TestServer, writer: number, round: number): Promise<void> {
    const thread = `/crash/writer-${writer}`;
    let lastOwn: Acknowledged | undefined;
    for (let n = 0; ; n++) {
      const key = `crash-${round}-${writer}-${n}-${Math.random().toString(36).slice(2, 8)}`;
      const parent = lastOwn && n % 4 === 0 ? lastOwn.id : null;
      const body = `Round ${round}, writer ${writer}, post ${n}. ${'ü'.repeat(n % 50)}`;
      let response: Response;
      try {
        response = await fetch(`${server.url}/api/comments`, {
          method: 'POST',
          headers: {'Content-Type': 'application/json', 'Idempotency-Key': key},
          body: JSON.stringify({thread, parent, author: `Writer ${writer}`, body}),
        });
      } catch {
        return; // The server is gone; this post was never acknowledged.
      }
      if (response.status !== 201) {
        await response.body?.cancel();
        throw new Error(`A post while the server was up answered ${response.status}.`);
      }
      const {comment} = (await response.json().catch(() => ({comment: undefined}))) as {comment?: {id: string}};
      // A reply cut off half-way is not an acknowledgement either.
      if (!comment) return;
      lastOwn = {key, id: comment.id, thread, parent, body, round};
      acknowledged.push(lastOwn);
    }
  }

  /** Reads the stopped server's database directly: which acknowledged comments are missing, and its integrity. */
  async function inspectDatabase(): Promise<{missing: string[]; integrity: string; foreignKeyProblems: number}> {
    const rows = await database.query<{key: string; id: number; thread: string; parent: number | null; body: string}>(
      `SELECT k.key, c.id, c.thread, c.parent, c.body FROM idempotency_keys k JOIN comments c ON c.id = k.comment_id`,
    );
    const byKey = new Map(rows.map((r) => [r.key, r]));
    // Postgres checks its own pages and foreign keys; SQLite's file is checked here.
    let integrity = 'ok';
    let foreignKeyProblems = 0;
    if (engine === 'sqlite') {
      const reader = new Database(database.settings.dbPath, {readonly: true, fileMustExist: true});
      integrity = (reader.pragma('integrity_check') as {integrity_check: string}[]).map((r) => r.integrity_check).join('; ');
      foreignKeyProblems = (reader.pragma('foreign_key_check') as unknown[]).length;
      reader.close();
    }
    {
      const missing: string[] = [];
      for (const ack of acknowledged) {
        const row = byKey.get(ack.key);
        const same = row && String(row.id) === ack.id && row.thread === ack.thread && row.body === ack.body &&
          (row.parent === null ? null : String(row.parent)) === ack.parent;
        if (!same) missing.push(`${ack.key} (id ${ack.id}, round ${ack.round})`);
      }
      return {missing, integrity, foreignKeyProblems};
    }
  }

  /**
   * Replays acknowledged keys against a freshly restarted server: the newest ones (written just before a crash, the
   * likeliest to be lost) and a random sample of the rest. Each must answer 200 with the same id.
   */
  async function replayMismatches(server: TestServer, newest: number, sampled: number): Promise<string[]> {
    const chosen = new Set(acknowledged.slice(-newest));
    for (let i = 0; i < sampled && acknowledged.length > 0; i++) chosen.add(acknowledged[randomInt(0, acknowledged.length - 1)]!);
    const problems: string[] = [];
    for (const ack of chosen) {
      const response = await fetch(`${server.url}/api/comments`, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'Idempotency-Key': ack.key},
        body: JSON.stringify({thread: ack.thread, parent: ack.parent, author: `Writer ${ack.thread.split('-').at(-1)}`, body: ack.body}),
      });
      const payload = (await response.json()) as {comment?: {id: string}};
      if (response.status !== 200 || payload.comment?.id !== ack.id || response.headers.get('Idempotent-Replayed') !== 'true') {
        problems.push(`${ack.key}: ${response.status}, id ${payload.comment?.id} instead of ${ack.id}`);
      }
    }
    return problems;
  }

  /** Acknowledged comments that the API's listing of their thread (every page) doesn't show. */
  async function unlisted(server: TestServer): Promise<string[]> {
    const listed = new Set<string>();
    for (const thread of new Set(acknowledged.map((a) => a.thread))) {
      let cursor: string | null = null;
      do {
        const query: string = `thread=${encodeURIComponent(thread)}&limit=100${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await (await fetch(`${server.url}/api/comments?${query}`)).json()) as {comments: {id: string}[]; next: string | null};
        for (const c of page.comments) listed.add(c.id);
        cursor = page.next;
      } while (cursor);
    }
    return acknowledged.filter((a) => !listed.has(a.id)).map((a) => `${a.key} (id ${a.id})`);
  }

  describe(`the server killed with SIGKILL while comments are being posted [${engine}]`, () => {
    before(async () => {
      database = await makeDatabase(engine, dir);
      for (let round = 1; round <= rounds; round++) {
        const server = (running = await start());
        const replayed = round === 1 ? [] : await replayMismatches(server, 20, 30);
        if (round > 1) findings.at(-1)!.replayMismatches = replayed;
        const before = acknowledged.length;
        const loops = Array.from({length: writers}, (_, w) => postUntilDown(server, w, round));
        const killedAfterMs = randomInt(200, 1500);
        await sleep(killedAfterMs);
        await server.kill();
        running = undefined;
        await Promise.all(loops);
        findings.push({round, killedAfterMs, acknowledged: acknowledged.length - before, ...(await inspectDatabase()), replayMismatches: []});
      }
      const server = (running = await start());
      finalReplayMismatches = await replayMismatches(server, 20, 30);
      finalUnlisted = await unlisted(server);
      await server.stop();
      running = undefined;
      finalIntegrity = (await inspectDatabase()).integrity;
    });

    after(async () => {
      await running?.kill();
      rmSync(dir, {recursive: true, force: true});
    });

    it(`acknowledges posts in every one of ${rounds} rounds before the kill`, (t) => {
      t.diagnostic(findings.map((f) => `round ${f.round}: ${f.acknowledged} acknowledged, killed after ${f.killedAfterMs} ms`).join('; '));
      assert.equal(findings.length, rounds);
      for (const f of findings) assert.ok(f.acknowledged > 0, `round ${f.round} (killed after ${f.killedAfterMs} ms) acknowledged nothing`);
    });

    it('keeps every acknowledged comment, with its key, thread, parent and body', () => {
      for (const f of findings) assert.deepEqual(f.missing, [], `round ${f.round}, killed after ${f.killedAfterMs} ms`);
    });

    it('lists every acknowledged comment in its thread after the last restart', () => {
      assert.deepEqual(finalUnlisted, []);
    });

    it('leaves a database that passes integrity and foreign key checks after each crash', () => {
      for (const f of findings) {
        assert.equal(f.integrity, 'ok', `round ${f.round}`);
        assert.equal(f.foreignKeyProblems, 0, `round ${f.round}`);
      }
      assert.equal(finalIntegrity, 'ok', 'after the last restart and a clean stop');
    });

    it('answers a replayed acknowledged key after a restart with the same comment (200, Idempotent-Replayed)', () => {
      for (const f of findings.slice(0, -1)) assert.deepEqual(f.replayMismatches, [], `restart after round ${f.round}`);
      assert.deepEqual(finalReplayMismatches, [], 'restart after the last round');
    });
  });
}

for (const engine of engines) crashSuite(engine);
