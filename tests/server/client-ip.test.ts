import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {Hono} from 'hono';
import {clientIp, normalizeIp, rateLimitKey} from '../../src/server/client-ip.js';
import type {TrustProxy} from '../../src/server/client-ip.js';
import {loadConfig} from '../../src/server/config.js';

/** The address clientIp() gives for a request from socket peer `peer` carrying `forwardedFor`. */
async function seenAs(trust: TrustProxy, peer: string | undefined, forwardedFor?: string): Promise<string> {
  const app = new Hono();
  app.get('/', (c) => c.text(clientIp(c, trust)));
  const env = peer === undefined ? {} : {incoming: {socket: {remoteAddress: peer, remotePort: 40000, remoteFamily: peer.includes(':') ? 'IPv6' : 'IPv4'}}};
  const res = await app.request('/', {headers: forwardedFor === undefined ? {} : {'X-Forwarded-For': forwardedFor}}, env);
  return res.text();
}

const trust = (value: string) => loadConfig([], {NATTER_TRUST_PROXY: value}).trustProxy;

describe('clientIp', () => {
  describe('when no proxy is trusted (the default)', () => {
    it('uses the socket peer and ignores a forged X-Forwarded-For', async () => {
      assert.equal(await seenAs(false, '203.0.113.5', '198.51.100.1'), '203.0.113.5');
    });

    it('answers "unknown" without a socket', async () => {
      assert.equal(await seenAs({hops: 1}, undefined, '198.51.100.1'), 'unknown');
    });
  });

  describe('with NATTER_TRUST_PROXY=1 (one proxy on this host)', () => {
    it('takes the entry the local proxy appended, not what the client wrote left of it', async () => {
      assert.equal(await seenAs(trust('1'), '127.0.0.1', '192.0.2.66, 203.0.113.9'), '203.0.113.9');
      assert.equal(await seenAs(trust('1'), '::1', '2001:db8::9'), '2001:db8::9');
      assert.equal(await seenAs(trust('1'), '::ffff:127.0.0.1', '203.0.113.9'), '203.0.113.9');
    });

    it('ignores X-Forwarded-For from a peer that is not on loopback (the port reached directly)', async () => {
      assert.equal(await seenAs(trust('1'), '198.51.100.20', '203.0.113.9'), '198.51.100.20');
    });

    it('uses the peer when the proxy sent no X-Forwarded-For, or garbage', async () => {
      assert.equal(await seenAs(trust('1'), '127.0.0.1'), '127.0.0.1');
      assert.equal(await seenAs(trust('1'), '127.0.0.1', 'not-an-ip'), '127.0.0.1');
    });
  });

  describe('with a hop count of 2 (a CDN in front of a local proxy)', () => {
    it('walks two entries from the right', async () => {
      assert.equal(await seenAs(trust('2'), '127.0.0.1', '192.0.2.66, 203.0.113.9, 198.51.100.7'), '203.0.113.9');
    });
  });

  describe('with a list of proxy addresses and ranges', () => {
    const proxies = trust('10.0.0.0/8, 2001:db8:ffff::/48');

    it('skips trusted hops from the right and stops at the first untrusted address', async () => {
      assert.equal(await seenAs(proxies, '10.1.2.3', '192.0.2.66, 203.0.113.9, 10.9.9.9'), '203.0.113.9');
      assert.equal(await seenAs(proxies, '2001:db8:ffff::1', '2001:db8:1::5, 2001:db8:ffff::2'), '2001:db8:1::5');
    });

    it('ignores a forged header from an untrusted peer', async () => {
      assert.equal(await seenAs(proxies, '203.0.113.50', '10.0.0.1'), '203.0.113.50');
      assert.equal(await seenAs(proxies, '2001:db8:aaaa::1', '192.0.2.1'), '2001:db8:aaaa::1');
    });

    it('accepts entries with ports and brackets, as some proxies write them', async () => {
      assert.equal(await seenAs(proxies, '10.0.0.2', '203.0.113.9:51234'), '203.0.113.9');
      assert.equal(await seenAs(proxies, '10.0.0.2', '[2001:DB8:1::5]:443'), '2001:db8:1::5');
    });

    it('stops at the last trusted hop when an entry is not an address', async () => {
      assert.equal(await seenAs(proxies, '10.0.0.2', 'evil, 10.0.0.3'), '10.0.0.3');
    });

    it('uses the leftmost entry when every hop is a trusted proxy', async () => {
      assert.equal(await seenAs(proxies, '10.0.0.2', '10.0.0.4, 10.0.0.3'), '10.0.0.4');
    });
  });
});

describe('rateLimitKey', () => {
  it('keeps an IPv4 address as it is', () => {
    assert.equal(rateLimitKey('203.0.113.9'), '203.0.113.9');
  });

  it('turns an IPv4-mapped IPv6 address into IPv4', () => {
    assert.equal(rateLimitKey('::ffff:203.0.113.9'), '203.0.113.9');
    assert.equal(rateLimitKey('::FFFF:cb00:7109'), '203.0.113.9');
  });

  it('keys IPv6 by its /64, whatever the form', () => {
    assert.equal(rateLimitKey('::1'), '::/64');
    assert.equal(rateLimitKey('2001:db8::1'), '2001:db8::/64');
    assert.equal(rateLimitKey('2001:db8::1'), rateLimitKey('2001:db8:0:0:ffff::2'));
    assert.equal(rateLimitKey('2001:0DB8:0000:0000:1:2:3:4'), '2001:db8::/64');
    assert.equal(rateLimitKey('2001:db8:0:1::1'), '2001:db8:0:1::/64');
    assert.equal(rateLimitKey('fe80::1%eth0'), 'fe80::/64');
  });

  it('gives different /64s different keys', () => {
    assert.notEqual(rateLimitKey('2001:db8:0:1::1'), rateLimitKey('2001:db8:0:2::1'));
    assert.notEqual(rateLimitKey('2001:db8:1::'), rateLimitKey('2001:db8::'));
  });

  it('passes anything that is not an address through unchanged', () => {
    assert.equal(rateLimitKey('unknown'), 'unknown');
  });
});

describe('normalizeIp', () => {
  it('writes IPv6 in RFC 5952 form and refuses what is not an address', () => {
    assert.equal(normalizeIp('2001:0db8:0000:0000:0000:ff00:0042:8329'), '2001:db8::ff00:42:8329');
    assert.equal(normalizeIp('2001:db8:0:1:0:0:0:1'), '2001:db8:0:1::1');
    assert.equal(normalizeIp('1:0:0:2:0:0:0:3'), '1:0:0:2::3');
    assert.equal(normalizeIp('::'), '::');
    assert.equal(normalizeIp('1.2.3'), null);
    assert.equal(normalizeIp('2001:db8::1::2'), null);
  });
});
