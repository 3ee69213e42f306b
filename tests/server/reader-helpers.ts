// Requests a reader's browser makes after posting: edit, delete and vote, as the widget sends them.
import assert from 'node:assert/strict';
import type {Comment, Votes} from '../../src/adapters/adapter.js';
import type {ServerConfig} from '../../src/server/config.js';
import {aComment, loopbackPeer, makeServer} from './setup.js';
import type {Engine, TestServer} from './setup.js';

export interface ApiAnswer<T> {
  status: number;
  body: T & {error?: {code: string; message: string; field?: string}};
  headers: Headers;
}

/** A server that believes X-Forwarded-For from its loopback peer, so a test can speak from many addresses. */
export const readerServer = (dir: string, engine: Engine, overrides: Partial<ServerConfig> = {}) => makeServer(dir, {trustProxy: {hops: 1}, ...overrides}, engine);

/** Posts a comment and answers its id and owner token. */
export async function postOwned(server: TestServer, fields: Record<string, unknown> = {}, key?: string): Promise<{id: string; token: string; comment: Comment}> {
  const res = await server.post(aComment(fields), key ? {key} : {});
  assert.equal(res.status, 201, await res.clone().text());
  const {comment, token} = (await res.json()) as {comment: Comment; token: string};
  return {id: comment.id, token, comment};
}

export async function send<T = Record<string, unknown>>(server: TestServer, method: string, path: string, {token, json, ip}: {token?: string | null; json?: unknown; ip?: string} = {}): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = {};
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  if (token !== undefined && token !== null) headers.Authorization = `Bearer ${token}`;
  if (ip) headers['X-Forwarded-For'] = ip;
  const res = await server.app.request(path, {method, headers, ...(json === undefined ? {} : {body: JSON.stringify(json)})}, loopbackPeer);
  return {status: res.status, body: (await res.json()) as ApiAnswer<T>['body'], headers: res.headers};
}

export const edit = (server: TestServer, id: string, body: unknown, token?: string | null) =>
  send<{comment: Comment}>(server, 'PATCH', `/api/comments/${id}`, {token, json: {body}});

export const remove = (server: TestServer, id: string, token?: string | null) =>
  send<{comment: Comment | null}>(server, 'DELETE', `/api/comments/${id}`, {token});

export const vote = (server: TestServer, id: string, value: number, voter: string, ip = '203.0.113.7') =>
  send<{votes: Votes; value: number}>(server, 'POST', `/api/comments/${id}/vote`, {json: {value, voter}, ip});

/** A browser's voter key as the widget makes one (22 base64url characters and more). */
export const voterKey = (n: number | string) => `voter-key-${String(n).padStart(12, '0')}`;

/** The thread as a reader lists it. */
export async function listed(server: TestServer, query = 'thread=/posts/hello'): Promise<{comments: Comment[]; next: string | null; votes?: string; editWindow?: number}> {
  const res = await server.get(`/api/comments?${query}`);
  assert.equal(res.status, 200);
  return (await res.json()) as {comments: Comment[]; next: string | null};
}
