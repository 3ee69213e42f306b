import {BlockList, isIP} from 'node:net';
import type {Context} from 'hono';
import {getConnInfo} from '@hono/node-server/conninfo';

/**
 * Which proxies may tell us the client's address: none (`false`), a count of hops in front of a proxy on this host
 * (the socket's peer must be a loopback address), or the proxies' own addresses and CIDR ranges.
 */
export type TrustProxy = false | {hops: number} | {ranges: string[]};

interface CompiledTrust {
  /** Whether a socket peer at this (normalised) address is a proxy that may set X-Forwarded-For. */
  trusts(ip: string): boolean;
  /** Whether the walk goes on past this entry (it is a proxy of ours, so what it appended is believed too). */
  walksPast(ip: string): boolean;
  /** At most how many entries from the right to walk. */
  hops: number;
}

const compiled = new WeakMap<object, CompiledTrust>();

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/**
 * The IP a request came from. X-Forwarded-For is read only when the socket's peer is a trusted proxy, walking from
 * the right (each proxy appends the address it saw) and skipping trusted proxies, so entries a client wrote are never
 * believed. With no socket (app.request() in tests, another runtime) the address is `unknown`.
 */
export function clientIp(c: Context, trustProxy: TrustProxy): string {
  const peer = peerAddress(c);
  if (!trustProxy || peer === 'unknown') return peer;
  const trust = compile(trustProxy);
  if (!trust.trusts(peer)) return peer;
  const header = c.req.header('x-forwarded-for');
  if (!header) return peer;
  const entries = header.split(',');
  let ip = peer;
  for (let i = entries.length - 1, walked = 0; i >= 0 && walked < trust.hops; i--, walked++) {
    const entry = parseForwardedEntry(entries[i]!);
    // Garbage where an address should be was not written by a proxy of ours: stop at the last one we trust.
    if (entry === null) break;
    ip = entry;
    if (!trust.walksPast(entry)) break;
  }
  return ip;
}

/** Whether the connection's peer is a proxy the operator trusts (those are exempt from the per-IP socket cap). */
export function isTrustedProxy(address: string, trustProxy: TrustProxy): boolean {
  if (!trustProxy) return false;
  const ip = normalizeIp(address);
  return ip !== null && compile(trustProxy).trusts(ip);
}

/**
 * The key a client is rate-limited under: an IPv4 address as it is (IPv4-mapped IPv6 becomes IPv4), and an IPv6
 * address as its /64 prefix, because one subscriber is usually given a whole /64 and can rotate through it freely.
 */
export function rateLimitKey(ip: string): string {
  const normal = normalizeIp(ip);
  if (normal === null) return ip;
  if (isIP(normal) === 4) return normal;
  const groups = ipv6Groups(normal)!;
  return `${formatIpv6([...groups.slice(0, 4), 0, 0, 0, 0])}/64`;
}

/** An IP in one canonical text form (IPv6 compressed and lowercase, IPv4-mapped as IPv4), or null if it is not one. */
export function normalizeIp(text: string): string | null {
  const ip = text.trim();
  const version = isIP(ip);
  if (version === 4) return ip;
  if (version !== 6) return null;
  const groups = ipv6Groups(ip);
  if (!groups) return null;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `${groups[6]! >> 8}.${groups[6]! & 0xff}.${groups[7]! >> 8}.${groups[7]! & 0xff}`;
  }
  return formatIpv6(groups);
}

function peerAddress(c: Context): string {
  let address: string | undefined;
  try {
    address = getConnInfo(c).remote.address;
  } catch {
    // No Node socket.
  }
  return (address && normalizeIp(address)) || 'unknown';
}

/** One X-Forwarded-For entry: an address, also accepted as `1.2.3.4:port`, `[v6]` or `[v6]:port`. */
function parseForwardedEntry(raw: string): string | null {
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d{1,5}$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  return normalizeIp(text);
}

function compile(trustProxy: Exclude<TrustProxy, false>): CompiledTrust {
  let trust = compiled.get(trustProxy);
  if (trust) return trust;
  if ('hops' in trustProxy) {
    // The peer must be on loopback; after it, `hops` entries are walked, trusted by count rather than by address.
    trust = {hops: trustProxy.hops, trusts: (ip) => checkIn(loopback, ip), walksPast: () => true};
  } else {
    const list = new BlockList();
    for (const range of trustProxy.ranges) {
      const [address, bits] = range.split('/') as [string, string | undefined];
      const ip = normalizeIp(address)!;
      const type = isIP(ip) === 4 ? 'ipv4' : 'ipv6';
      if (bits === undefined) list.addAddress(ip, type);
      else list.addSubnet(ip, Number(bits), type);
    }
    const trusts = (ip: string) => checkIn(list, ip);
    trust = {hops: Infinity, trusts, walksPast: trusts};
  }
  compiled.set(trustProxy, trust);
  return trust;
}

function checkIn(list: BlockList, ip: string): boolean {
  return list.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
}

/** The eight 16-bit groups of an IPv6 address (zone id dropped, an IPv4 tail folded in), or null. */
function ipv6Groups(ip: string): number[] | null {
  let text = ip.toLowerCase();
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  if (fill < 0 || (halves.length === 1 && head.length !== 8)) return null;
  const groups = [...head, ...Array<string>(fill).fill('0'), ...tail].map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
  return groups.length === 8 && groups.every((g) => g >= 0) ? groups : null;
}

/** RFC 5952 text: lowercase, no leading zeros, the longest run of two or more zero groups as `::`. */
function formatIpv6(groups: number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
