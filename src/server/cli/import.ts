import {FORMATS} from '../io/formats.js';
import {runImport} from '../io/importer.js';
import {formatReport} from '../io/report.js';
import {parseMapRule} from '../io/thread-ids.js';
import type {MapRule} from '../io/thread-ids.js';
import {loadConfig} from '../config.js';
import {openStore} from '../store/open-store.js';

export const importUsage = `  natter import FILE --format disqus|wordpress|isso|remark42|commento|natter
         [--map-url 'FROM=>TO']... [--dry-run] [--lenient] [--db PATH]
                                   bring comments in from another system (.gz files too); a re-run adds nothing twice`;

/** `natter import`: reads its own flags, hands the rest (--db, …) to the server's settings. */
export async function importCommand(args: readonly string[]): Promise<void> {
  let file: string | undefined;
  let format: string | undefined;
  const rules: MapRule[] = [];
  let dryRun = false;
  let lenient = false;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => {
      const next = args[++i];
      if (next === undefined) throw new Error(`${arg} needs a value.`);
      return next;
    };
    if (arg === '--format') format = value();
    else if (arg.startsWith('--format=')) format = arg.slice(9);
    else if (arg === '--map-url') rules.push(parseMapRule(value()));
    else if (arg.startsWith('--map-url=')) rules.push(parseMapRule(arg.slice(10)));
    else if (arg === '--dry-run') dryRun = true;
    else if (arg === '--lenient') lenient = true;
    else if (!arg.startsWith('--') && file === undefined) file = arg;
    else if (arg.startsWith('--') && !arg.includes('=') && args[i + 1] !== undefined && !args[i + 1]!.startsWith('--')) rest.push(arg, args[++i]!);
    else rest.push(arg);
  }
  if (!file) throw new Error(`Say which file to import.\n\n${importUsage}`);
  const read = format === undefined ? undefined : FORMATS[format];
  if (!read) throw new Error(`Say which format the file is in with --format (${Object.keys(FORMATS).join(', ')}).`);
  const config = loadConfig(rest, process.env);
  const store = await openStore(config);
  try {
    const started = performance.now();
    const report = await runImport(store, {format: format!, read, file, rules, dryRun, lenient});
    console.log(formatReport(report));
    // maxRSS is in kilobytes: the most memory the process ever held, which the bench compares with its goal.
    const usage = process.resourceUsage();
    const cpu = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
    console.log(`Took ${((performance.now() - started) / 1000).toFixed(1)} s (CPU ${cpu.toFixed(1)} s); peak memory ${(usage.maxRSS / 1024).toFixed(0)} MB.`);
  } finally {
    await store.close();
  }
}
