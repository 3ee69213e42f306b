// A real Postgres for the tests: Debian's server on a temporary data directory and a free port, never a mock.
// `scripts/with-postgres.ts` starts one cluster for a whole run and passes it down as NATTER_TEST_DATABASE_URL;
// a test file run on its own starts its own cluster and stops it when the process exits.
import {execFileSync, spawnSync} from 'node:child_process';
import {chownSync, existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import pg from 'pg';
import {freePort} from '../e2e/server-process.js';

/** A running cluster: an admin URL (database `postgres`) and how to stop it. */
export interface Cluster {
  url: string;
  stop(): void;
}

/**
 * The directory holding initdb, pg_ctl and postgres, or null when Postgres isn't installed. NATTER_POSTGRES_BINDIR
 * names it where it is elsewhere (e.g. Homebrew's); it is then the only place looked at.
 */
export function postgresBinDir(): string | null {
  const named = process.env.NATTER_POSTGRES_BINDIR;
  if (named) return existsSync(join(named, 'initdb')) ? named : null;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  const found = spawnSync('pg_config', ['--bindir'], {encoding: 'utf8'});
  const dir = found.status === 0 ? found.stdout.trim() : '';
  return dir && existsSync(join(dir, 'initdb')) ? dir : null;
}

/** Whether a missing Postgres must fail the run (in CI, or when asked) rather than skip its suites. */
export const postgresRequired = Boolean(process.env.CI) || process.env.NATTER_REQUIRE_POSTGRES === '1';

/** initdb + pg_ctl start on a fresh directory. As root the cluster runs as the `postgres` user, which initdb needs. */
export async function startCluster(): Promise<Cluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('Postgres is not installed (no initdb found); install the Debian package "postgresql".');
  const base = mkdtempSync(join(tmpdir(), 'natter-pg-'));
  const data = join(base, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]) => {
    const [cmd, full] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    execFileSync(cmd, full, {stdio: ['ignore', 'pipe', 'pipe']});
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], {encoding: 'utf8'}).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], {encoding: 'utf8'}).trim());
    chownSync(base, uid, gid);
  }
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  // fsync off: these clusters are thrown away; the crash test kills Natter, not Postgres. Many test servers each
  // hold a few connections, hence the higher cap.
  const options = `-p ${port} -k ${data} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=400`;
  run('pg_ctl', ['-D', data, '-o', options, '-l', join(base, 'log'), '-w', 'start']);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(base, {recursive: true, force: true});
      }
    },
  };
}

let admin: Promise<string | null> | undefined;

/**
 * The admin URL of the run's Postgres, starting one for this process when none was handed down. Null (with a
 * printed warning) when Postgres isn't installed; a thrown error instead when it is required.
 */
export function postgresAdminUrl(): Promise<string | null> {
  admin ??= (async () => {
    if (process.env.NATTER_TEST_DATABASE_URL) return process.env.NATTER_TEST_DATABASE_URL;
    if (!postgresBinDir()) {
      const why = 'Postgres is not installed (no initdb under NATTER_POSTGRES_BINDIR, /usr/lib/postgresql or from pg_config)';
      if (postgresRequired) throw new Error(`${why}, and CI or NATTER_REQUIRE_POSTGRES=1 requires it. Install "postgresql".`);
      console.warn(`[natter tests] SKIPPING the Postgres suites: ${why}. Install the Debian package "postgresql" to run them.`);
      return null;
    }
    const cluster = await startCluster();
    process.once('exit', () => cluster.stop());
    return cluster.url;
  })();
  return admin;
}

let serial = 0;

/** A new, empty database on the run's cluster, named for this process so parallel test files never share one. */
export async function freshDatabase(adminUrl: string): Promise<string> {
  const name = `natter_${process.pid}_${++serial}`;
  const client = new pg.Client({connectionString: adminUrl});
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
