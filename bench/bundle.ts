// The bundle bench: raw, gzip -9 and brotli (quality 11) sizes of what a reader downloads, against the 15 KB gzip budget.
// Run alone with `node --import tsx bench/bundle.ts`.
import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {brotliCompressSync, constants, gzipSync} from 'node:zlib';

export const BUDGET_GZIP = 15 * 1024;
const root = fileURLToPath(new URL('../', import.meta.url));
const dist = new URL('../dist/', import.meta.url);
/** What the embed snippet makes a reader download (one or the other). */
const downloaded = ['natter.js', 'natter.classic.js'];
/** Fetched only for adapter="memory". */
const lazy = ['natter-memory.js'];

export interface SizeRow {
  file: string;
  kind: 'entry' | 'lazy';
  raw: number;
  gzip: number;
  brotli: number;
  budget: number | null;
  met: boolean | null;
}

/** Builds when dist/ lacks a file. */
export function ensureBuilt(log: (s: string) => void = console.error): boolean {
  const missing = [...downloaded, ...lazy].filter((f) => !existsSync(new URL(f, dist)));
  if (!missing.length) return false;
  log(`dist/ is missing ${missing.join(', ')}: running npm run build…`);
  execFileSync('npm', ['run', 'build'], {cwd: root, stdio: ['ignore', 'inherit', 'inherit']});
  return true;
}

export async function benchBundle(): Promise<{markdown: string; json: unknown}> {
  const built = ensureBuilt();
  const rows: SizeRow[] = [...downloaded.map((f) => [f, 'entry'] as const), ...lazy.map((f) => [f, 'lazy'] as const)].map(([file, kind]) => {
    const bytes = readFileSync(new URL(file, dist));
    const gzip = gzipSync(bytes, {level: 9}).length;
    return {
      file,
      kind,
      raw: bytes.length,
      gzip,
      brotli: brotliCompressSync(bytes, {params: {[constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length}}).length,
      budget: kind === 'entry' ? BUDGET_GZIP : null,
      met: kind === 'entry' ? gzip <= BUDGET_GZIP : null,
    };
  });
  const fmt = (n: number) => n.toLocaleString('en-US');
  const line = (r: SizeRow) =>
    `| ${r.kind === 'lazy' ? `${r.file} (lazy, adapter="memory" only)` : r.file} | ${fmt(r.raw)} | ${fmt(r.gzip)} | ${fmt(r.brotli)} | ${
      r.budget === null ? '—' : `${((r.gzip / r.budget) * 100).toFixed(1)}% (${fmt(r.budget - r.gzip)} B left)`
    } | ${r.met === null ? '—' : r.met ? 'met' : '**NOT met**'} |`;
  const markdown = [
    `Budget: ${fmt(BUDGET_GZIP)} B gzip -9 for each file a reader downloads. Brotli at quality 11.`,
    '',
    '| file | raw B | gzip -9 B | brotli B | of gzip budget | budget |',
    '|---|---:|---:|---:|---:|---|',
    ...rows.filter((r) => r.kind === 'entry').map(line),
    ...rows.filter((r) => r.kind === 'lazy').map(line),
  ].join('\n');
  return {markdown, json: {budgetGzip: BUDGET_GZIP, builtNow: built, files: rows, met: rows.every((r) => r.met !== false)}};
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const {markdown} = await benchBundle();
  console.log(markdown);
}
