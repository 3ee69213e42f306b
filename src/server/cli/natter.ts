import {loadConfig} from '../config.js';
import {adminUsage, runAdmin} from './admin.js';
import {backupSqlite} from './backup.js';

const usage = `Usage:
  natter backup FILE [--db PATH]   copy the SQLite database (live, consistent) to FILE
${adminUsage}
  natter help                      show this

Settings come from the same NATTER_* variables and flags as the server (NATTER_DB, --db, NATTER_DATABASE_URL).`;

const [command, ...rest] = process.argv.slice(2);

try {
  if (command === 'backup') {
    const destination = rest[0] && !rest[0].startsWith('--') ? rest[0] : undefined;
    if (!destination) throw new Error(`Say where the backup goes, e.g. natter backup ./backups/natter-$(date +%F).db\n\n${usage}`);
    const config = loadConfig(rest.slice(1), process.env);
    if (config.databaseUrl) {
      throw new Error('NATTER_DATABASE_URL is set: back up Postgres with pg_dump (see the README), not natter backup.');
    }
    const result = await backupSqlite(config.dbPath, destination);
    console.log(`Backed up ${result.comments} comments from ${config.dbPath} to ${result.path} (integrity ${result.integrity}).`);
  } else if (command === 'admin') {
    await runAdmin(rest, process.env);
  } else if (command === 'help' || command === '--help' || command === undefined) {
    console.log(usage);
  } else {
    throw new Error(`Unknown command "${command}".\n\n${usage}`);
  }
} catch (error) {
  console.error(`[natter] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
