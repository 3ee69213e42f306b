import type {Server, ServerOptions} from 'node:http';
import type {ServerType} from '@hono/node-server';
import type {Socket} from 'node:net';
import {isTrustedProxy, rateLimitKey} from '../client-ip.js';
import type {TrustProxy} from '../client-ip.js';

/** How long a client may take and how many sockets it may hold; see the README's server settings. */
export interface ServerLimits {
  /** From the first byte of a request to the end of its headers; slow-header clients are cut off (408) after it. */
  headersTimeoutMs: number;
  /** For a whole request, body included, so a slow body cannot hold a socket either. */
  requestTimeoutMs: number;
  /** How long a kept-alive socket waits for its next request. */
  keepAliveTimeoutMs: number;
  /** A socket with no traffic either way for this long is closed, whatever state it is in. */
  idleTimeoutMs: number;
  /** Sockets open at once; more are closed on accept. Keep it well below the process's file-descriptor limit. */
  maxConnections: number;
  /** Sockets open at once from one IPv4 address or IPv6 /64 (trusted proxies are exempt). */
  maxConnectionsPerIp: number;
}

/** The defaults: generous for a reader on a slow phone, short enough that idle or trickling sockets don't pile up. */
export const defaultServerLimits: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 30_000,
  maxConnections: 10_000,
  maxConnectionsPerIp: 256,
};

/** Options for `http.createServer` (`serve({serverOptions})`); the deadlines' check interval can only be set here. */
export function httpServerOptions(limits: ServerLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node looks for overdue headers and requests every 30 s by default, which would stretch a 10 s deadline to 40 s.
    connectionsCheckingInterval: Math.max(25, Math.min(1000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4))),
  };
}

/** Counts of open sockets per client, for tests and logs. */
export interface ConnectionLimiter {
  /** Open sockets per rate-limit key (IPv4 address or IPv6 /64), trusted proxies left out. */
  open(): ReadonlyMap<string, number>;
  /** Sockets closed on accept because their address was over its cap. */
  refused(): number;
}

/**
 * Applies the limits to a Node HTTP server (the one `serve()` returns): the timeouts, `maxConnections`, and a per-IP
 * cap that closes a new socket at once when its address already holds `maxConnectionsPerIp`.
 */
export function applyServerLimits(served: ServerType, {limits, trustProxy}: {limits: ServerLimits; trustProxy: TrustProxy}): ConnectionLimiter {
  // serve() without a createServer option gives a node:http Server.
  const server = served as Server;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  // With no 'timeout' listener on the server, Node destroys a socket that has been idle this long.
  server.setTimeout(limits.idleTimeoutMs);

  const perIp = new Map<string, number>();
  let refused = 0;
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    // Behind a proxy every reader arrives on the proxy's sockets; the overall cap still holds for them.
    if (!address || isTrustedProxy(address, trustProxy)) return;
    const key = rateLimitKey(address);
    const count = (perIp.get(key) ?? 0) + 1;
    if (count > limits.maxConnectionsPerIp) {
      refused++;
      socket.destroy();
      return;
    }
    perIp.set(key, count);
    socket.once('close', () => {
      const left = perIp.get(key)! - 1;
      if (left === 0) perIp.delete(key);
      else perIp.set(key, left);
    });
  });
  return {open: () => perIp, refused: () => refused};
}
