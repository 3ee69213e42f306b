import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import fc from 'fast-check';
import {loadConfig} from '../../src/server/config.js';
import {adminRequest, makeAdminServer, password, signIn} from './admin-setup.js';
import {engines, loopbackPeer, makeTempDir} from './setup.js';
import type {TestServer} from './setup.js';

// Every admin route and method, taken from the app's own router (so a route added later is fuzzed too), is tried
// with random cookies, CSRF headers, origins, ids and bodies. Without a live session each answers 401 (or 403),
// with a session but a wrong token or origin each state change answers 403, nothing is ever a 5xx, and the
// database is unchanged afterwards: 0 bypasses.

const temp = makeTempDir();
after(() => temp.remove());
const runs = Number(process.env.NATTER_FUZZ_RUNS ?? 300);

interface Route {
  method: string;
  path: string;
}

/** The admin routes the app defines, without the catch-all middleware. */
function adminRoutesOf(server: TestServer): Route[] {
  const seen = new Map<string, Route>();
  for (const {method, path} of server.app.routes) {
    if (!path.startsWith('/api/admin/') || method === 'ALL' || path.includes('*')) continue;
    seen.set(`${method} ${path}`, {method, path: path.slice('/api/admin'.length)});
  }
  return [...seen.values()];
}

const isPublic = (r: Route) => (r.method === 'POST' && r.path === '/login') || (r.method === 'GET' && r.path === '/session');
const safe = (method: string) => method === 'GET' || method === 'HEAD';

const ascii = fc.string({unit: fc.integer({min: 0x20, max: 0x7e}).map((n) => String.fromCharCode(n)), maxLength: 60});
const base64url = fc.string({unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), minLength: 43, maxLength: 43});
const idArb = fc.oneof(fc.constantFrom('1', '2', '3', '4', '999', '0', '-1', 'abc', '1e3', '..', '%2e%2e', '1%2F2'), ascii.map(encodeURIComponent));
const originArb = fc.constantFrom(undefined, 'http://localhost', 'https://localhost', 'https://evil.example', 'null', 'http://localhost.evil.example');
const bodyArb = fc.oneof(fc.constant(undefined), fc.jsonValue({maxDepth: 3}), fc.record({action: fc.constantFrom('approve', 'delete', 'spam'), ids: fc.constant(['1', '2', '3'])}),
  fc.constant({body: 'pwned'}), fc.constant({kind: 'ip', value: '10.0.0.1'}), fc.constant({thread: '/posts/a', closed: true}), fc.constant({policy: {mode: 'off'}}));

const fill = (path: string, id: string) => path.replace(':id', id);

/** What the admin could change: comments, bans, threads, settings. */
async function snapshot(server: TestServer): Promise<string> {
  const parts = await Promise.all([
    server.database.query('SELECT id, status, author, body, website, email, edited_at, owner FROM comments ORDER BY id'),
    server.database.query('SELECT kind, value FROM bans ORDER BY kind, value'),
    server.database.query('SELECT id, closed FROM threads ORDER BY id'),
    server.database.query("SELECT key, value FROM settings WHERE key <> 'secret' ORDER BY key"),
  ]);
  return JSON.stringify(parts);
}

async function send(server: TestServer, method: string, path: string, headers: Record<string, string | undefined>, body: unknown): Promise<Response> {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) clean[k] = v;
  if (body !== undefined) clean['Content-Type'] = 'application/json';
  const withBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
  return server.app.request(`/api/admin${path}`, {method, headers: clean, ...(withBody ? {body: JSON.stringify(body)} : {})}, loopbackPeer);
}

