// The HTTP server's timeouts and connection caps, against the real server (src/server/main.ts) in a child process,
// with short timeouts so the test takes seconds. Only loopback addresses are used: the attackers connect from
// 127.0.0.1 and the reader from 127.0.0.2, which Linux routes on lo as well.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {get} from 'node:http';
import {connect, type Socket} from 'node:net';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {startTestServer, type TestServer} from '../e2e/server-process.js';
import {makeTempDir} from './setup.js';

const IDLE_SOCKETS = 2000;
const SLOW_CLIENTS = 50;
// The header deadline leaves time to open 2,050 sockets on a busy machine before the first of them is due.
const limits = {headersMs: 8000, idleMs: 1500};
const env = {
  NATTER_HEADERS_TIMEOUT_MS: String(limits.headersMs),
  NATTER_REQUEST_TIMEOUT_MS: String(limits.headersMs + 1000),
  NATTER_KEEP_ALIVE_TIMEOUT_MS: '1000',
  NATTER_IDLE_TIMEOUT_MS: String(limits.headersMs + 2000),
};

/** The soft limit on open files of this process (the sockets below need one each). */
function openFileLimit(): number {
  const line = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  return line?.[1] === 'unlimited' ? Infinity : Number(line?.[1] ?? 1024);
}

interface Tracked {
  socket: Socket;
  /** When this process asked to connect: never after the server accepted, so a deadline measured from it is not early. */
  opened: number;
  /** When the server closed it, ms after `opened`. */
  closedAfter?: number;
  received: string;
}

/** Opens a TCP socket from 127.0.0.1 and records when it closes and what the server sent. */
function open(port: number): Promise<Tracked> {
  return new Promise((resolve, reject) => {
    // Timed from the connect call, not the 'connect' event: a busy test process sees that event late, which made a
    // socket closed on time look early.
    const opened = performance.now();
    const socket = connect({host: '127.0.0.1', port, localAddress: '127.0.0.1'});
    const tracked: Tracked = {socket, opened, received: ''};
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (tracked.received += d));
    socket.on('error', () => {});
    socket.once('close', () => (tracked.closedAfter = performance.now() - tracked.opened));
    socket.once('connect', () => resolve(tracked));
    socket.once('error', reject);
  });
}

/** Opens `n` sockets in batches, so the listen backlog never overflows (a dropped SYN retries after a second). */
async function openMany(port: number, n: number): Promise<Tracked[]> {
  const all: Tracked[] = [];
  while (all.length < n) all.push(...(await Promise.all(Array.from({length: Math.min(200, n - all.length)}, () => open(port)))));
  return all;
}

