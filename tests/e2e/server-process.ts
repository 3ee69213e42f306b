// Starts the reference server as a real child process on a free port, for end-to-end and contract tests.
import {spawn, type ChildProcess} from 'node:child_process';
import {createServer} from 'node:net';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface TestServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const {port} = s.address() as {port: number};
      s.close(() => resolve(port));
    });
  });
}

/** Starts `src/server/main.ts` on the SQLite file `db`, or on Postgres when `env` has NATTER_DATABASE_URL. */
export async function startTestServer({db, port, env = {}}: {db: string; port?: number; env?: Record<string, string>}): Promise<TestServer> {
  port ??= await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', '--port', String(port), '--db', db], {
    cwd: root,
    // Tests that seed or post over raw HTTP about something else (crashes, proxies, limits) skip the form's minimum
    // time. The widget's own end-to-end tests, the REST contract suite and the bot test set NATTER_MIN_SECONDS to the
    // default (3) or their own value, so the real token flow is what they test.
    env: {...process.env, NATTER_HOST: '127.0.0.1', NATTER_MIN_SECONDS: '0', ...env},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const r = await fetch(`${url}/api/counts?thread=/`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    child,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