for (const engine of engines) {
  describe(`admin routes under attack [${engine}]`, () => {
    it('answer 401/403 without a live session, 403 without the CSRF token or from another origin, never 5xx, and change nothing', async () => {
      const server = await makeAdminServer(temp.dir, engine, {admin: {...loadConfig([], {}).admin, loginAttempts: 100_000, failDelayMs: 0}, policy: {...loadConfig([], {}).policy, mode: 'all', minSeconds: 0}});
      const routes = adminRoutesOf(server);
      assert.ok(routes.length >= 14, `found ${routes.length} routes`);
      for (const path of ['/comments', '/comments/actions', '/comments/:id', '/comments/:id/reply', '/comments/:id/ban', '/bans', '/bans/delete', '/threads', '/threads/close', '/settings', '/logout']) {
        assert.ok(routes.some((r) => r.path === path), `the router has ${path}`);
      }
      for (let i = 0; i < 3; i++) {
        const res = await server.post({thread: '/posts/a', author: 'Ada', email: 'ada@example.com', body: `comment ${i}`});
        assert.equal(res.status, 201);
      }
      await server.store.bans.add('email', 'spam@example.com', {reason: null, now: '2026-01-01T00:00:00.000Z'});

      const expired = await signIn(server);
      server.tick(12 * 3_600_000 + 1);
      const foreign = await signIn(await makeAdminServer(temp.dir, engine));
      const valid = await signIn(server);
      const other = await signIn(server);
      const before = await snapshot(server);

      const cookieArb = fc.oneof(
        fc.constant(undefined),
        ascii,
        ascii.map((s) => `natter_admin=${s}`),
        base64url.map((s) => `natter_admin=${s}`),
        fc.constantFrom(expired.cookie, foreign.cookie, `${valid.cookie}x`, valid.cookie.slice(0, -1), `natter_admin=${valid.csrf}`, `Natter_Admin=${valid.cookie.split('=')[1]}`),
      );
      const csrfArb = fc.oneof(fc.constant(undefined), ascii, fc.constantFrom(valid.csrf, other.csrf, expired.csrf, foreign.csrf, valid.csrf.toUpperCase(), ''));

      // 1. No live session: every route but the two public ones answers 401 (403 at most), whatever else is sent.
      await fc.assert(fc.asyncProperty(fc.constantFrom(...routes.filter((r) => !isPublic(r))), idArb, cookieArb, csrfArb, originArb, bodyArb,
        async (route, id, cookie, csrf, origin, body) => {
          const res = await send(server, route.method, fill(route.path, id), {Cookie: cookie, 'X-Natter-CSRF': csrf, Origin: origin}, body);
          assert.ok(res.status === 401 || res.status === 403, `${res.status} for ${route.method} ${fill(route.path, id)} cookie=${cookie}`);
          assert.equal(res.headers.get('set-cookie'), null);
          assert.equal(res.headers.get('cache-control'), 'no-store');
        }), {numRuns: runs});

      // 2. A live session, but a state change without its own CSRF token, or from another origin: 403.
      const badCsrf = fc.oneof(fc.constant(undefined), ascii.filter((s) => s.trim() !== valid.csrf), fc.constantFrom(other.csrf, expired.csrf, foreign.csrf, valid.csrf.toUpperCase(), '', `${valid.csrf}=`));
      const unsafeRoutes = routes.filter((r) => !safe(r.method) && !isPublic(r));
      await fc.assert(fc.asyncProperty(fc.constantFrom(...unsafeRoutes), idArb, badCsrf, originArb, bodyArb, async (route, id, csrf, origin, body) => {
        const res = await send(server, route.method, fill(route.path, id), {Cookie: valid.cookie, 'X-Natter-CSRF': csrf, Origin: origin}, body);
        assert.equal(res.status, 403, `${res.status} for ${route.method} ${fill(route.path, id)} csrf=${csrf}: ${await res.text()}`);
      }), {numRuns: runs});
      await fc.assert(fc.asyncProperty(fc.constantFrom(...unsafeRoutes), idArb, fc.constantFrom('https://evil.example', 'null', 'https://localhost', 'http://localhost:8080'), bodyArb,
        async (route, id, origin, body) => {
          const res = await send(server, route.method, fill(route.path, id), {Cookie: valid.cookie, 'X-Natter-CSRF': valid.csrf, Origin: origin}, body);
          assert.equal(res.status, 403, `${route.method} ${fill(route.path, id)} from ${origin}`);
        }), {numRuns: Math.ceil(runs / 3)});

      // 3. Any method on any path under /api/admin: only the sign-in is open, and a wrong password never signs in.
      const methodArb = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND');
      const pathArb = fc.oneof(
        fc.constantFrom(...routes.map((r) => r.path)).chain((p) => idArb.map((id) => fill(p, id))),
        fc.array(fc.oneof(idArb, fc.constantFrom('comments', 'bans', 'threads', 'settings', 'login', 'session', 'logout', 'actions', 'delete', 'close', '')), {maxLength: 4}).map((s) => `/${s.join('/')}`),
      );
      await fc.assert(fc.asyncProperty(methodArb, pathArb, cookieArb, csrfArb, originArb, bodyArb, async (method, path, cookie, csrf, origin, body) => {
        const res = await send(server, method, path, {Cookie: cookie, 'X-Natter-CSRF': csrf, Origin: origin}, body);
        assert.ok(res.status < 500, `${res.status} for ${method} ${path}`);
        // `..` segments resolve before routing; a path that leaves /api/admin isn't an admin path.
        const resolved = new URL(`http://localhost/api/admin${path}`).pathname;
        if (!resolved.startsWith('/api/admin/') && resolved !== '/api/admin') return;
        if (method === 'POST' && resolved === '/api/admin/login') {
          assert.ok(res.status >= 400, 'a random body is never the password');
        } else {
          assert.ok(res.status === 401 || res.status === 403, `${res.status} for ${method} ${path} cookie=${cookie}`);
        }
        assert.equal(res.headers.get('set-cookie'), null);
      }), {numRuns: runs});

      assert.equal(await snapshot(server), before, 'nothing changed: 0 bypasses');

      // 4. Signed in properly, random ids and bodies on every route are refused or done, never a 5xx.
      await fc.assert(fc.asyncProperty(fc.constantFrom(...routes.filter((r) => r.path !== '/logout' && r.path !== '/login')), idArb, bodyArb, async (route, id, body) => {
        const res = await adminRequest(server, route.method, fill(route.path, id), {session: valid, ...(body === undefined || safe(route.method) ? {} : {body})});
        assert.ok(res.status < 500, `${res.status} for ${route.method} ${fill(route.path, id)} ${JSON.stringify(body)}: ${await res.text()}`);
        assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      }), {numRuns: runs});

      // The right password still signs in.
      assert.equal((await adminRequest(server, 'POST', '/login', {body: {password}})).status, 200);
    });
  });
}