/** A GET from 127.0.0.2 on a fresh connection: status, body and how long it took. */
function readPage(port: number, path: string): Promise<{status: number; body: string; ms: number}> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = get({host: '127.0.0.1', port, path, localAddress: '127.0.0.2', agent: false, timeout: 5000}, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({status: res.statusCode!, body, ms: performance.now() - started}));
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 5 s')));
    request.on('error', reject);
  });
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  while (!check() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

const closeAll = (sockets: Tracked[]) => sockets.forEach((t) => t.socket.destroy());

/** Closes the sockets and waits until the server has counted them gone (a fresh socket from 127.0.0.1 is answered). */
async function closeAndSettle(port: number, sockets: Tracked[]): Promise<void> {
  closeAll(sockets);
  await until(() => sockets.every((s) => s.closedAfter !== undefined), 2000);
  for (let tries = 0; tries < 50; tries++) {
    const [probe] = await openMany(port, 1);
    probe!.socket.write('GET /api/counts?thread=a HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    await until(() => probe!.closedAfter !== undefined, 2000);
    if (probe!.received.startsWith('HTTP/1.1 200')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the server still counts the closed sockets');
}

const temp = makeTempDir();
after(() => temp.remove());

describe('the HTTP server under idle and slow connections', () => {
  const fileLimit = openFileLimit();
  const needed = IDLE_SOCKETS + SLOW_CLIENTS + 200;
  let server: TestServer;
  before(async () => {
    server = await startTestServer({db: join(temp.dir, 'idle.db'), env: {...env, NATTER_MAX_CONNECTIONS_PER_IP: '5000'}});
  });
  after(() => server.stop());

  it(`still serves a reader within 1 s while ${IDLE_SOCKETS} idle sockets and ${SLOW_CLIENTS} slow-header clients are open, then closes them all`, async (t) => {
    t.diagnostic(`open-file limit of the test process: ${fileLimit} (needs about ${needed})`);
    if (fileLimit < needed) {
      t.skip(`the open-file limit is ${fileLimit}; raise it to ${needed} or more (ulimit -n) to run this test`);
      return;
    }
    const opening = performance.now();
    const idle = await openMany(server.port, IDLE_SOCKETS);
    const slow = await openMany(server.port, SLOW_CLIENTS);
    t.diagnostic(`opened ${IDLE_SOCKETS + SLOW_CLIENTS} sockets in ${Math.round(performance.now() - opening)} ms`);
    // Each slow client sends its request line and then one header line every 200 ms, never ending the headers.
    for (const s of slow) s.socket.write('GET /api/comments?thread=/slow HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    // They fall silent 1.5 s before the deadline: a header line crossing the server's 408 and close would be answered
    // with a reset, which can drop the 408 from this side's buffer before it is read. The deadline is still 8 s from
    // the first byte, not from the last header line, as the close times below show.
    const dripUntil = Math.min(...slow.map((s) => s.opened)) + limits.headersMs - 1500;
    const drip = setInterval(() => {
      if (performance.now() < dripUntil) slow.forEach((s) => s.closedAfter === undefined && s.socket.write('X-Slow: 1\r\n'));
    }, 200);
    try {
      assert.ok(idle.every((s) => s.closedAfter === undefined) && slow.every((s) => s.closedAfter === undefined), 'all sockets open before the reader asks');

      const page = await readPage(server.port, '/api/comments?thread=%2Fposts%2Fa');
      assert.equal(page.status, 200);
      assert.deepEqual(JSON.parse(page.body), {comments: [], next: null, total: 0, votes: 'up', editWindow: 900, events: '0'});
      assert.ok(page.ms < 1000, `the page took ${Math.round(page.ms)} ms`);
      t.diagnostic(`reader's page: ${Math.round(page.ms)} ms`);

      // Node checks the deadlines every quarter of the shortest one; allow that, the drip and a loaded machine.
      await until(() => [...idle, ...slow].every((s) => s.closedAfter !== undefined), limits.headersMs + 3000);
      const idleOpen = idle.filter((s) => s.closedAfter === undefined).length;
      const slowOpen = slow.filter((s) => s.closedAfter === undefined).length;
      assert.equal(idleOpen, 0, `${idleOpen} idle sockets still open long after the header deadline`);
      assert.equal(slowOpen, 0, `${slowOpen} slow-header clients still open`);

      const earliestIdle = Math.min(...idle.map((s) => s.closedAfter!));
      const earliestSlow = Math.min(...slow.map((s) => s.closedAfter!));
      t.diagnostic(`idle sockets closed after ${Math.round(earliestIdle)}–${Math.round(Math.max(...idle.map((s) => s.closedAfter!)))} ms`);
      t.diagnostic(`slow-header clients closed after ${Math.round(earliestSlow)}–${Math.round(Math.max(...slow.map((s) => s.closedAfter!)))} ms`);
      // Closed by the header deadline, not at once: a socket that sends nothing never finishes its headers either.
      assert.ok(earliestIdle >= limits.headersMs - 50, `an idle socket was closed after only ${Math.round(earliestIdle)} ms`);
      assert.ok(earliestSlow >= limits.headersMs - 50, `a slow-header client was closed after only ${Math.round(earliestSlow)} ms`);
      assert.ok(slow.every((s) => s.received.startsWith('HTTP/1.1 408')), 'each slow-header client was told 408 Request Timeout');
      assert.ok(idle.every((s) => s.received === '' || s.received.startsWith('HTTP/1.1 408')), 'idle sockets got nothing but a 408');
    } finally {
      clearInterval(drip);
      closeAll([...idle, ...slow]);
    }
  });

  it('closes a kept-alive socket that stays idle after its answer, after the keep-alive timeout', async () => {
    const [client] = await openMany(server.port, 1);
    client!.socket.write('GET /api/counts?thread=a HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await until(() => client!.received.includes('"counts"'), 2000);
    const answered = performance.now() - client!.opened;
    try {
      assert.match(client!.received, /^HTTP\/1\.1 200/);
      await until(() => client!.closedAfter !== undefined, 3000);
      assert.notEqual(client!.closedAfter, undefined, 'the kept-alive socket is still open');
      const idleFor = client!.closedAfter! - answered;
      assert.ok(idleFor >= 1000 - 50 && idleFor < 2500, `closed ${Math.round(idleFor)} ms after the answer (keep-alive timeout 1000 ms)`);
    } finally {
      closeAll([client!]);
    }
  });
});

describe('the idle timeout', () => {
  let server: TestServer;
  before(async () => {
    // Header and request deadlines well beyond the idle timeout, so only it can close these sockets.
    server = await startTestServer({
      db: join(temp.dir, 'idle-timeout.db'),
      env: {...env, NATTER_HEADERS_TIMEOUT_MS: '8000', NATTER_REQUEST_TIMEOUT_MS: '10000', NATTER_IDLE_TIMEOUT_MS: String(limits.idleMs)},
    });
  });
  after(() => server.stop());

  it('closes a socket with no traffic for the idle time, even in the middle of its headers', async () => {
    const sockets = await openMany(server.port, 20);
    sockets.slice(10).forEach((s) => s.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n'));
    try {
      await until(() => sockets.every((s) => s.closedAfter !== undefined), limits.idleMs + 3000);
      const times = sockets.map((s) => s.closedAfter ?? Infinity);
      assert.ok(times.every((ms) => ms >= limits.idleMs - 50 && ms < limits.idleMs + 3000), `closed after ${times.map(Math.round).join(', ')} ms`);
    } finally {
      closeAll(sockets);
    }
  });
});

const capsRequestMs = 2000;

describe('the connection caps, and a slow body', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      db: join(temp.dir, 'caps.db'),
      env: {...env, NATTER_HEADERS_TIMEOUT_MS: '1000', NATTER_REQUEST_TIMEOUT_MS: String(capsRequestMs), NATTER_IDLE_TIMEOUT_MS: '10000', NATTER_MAX_CONNECTIONS_PER_IP: '100'},
    });
  });
  after(() => server.stop());

  it('closes sockets from one address beyond its cap at once, and lets another address in', async () => {
    const sockets = await openMany(server.port, 150);
    try {
      await until(() => sockets.filter((s) => s.closedAfter !== undefined).length >= 50, 2000);
      await new Promise((r) => setTimeout(r, 200));
      const closed = sockets.filter((s) => s.closedAfter !== undefined);
      assert.equal(closed.length, 50, 'the 50 sockets over the cap of 100 were closed, and only they');
      assert.ok(closed.every((s) => s.closedAfter! < 1000 && s.received === ''), 'closed on accept, without an answer');
      const page = await readPage(server.port, '/api/counts?thread=a');
      assert.equal(page.status, 200);
      assert.deepEqual(JSON.parse(page.body), {counts: {a: 0}});
    } finally {
      // The server must have counted these gone before the next test opens sockets from the same address.
      await closeAndSettle(server.port, sockets);
    }
  });

it('cuts off a request whose body trickles in, after the request timeout', async () => {
    const [client] = await openMany(server.port, 1);
    const body = JSON.stringify({thread: '/posts/a', author: 'Slow', body: 'x'.repeat(200)});
    client!.socket.write(`POST /api/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nIdempotency-Key: slow-1\r\nContent-Length: ${body.length}\r\n\r\n`);
    let sent = 0;
    const drip = setInterval(() => client!.closedAfter === undefined && sent < body.length && client!.socket.write(body[sent++]!), 100);
    try {
      await until(() => client!.closedAfter !== undefined, capsRequestMs + 2000);
      assert.notEqual(client!.closedAfter, undefined, 'the slow body was still being read');
      assert.ok(client!.closedAfter! >= capsRequestMs - 50, `closed after only ${Math.round(client!.closedAfter!)} ms`);
      assert.match(client!.received, /^HTTP\/1\.1 408/);
      assert.ok(sent < body.length, 'the body had not finished arriving');
    } finally {
      clearInterval(drip);
      closeAll([client!]);
    }
  });

  it('frees a slot when a socket closes', async () => {
    const sockets = await openMany(server.port, 100);
    try {
      await new Promise((r) => setTimeout(r, 200));
      assert.ok(sockets.every((s) => s.closedAfter === undefined), 'the first 100 are kept');
      sockets[0]!.socket.destroy();
      await until(() => sockets[0]!.closedAfter !== undefined, 1000);
      await new Promise((r) => setTimeout(r, 100));
      const [next] = await openMany(server.port, 1);
      next!.socket.write('GET /api/counts?thread=a HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      await until(() => next!.closedAfter !== undefined, 2000);
      assert.match(next!.received, /^HTTP\/1\.1 200/);
      sockets.push(next!);
    } finally {
      closeAll(sockets);
    }
  });
});
