// The README's nginx and Caddy set-ups, run for real in front of the real server with NATTER_TRUST_PROXY=1 (plain
// HTTP on loopback instead of TLS): the rate limit counts the reader's address as the proxy saw it, a forged
// X-Forwarded-For changes nothing, and the proxy's own sockets are exempt from the per-IP connection cap.
import assert from 'node:assert/strict';
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {request} from 'node:http';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {freePort, startTestServer, type TestServer} from '../e2e/server-process.js';
import {openStream} from './live-sse.js';
import {makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

const has = (binary: string, args: string[]) => spawnSync(binary, args, {stdio: 'ignore'}).status === 0;
const nginx = has('nginx', ['-v']);
const caddy = has('caddy', ['version']);

/** One request from `localAddress` through `port`: the status and body. */
function send(port: number, localAddress: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{status: number; body: string; headers: Record<string, string | string[] | undefined>}> {
  return new Promise((resolve, reject) => {
    const req = request({host: '127.0.0.1', port, method, path, localAddress, headers, agent: false}, (res) => {
      let text = '';
      res.setEncoding('latin1');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({status: res.statusCode!, body: text, headers: res.headers}));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let serial = 0;
const post = (port: number, from: string, headers: Record<string, string> = {}) =>
  send(port, from, 'POST', '/api/comments', {'Content-Type': 'application/json', 'Idempotency-Key': `proxy-${++serial}`, ...headers}, JSON.stringify({thread: '/p', author: 'Ada', body: 'Hi'}));

async function waitForAnswer(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the proxy exited:\n${output()}`);
    if (await send(port, '127.0.0.1', 'GET', '/api/counts?thread=a').then((r) => r.status === 200, () => false)) return;
    if (Date.now() > deadline) throw new Error(`the proxy did not answer:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function spawnProxy(command: string, args: string[], env: Record<string, string> = {}): {child: ChildProcess; output: () => string; stop(): Promise<void>} {
  const child = spawn(command, args, {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, ...env}});
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The checks, the same for each proxy. */
function behavesBehind(proxyPort: () => number, natter: () => TestServer) {
  it("limits posts by the reader's address, and a forged X-Forwarded-For does not move them to another bucket", async () => {
    assert.equal((await post(proxyPort(), '127.0.0.2')).status, 201);
    assert.equal((await post(proxyPort(), '127.0.0.2')).status, 429);
    // Another reader, claiming to be a fresh address, is still counted as itself.
    assert.equal((await post(proxyPort(), '127.0.0.3', {'X-Forwarded-For': '198.51.100.1'})).status, 201);
    assert.equal((await post(proxyPort(), '127.0.0.3', {'X-Forwarded-For': '198.51.100.2'})).status, 429);
    // And one who names another reader's address does not use up that reader's posts.
    assert.equal((await post(proxyPort(), '127.0.0.4', {'X-Forwarded-For': '127.0.0.5'})).status, 201);
    assert.equal((await post(proxyPort(), '127.0.0.5')).status, 201);
  });

  it('passes Natter’s compressed answers on as they are', async () => {
    const path = `/api/counts?${Array.from({length: 60}, (_, i) => `thread=%2Fa-long-thread-name-${i}`).join('&')}`;
    const proxied = await send(proxyPort(), '127.0.0.6', 'GET', path, {'Accept-Encoding': 'gzip'});
    const direct = await send(natter().port, '127.0.0.6', 'GET', path, {'Accept-Encoding': 'gzip'});
    assert.equal(proxied.status, 200);
    assert.equal(proxied.headers['content-encoding'], 'gzip');
    assert.match(String(proxied.headers.vary), /Accept-Encoding/);
    assert.equal(proxied.body, direct.body, 'the same gzip bytes as Natter sent');
  });

  it('passes a live stream on as it is written: an event posted through the proxy arrives within a second', async () => {
    const stream = await openStream(`http://127.0.0.1:${proxyPort()}/api/events?thread=%2Fp`);
    assert.equal(stream.status, 200);
    await stream.until((m) => m.length > 0, 1000);
    assert.equal((await post(proxyPort(), '127.0.0.7')).status, 201);
    await stream.until((m) => m.some((x) => x.event === 'created'), 1000);
    stream.close();
  });

  it('lets the proxy open more sockets than the per-IP cap (it is trusted), and serves every request', async () => {
    const answers = await Promise.all(Array.from({length: 30}, (_, i) => send(proxyPort(), `127.0.1.${i + 1}`, 'GET', `/api/counts?thread=c${i}`)));
    assert.deepEqual(answers.map((a) => a.status), Array(30).fill(200));
  });
}

describe('behind nginx', {skip: nginx ? false : 'nginx is not installed (apt-get install nginx-light); the README snippet is not checked'}, () => {
  let natter: TestServer;
  let proxy: ReturnType<typeof spawnProxy>;
  let port = 0;
  before(async () => {
    natter = await startTestServer({db: join(temp.dir, 'nginx.db'), env: {NATTER_TRUST_PROXY: '1', NATTER_RATE_LIMIT: '1', NATTER_MAX_CONNECTIONS_PER_IP: '2'}});
    port = await freePort();
    const dir = temp.dir;
    // The README's server block, with plain HTTP on loopback instead of TLS.
    writeFileSync(
      join(dir, 'nginx.conf'),
      `pid ${dir}/nginx.pid; error_log stderr; daemon off; events {}
http {
  access_log off;
  client_body_temp_path ${dir}/nb; proxy_temp_path ${dir}/np; fastcgi_temp_path ${dir}/nf; uwsgi_temp_path ${dir}/nu; scgi_temp_path ${dir}/ns;
  upstream natter { server 127.0.0.1:${natter.port}; keepalive 32; keepalive_timeout 4s; }
  server {
    listen 127.0.0.1:${port};
    gzip off; client_max_body_size 64k; client_header_timeout 10s; client_body_timeout 30s;
    location / {
      proxy_pass http://natter;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
    location /api/events {
      proxy_pass http://natter;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_buffering off;
    }
  }
}
`,
    );
    // Run as root, nginx's workers would switch to nobody, who cannot enter the test's temp folder.
    proxy = spawnProxy('nginx', ['-c', join(dir, 'nginx.conf'), ...(process.getuid?.() === 0 ? ['-g', 'user root;'] : [])]);
    await waitForAnswer(port, proxy.child, proxy.output);
  });
  after(async () => {
    await proxy?.stop();
    await natter?.stop();
  });
  behavesBehind(() => port, () => natter);
});

describe('behind Caddy', {skip: caddy ? false : 'caddy is not installed (apt-get install caddy); the README snippet is not checked'}, () => {
  let natter: TestServer;
  let proxy: ReturnType<typeof spawnProxy>;
  let port = 0;
  before(async () => {
    natter = await startTestServer({db: join(temp.dir, 'caddy.db'), env: {NATTER_TRUST_PROXY: '1', NATTER_RATE_LIMIT: '1', NATTER_MAX_CONNECTIONS_PER_IP: '2'}});
    port = await freePort();
    // The README's site block, on plain HTTP (no certificate to fetch) and without Caddy's admin endpoint.
    writeFileSync(
      join(temp.dir, 'Caddyfile'),
      `{
	admin off
	auto_https off
}
http://127.0.0.1:${port} {
	reverse_proxy 127.0.0.1:${natter.port} {
		transport http {
			keepalive 4s
		}
	}
}
`,
    );
    proxy = spawnProxy('caddy', ['run', '--config', join(temp.dir, 'Caddyfile'), '--adapter', 'caddyfile'], {HOME: temp.dir, XDG_DATA_HOME: temp.dir, XDG_CONFIG_HOME: temp.dir});
    await waitForAnswer(port, proxy.child, proxy.output);
  });
  after(async () => {
    await proxy?.stop();
    await natter?.stop();
  });
  behavesBehind(() => port, () => natter);
});
