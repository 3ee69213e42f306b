import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import type {AddressInfo} from 'node:net';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {serve} from '@hono/node-server';
import {after, describe, it} from 'node:test';
import {parseAdminConfig} from '../../src/server/config/admin.js';
import {loadConfig} from '../../src/server/config.js';
import {adminRequest, makeAdminServer, origin, password, signIn} from './admin-setup.js';
import {engines, loopbackPeer, makeServer, makeTempDir} from './setup.js';
import type {TestServer} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());
const natter = fileURLToPath(new URL('../../bin/natter.js', import.meta.url));

/** Runs `natter admin set-password …` as the owner would, with the server's database settings. */
function setPasswordCommand(server: TestServer, args: string[], stdin: string): Promise<{code: number | null; stdout: string; stderr: string}> {
  const {settings} = server.database;
  const env = {...process.env, NATTER_DB: settings.dbPath, NATTER_DATABASE_URL: settings.databaseUrl ?? ''};
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [natter, 'admin', 'set-password', ...args], {env, stdio: ['pipe', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({code, stdout, stderr}));
    child.stdin.end(stdin);
  });
}

const login = (server: TestServer, body: unknown, headers: Record<string, string> = {}) => adminRequest(server, 'POST', '/login', {body, headers});

for (const engine of engines) {
  describe(`admin sign-in [${engine}]`, () => {
    it('natter admin set-password (a real process) sets the password the server then accepts', async () => {
      // More tries than the sign-in limit allows; that limit has its own test.
      const server = await makeServer(temp.dir, {admin: {...loadConfig([], {}).admin, loginAttempts: 100}}, engine);
      const before = await login(server, {password});
      assert.equal(before.status, 409);
      assert.match(((await before.json()) as {error: {message: string}}).error.message, /natter admin set-password/);

      const short = await setPasswordCommand(server, [], 'too short\n');
      assert.equal(short.code, 1);
      assert.match(short.stderr, /at least 10 characters/);
      assert.equal((await login(server, {password: 'too short'})).status, 409, 'nothing was stored');

      const piped = await setPasswordCommand(server, [], `${password}\n`);
      assert.equal(piped.code, 0, piped.stderr);
      const stored = String(await server.scalar("SELECT value FROM settings WHERE key = 'admin.password'"));
      assert.match(stored, /"algorithm":"scrypt"/);
      assert.ok(!stored.includes(password), 'only a hash is stored');

      const res = await login(server, {password});
      assert.equal(res.status, 200);
      const body = (await res.json()) as {csrf: string; expiresAt: string};
      assert.match(body.csrf, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(body.expiresAt, '2026-01-01T12:00:00.000Z');
      assert.equal((await login(server, {password: `${password}!`})).status, 401);

      // From a file; the old session is signed out with the old password.
      const file = join(temp.dir, `pw-${engine}.txt`);
      writeFileSync(file, 'another long password\n');
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      assert.equal((await adminRequest(server, 'GET', '/session', {headers: {Cookie: cookie}})).status, 200);
      const fromFile = await setPasswordCommand(server, ['--password-file', file], '');
      assert.equal(fromFile.code, 0, fromFile.stderr);
      assert.equal((await adminRequest(server, 'GET', '/session', {headers: {Cookie: cookie}})).status, 401);
      assert.equal((await login(server, {password})).status, 401);
      assert.equal((await login(server, {password: 'another long password'})).status, 200);
    });

    it('sets an HttpOnly, SameSite=Strict cookie for / that expires, Secure only over https', async () => {
      const server = await makeAdminServer(temp.dir, engine);
      const plain = await login(server, {password});
      const cookie = plain.headers.get('set-cookie') ?? '';
      assert.match(cookie, /^natter_admin=[A-Za-z0-9_-]{43};/);
      assert.match(cookie, /; HttpOnly/);
      assert.match(cookie, /; SameSite=Strict/);
      assert.match(cookie, /; Path=\//);
      assert.match(cookie, /; Expires=Thu, 01 Jan 2026 12:00:00 GMT/);
      assert.doesNotMatch(cookie, /Secure/);

      const https = await server.app.request('https://natter.example/api/admin/login', {
        method: 'POST', headers: {'Content-Type': 'application/json', Origin: 'https://natter.example'}, body: JSON.stringify({password}),
      }, loopbackPeer);
      assert.equal(https.status, 200);
      assert.match(https.headers.get('set-cookie') ?? '', /; Secure/);
      assert.equal(https.headers.get('cache-control'), 'no-store');
      assert.equal(https.headers.get('access-control-allow-origin'), null);

      // X-Forwarded-Proto counts only from a proxy the operator trusts.
      const forwarded = {'X-Forwarded-Proto': 'https', Origin: 'https://localhost'};
      assert.equal((await login(server, {password}, forwarded)).status, 403, 'untrusted: the origin is http://localhost');
      const proxied = await makeAdminServer(temp.dir, engine, {trustProxy: {hops: 1}});
      const behind = await login(proxied, {password}, forwarded);
      assert.equal(behind.status, 200);
      assert.match(behind.headers.get('set-cookie') ?? '', /; Secure/);
    });

    it('answers the session while it lasts, and 401 after logout, after expiry, or for another database', async () => {
      const server = await makeAdminServer(temp.dir, engine);
      const session = await signIn(server);
      const check = async (cookie: string) => (await adminRequest(server, 'GET', '/session', {headers: {Cookie: cookie}})).status;
      const res = await adminRequest(server, 'GET', '/session', {headers: {Cookie: session.cookie}});
      assert.deepEqual(await res.json(), {csrf: session.csrf, expiresAt: session.expiresAt});
      assert.equal(await check('natter_admin=nope'), 401);
      assert.equal((await adminRequest(server, 'GET', '/session')).status, 401);

      // A cookie made by another server, on its own database, means nothing here.
      const other = await makeAdminServer(temp.dir, engine);
      const foreign = await signIn(other);
      assert.equal(await check(foreign.cookie), 401);
      assert.equal((await adminRequest(server, 'GET', '/comments', {session: foreign})).status, 401);

      // Expiry: 12 hours by default.
      server.tick(12 * 3_600_000 - 1000);
      assert.equal(await check(session.cookie), 200);
      server.tick(1000);
      assert.equal(await check(session.cookie), 401);
      assert.equal((await adminRequest(server, 'GET', '/comments', {session})).status, 401);

      // Logout ends the session on the server, not only in the browser.
      const again = await signIn(server);
      assert.equal((await adminRequest(server, 'POST', '/logout', {session: {...again, csrf: 'wrong'}})).status, 403);
      const out = await adminRequest(server, 'POST', '/logout', {session: again});
      assert.equal(out.status, 200);
      assert.match(out.headers.get('set-cookie') ?? '', /natter_admin=;.*Max-Age=0/);
      assert.equal(await check(again.cookie), 401);
    });

    it('slows repeated wrong passwords: a fixed delay each, then 429 with Retry-After per address', async () => {
      const server = await makeAdminServer(temp.dir, engine, {admin: {...loadConfig([], {}).admin, failDelayMs: 300}});
      const started = performance.now();
      assert.equal((await login(server, {password: 'wrong password 1'})).status, 401);
      assert.ok(performance.now() - started >= 300, 'a wrong password waits the fixed delay');
      for (let i = 2; i <= 5; i++) assert.equal((await login(server, {password: `wrong password ${i}`})).status, 401);
      const limited = await login(server, {password});
      assert.equal(limited.status, 429, 'even the right password waits once the limit is reached');
      assert.equal(limited.headers.get('retry-after'), '900');
      assert.equal(limited.headers.get('set-cookie'), null);
      server.tick(15 * 60_000);
      assert.equal((await login(server, {password})).status, 200);
    });

    it('refuses a sign-in posted from another origin, and bodies that are not a password', async () => {
      const server = await makeAdminServer(temp.dir, engine, {admin: {...loadConfig([], {}).admin, loginAttempts: 100, failDelayMs: 0}});
      assert.equal((await login(server, {password}, {Origin: 'https://evil.example'})).status, 403);
      assert.equal((await login(server, {password}, {Origin: 'null'})).status, 403);
      assert.equal((await login(server, {password}, {'Sec-Fetch-Site': 'cross-site'})).status, 403);
      assert.equal((await login(server, {password}, {Origin: origin})).status, 200);
      for (const body of [{}, {password: 42}, {password: ''}, {password, extra: 1}, [password], 'nope']) {
        assert.equal((await login(server, body)).status, 400, JSON.stringify(body));
      }
    });
  });
}

// script(1) gives the command a real terminal, as an owner typing at a shell would.
const hasScript = spawnSync('script', ['--version'], {stdio: 'ignore'}).status === 0;

describe('natter admin set-password at a terminal', () => {
  it('asks twice without echoing the password', {skip: hasScript ? false : 'script(1) is not installed'}, async () => {
    const server = await makeServer(temp.dir, {}, 'sqlite');
    const env = {...process.env, NATTER_DB: server.database.settings.dbPath, NATTER_DATABASE_URL: ''};
    const child = spawn('script', ['-qfec', `'${process.execPath}' '${natter}' admin set-password`, '/dev/null'], {env, stdio: ['pipe', 'pipe', 'pipe']});
    let output = '';
    const prompts: string[] = [];
    child.stdout.on('data', (d: Buffer) => {
      output += d;
      // Type only once the command has the terminal in raw mode (it prints the prompt after that).
      for (const prompt of ['New admin password: ', 'Repeat it: ']) {
        if (output.includes(prompt) && !prompts.includes(prompt)) {
          prompts.push(prompt);
          child.stdin.write('terminal password 1\r');
        }
      }
    });
    const code = await new Promise((done) => child.on('close', done));
    assert.equal(code, 0, output);
    assert.deepEqual(prompts, ['New admin password: ', 'Repeat it: ']);
    assert.ok(!output.includes('terminal password 1'), `echoed: ${output}`);
    assert.match(output, /The admin password is set/);
    assert.equal((await login(server, {password: 'terminal password 1'})).status, 200);
  });
});

describe('admin over a real HTTP server', () => {
  it('signs in, acts with the cookie and token, and refuses a cross-origin state change', async () => {
    const server = await makeAdminServer(temp.dir, 'sqlite');
    const http = serve({fetch: server.app.fetch, port: 0, hostname: '127.0.0.1'});
    await new Promise((done) => http.once('listening', done));
    try {
      const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      const json = {'Content-Type': 'application/json'};
      const wrongOrigin = await fetch(`${base}/api/admin/login`, {method: 'POST', headers: {...json, Origin: 'http://localhost:1'}, body: JSON.stringify({password})});
      assert.equal(wrongOrigin.status, 403);
      const res = await fetch(`${base}/api/admin/login`, {method: 'POST', headers: {...json, Origin: base}, body: JSON.stringify({password})});
      assert.equal(res.status, 200);
      const {csrf} = (await res.json()) as {csrf: string};
      const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
      const close = (headers: Record<string, string>) =>
        fetch(`${base}/api/admin/threads/close`, {method: 'POST', headers: {...json, Cookie: cookie, ...headers}, body: JSON.stringify({thread: '/t', closed: true})});
      assert.equal((await close({Origin: 'http://evil.example', 'X-Natter-CSRF': csrf})).status, 403);
      assert.equal((await close({Origin: base})).status, 403);
      assert.equal((await close({Origin: base, 'X-Natter-CSRF': csrf})).status, 200);
      assert.equal((await server.store.threads.get('/t')).closed, true);
    } finally {
      await new Promise((done) => http.close(done));
    }
  });
});

describe('NATTER_ADMIN_SESSION_HOURS', () => {
  it('sets the session length, 12 hours by default, and refuses nonsense', () => {
    assert.equal(parseAdminConfig(() => undefined).sessionHours, 12);
    assert.equal(parseAdminConfig(() => '48').sessionHours, 48);
    for (const bad of ['0', '721', '1.5', 'x', '-1']) assert.throws(() => parseAdminConfig(() => bad), /NATTER_ADMIN_SESSION_HOURS/);
    assert.equal(loadConfig([], {NATTER_ADMIN_SESSION_HOURS: '2'}).admin.sessionHours, 2);
  });
});
