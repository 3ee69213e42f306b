import {loadConfig} from '../../src/server/config.js';
import type {ServerConfig} from '../../src/server/config.js';
import {setPassword} from '../../src/server/services/admin-password.js';
import {loopbackPeer, makeServer} from './setup.js';
import type {Engine, TestServer} from './setup.js';

// Shared by the admin-*.test.ts files: a server with a password set, signing in, and requests as the admin page
// sends them (cookie, CSRF header, same-origin Origin).

export const password = 'correct horse battery';
export const origin = 'http://localhost';

/** A signed-in session: the cookie header to send, and its CSRF token. */
export interface Session {
  cookie: string;
  csrf: string;
  expiresAt: string;
}

/** A server whose wrong passwords wait only briefly (the delay itself is tested with the default). */
export async function makeAdminServer(dir: string, engine: Engine, overrides: Partial<ServerConfig> = {}) {
  const defaults = loadConfig([], {});
  const server = await makeServer(dir, {minSeconds: 0, admin: {...defaults.admin, failDelayMs: 20}, ...overrides} as Partial<ServerConfig>, engine);
  await setPassword(server.store, password, new Date().toISOString());
  return server;
}

/** Sends a request to /api/admin/…, with the session's cookie and CSRF token when given. */
export function adminRequest(server: TestServer, method: string, path: string, {session, body, headers = {}}: {session?: Session | undefined; body?: unknown; headers?: Record<string, string>} = {}) {
  const all: Record<string, string> = {Origin: origin, ...headers};
  if (session) {
    all.Cookie = session.cookie;
    all['X-Natter-CSRF'] = session.csrf;
  }
  if (body !== undefined) all['Content-Type'] = 'application/json';
  return server.app.request(`/api/admin${path}`, {method, headers: all, ...(body === undefined ? {} : {body: typeof body === 'string' ? body : JSON.stringify(body)})}, loopbackPeer);
}

/** Signs in with `pass`; throws unless it worked. */
export async function signIn(server: TestServer, pass = password): Promise<Session> {
  const res = await adminRequest(server, 'POST', '/login', {body: {password: pass}});
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  const {csrf, expiresAt} = (await res.json()) as {csrf: string; expiresAt: string};
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0]!;
  return {cookie, csrf, expiresAt};
}

/** JSON of an admin call that must succeed. */
export async function adminJson<T = Record<string, unknown>>(server: TestServer, method: string, path: string, session: Session, body?: unknown): Promise<T> {
  const res = await adminRequest(server, method, path, {session, body});
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}
