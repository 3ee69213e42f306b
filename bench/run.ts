// `npm run bench [-- --quick]`: bundle size, render in Chromium, server reads/posts, the mixed load (alone and with
// live streams open), one after another. Prints a Markdown table per part and writes everything to bench/results/latest.json.
import {execFileSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import {cpus, totalmem, type} from 'node:os';
import {benchBundle} from './bundle.js';
import {benchImport} from './import.js';
import {benchLive} from './live.js';
import {benchLoad} from './load.js';
import {benchRender} from './render.js';
import {benchPhone} from './render-phone.js';
import {benchServer} from './server.js';

const quick = process.argv.includes('--quick');
const started = new Date();
const t0 = performance.now();

function chromiumVersion(): string {
  try {
    const out = execFileSync(process.env.CHROMIUM_BIN || '/usr/bin/chromium', ['--version'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']});
    return /[\d.]{6,}/.exec(out)?.[0] ?? out.trim();
  } catch {
    return 'not found';
  }
}

const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model.trim() ?? 'unknown',
  memoryGB: Math.round(totalmem() / 2 ** 30),
  os: `${type()} ${process.arch}`,
  node: process.version,
  chromium: chromiumVersion(),
};
console.log(`# Natter bench (${quick ? 'quick' : 'full'})\n`);
console.log(`${started.toISOString()} · ${machine.cores} cores (${machine.cpu}), ${machine.memoryGB} GB · ${machine.os} · Node ${machine.node} · Chromium ${machine.chromium}\n`);

const parts: [string, string, () => Promise<{markdown: string; json: unknown}>][] = [
  ['bundle', 'Bundle size', () => benchBundle()],
  ['render', 'Render in Chromium', () => benchRender({quick})],
  ['phone', 'Phone-class first paint, from the real server', () => benchPhone({quick})],
  ['server', 'Server reads and posts', () => benchServer({quick})],
  ['load', 'Mixed load', () => benchLoad({quick})],
  ['live', 'Mixed load with 1,000 live streams', () => benchLive({quick})],
  ['import', 'Import of a 100,000-comment WordPress export', () => benchImport({quick})],
];
const results: Record<string, unknown> = {};
const seconds: Record<string, number> = {};
let failed = false;
for (const [key, title, run] of parts) {
  const start = performance.now();
  console.log(`## ${title}\n`);
  try {
    const {markdown, json} = await run();
    results[key] = json;
    console.log(markdown);
  } catch (error) {
    failed = true;
    results[key] = {error: String((error as Error)?.stack ?? error)};
    console.log(`**Failed:** ${String((error as Error)?.message ?? error)}`);
  }
  seconds[key] = Math.round((performance.now() - start) / 100) / 10;
  console.log(`\n_${seconds[key]} s_\n`);
}
const total = Math.round((performance.now() - t0) / 100) / 10;
console.log(`Total ${total} s (${Object.entries(seconds).map(([k, s]) => `${k} ${s} s`).join(', ')}).`);

mkdirSync(new URL('./results/', import.meta.url), {recursive: true});
const file = new URL('./results/latest.json', import.meta.url);
writeFileSync(file, JSON.stringify({mode: quick ? 'quick' : 'full', date: started.toISOString(), machine, seconds: {...seconds, total}, results}, null, 2) + '\n');
console.log(`JSON: bench/results/latest.json`);
if (failed) process.exitCode = 1;
