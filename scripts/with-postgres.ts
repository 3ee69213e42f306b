// Runs a command with one temporary Postgres cluster for the whole run, handed down as NATTER_TEST_DATABASE_URL:
//   node --import tsx scripts/with-postgres.ts node --test ...
// Without Postgres installed the command runs anyway and its Postgres suites skip with a warning, unless CI or
// NATTER_REQUIRE_POSTGRES=1 is set, when the run fails instead.
import {spawn} from 'node:child_process';
import {postgresBinDir, postgresRequired, startCluster} from '../tests/lib/postgres.js';
import type {Cluster} from '../tests/lib/postgres.js';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: with-postgres.ts COMMAND [ARGS…]');
  process.exit(2);
}

let cluster: Cluster | undefined;
const env = {...process.env};
if (!env.NATTER_TEST_DATABASE_URL) {
  if (postgresBinDir()) {
    cluster = await startCluster();
    env.NATTER_TEST_DATABASE_URL = cluster.url;
  } else if (postgresRequired) {
    console.error('[natter tests] Postgres is required (CI or NATTER_REQUIRE_POSTGRES=1) but not installed: apt-get install postgresql.');
    process.exit(1);
  }
}

const child = spawn(command, args, {stdio: 'inherit', env});
const stop = () => cluster?.stop();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => child.kill(signal));
child.once('exit', (code, signal) => {
  stop();
  process.exit(code ?? (signal ? 1 : 0));
});
