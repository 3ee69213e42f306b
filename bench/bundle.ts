// The bundle bench: raw, gzip -9 and brotli (quality 11) sizes of every dist file and the three budget totals, from the
// same budgets module and measurement the build uses (scripts/budgets.js, scripts/size.js).
// Run alone with `node --import tsx bench/bundle.ts`.
import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {fileURLToPath, pathToFileURL} from 'node:url';
// @ts-expect-error: a plain Node script without declarations; its shapes are typed below.
import {budgets, measure} from '../scripts/size.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const dist = new URL('../dist/', import.meta.url);

interface FileRow {file: string; raw: number; gzip: number; brotli: number}
interface Budget {name: string; limit: number; files: string[]}

/** Builds when dist/ lacks the loader or the build manifest. */
export function ensureBuilt(log: (s: string) => void = console.error): boolean {
  const missing = ['natter.js', 'natter.classic.js', '.vite/manifest.json'].filter((f) => !existsSync(new URL(f, dist)));
  if (!missing.length) return false;
  log(`dist/ is missing ${missing.join(', ')}: running npm run build…`);
  execFileSync('npm', ['run', 'build'], {cwd: root, stdio: ['ignore', 'inherit', 'inherit']});
  return true;
}

export async function benchBundle(): Promise<{markdown: string; json: unknown}> {
  const built = ensureBuilt();
  const rows = (measure() as FileRow[]).filter((r) => !r.file.startsWith('lib/'));
  const of = new Map(rows.map((r) => [r.file, r]));
  const totals = (budgets() as Budget[]).map((b) => {
    const sum = (k: 'raw' | 'gzip' | 'brotli') => b.files.reduce((n, f) => n + (of.get(f)?.[k] ?? 0), 0);
    return {...b, raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli'), met: sum('gzip') <= b.limit};
  });
  const fmt = (n: number) => n.toLocaleString('en-US');
  const markdown = [
    'Budgets in gzip -9 bytes (scripts/budgets.js); each file compressed on its own, as the server sends it. Brotli at quality 11.',
    '',
    '| budget | files | raw B | gzip -9 B | brotli B | of budget | met |',
    '|---|---|---:|---:|---:|---:|---|',
    ...totals.map((t) => `| ${t.name} | ${t.files.join(', ')} | ${fmt(t.raw)} | ${fmt(t.gzip)} | ${fmt(t.brotli)} | ${((t.gzip / t.limit) * 100).toFixed(1)}% of ${fmt(t.limit)} (${fmt(t.limit - t.gzip)} B left) | ${t.met ? 'met' : '**NOT met**'} |`),
    '',
    '| file | raw B | gzip -9 B | brotli B |',
    '|---|---:|---:|---:|',
    ...rows.map((r) => `| ${r.file} | ${fmt(r.raw)} | ${fmt(r.gzip)} | ${fmt(r.brotli)} |`),
  ].join('\n');
  return {markdown, json: {builtNow: built, files: rows, budgets: totals, met: totals.every((t) => t.met)}};
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const {markdown} = await benchBundle();
  console.log(markdown);
}
