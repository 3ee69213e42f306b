import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {freePort, startTestServer} from '../../tests/e2e/server-process.js';
import type {TestServer} from '../../tests/e2e/server-process.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** A child process serving HTTP on loopback. */
export interface ServedProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * The real Natter server as a child process on a free loopback port, with the rate limits off. The bench posts like
 * a machine (one address, the same text, at once, without a form token), which the spam defences exist to refuse;
 * their other per-post reads (policy, thread, bans) still run.
 */
export function startNatter(db: string, env: Record<string, string> = {}): Promise<TestServer> {
  return startTestServer({db, env: {...benchEnv, ...env}});
}

/** The settings that let the bench's machine-made posts through (its generated threads have comments with many links). */
export const benchEnv = {NATTER_RATE_LIMIT: '0', NATTER_THREAD_RATE_LIMIT: '0', NATTER_GLOBAL_RATE_LIMIT: '0', NATTER_DUPLICATE_MINUTES: '0', NATTER_MIN_SECONDS: '0', NATTER_MAX_LINKS: '1000'};

/** The floor server (see floor-server.ts), started the same way as the real one: node with the tsx loader. */
export async function startFloor(responsesFile: string): Promise<ServedProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/floor-server.ts', String(port), responsesFile], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`floor server exited early:\n${output}`);
    // Any answer will do (the floor knows only the recorded paths and says 404 to the rest).
    if (await fetch(url).then((r) => r.status > 0, () => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`floor server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
