// Prints each dist file's raw, gzip -9 and brotli sizes, and the budget totals (scripts/budgets.js) from the
// build's manifest; exits non-zero when one is over. `--json` prints the figures as JSON instead (the bench reads it).
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {gzipSync, brotliCompressSync, constants} from 'node:zlib';
import {ADMIN, COUNT, FIRST_PAINT, LOADER, LOCALE, NOT_FOR_READERS, READER, THREAD_CHUNK} from './budgets.js';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

/** Every .js file of the current build under dist/, with its three sizes (earlier builds' chunks stay, unmeasured). */
export function measure(dir = dist) {
  const manifest = JSON.parse(readFileSync(join(dir, '.vite/manifest.json'), 'utf8'));
  const current = new Set(Object.values(manifest).map((m) => m.file));
  const files = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) {
        // dist/lib is the compiled package for bundlers (tsc), not something a reader downloads.
        if (!name.startsWith('.') && name !== 'lib') walk(path);
      } else if (name.endsWith('.js') && (relative(dir, d) !== 'chunks' || current.has(relative(dir, path)))) files.push(path);
    }
  };
  walk(dir);
  return files.sort().map((path) => {
    const bytes = readFileSync(path);
    return {
      file: relative(dir, path),
      raw: bytes.length,
      gzip: gzipSync(bytes, {level: 9}).length,
      brotli: brotliCompressSync(bytes, {params: {[constants.BROTLI_PARAM_QUALITY]: 11}}).length,
    };
  });
}

/** The files behind each budget, from Vite's manifest: a chunk with everything it imports statically. */
export function budgets(dir = dist) {
  const manifest = JSON.parse(readFileSync(join(dir, '.vite/manifest.json'), 'utf8'));
  const closure = (key, seen = new Set()) => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const k of manifest[key].imports ?? []) closure(k, seen);
    return seen;
  };
  const files = (keys) => [...new Set([...keys].map((k) => manifest[k].file))];
  const loaderKey = Object.keys(manifest).find((k) => manifest[k].file === 'natter.js');
  const reader = new Set();
  const visit = (key) => {
    if (reader.has(key) || NOT_FOR_READERS.includes(key)) return;
    reader.add(key);
    for (const k of [...(manifest[key].imports ?? []), ...(manifest[key].dynamicImports ?? [])]) visit(k);
  };
  visit(loaderKey);
  // The admin page is built on its own (vite.config.ts, environment `admin`): every file its manifest names counts.
  const adminManifest = join(dir, 'admin/.vite/manifest.json');
  const admin = existsSync(adminManifest) ? Object.values(JSON.parse(readFileSync(adminManifest, 'utf8'))).map((m) => `admin/${m.file}`) : [];
  return [
    {name: 'loader', limit: LOADER, files: ['natter.js']},
    // The counts' entry must stand alone: a chunk it shared with the loader would be bytes on every index page too.
    {name: 'the counts', limit: COUNT, files: files(closure(Object.keys(manifest).find((k) => manifest[k].file === 'natter-count.js')))},
    {name: 'before the first comment paints', limit: FIRST_PAINT, files: files(new Set([...closure(loaderKey), ...closure(THREAD_CHUNK)]))},
    {name: 'everything an English reader can use', limit: READER, files: files(reader)},
    {name: 'the admin page', limit: ADMIN, files: admin},
    ...Object.values(manifest).filter((m) => m.file.startsWith('locales/')).map((m) => ({name: `the ${m.name.slice(8)} locale`, limit: LOCALE, files: [m.file]})),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = measure();
  const gzipOf = new Map(rows.map((r) => [r.file, r.gzip]));
  const totals = budgets().map((b) => ({...b, gzip: b.files.reduce((n, f) => n + gzipOf.get(f), 0)}));
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({files: rows, budgets: totals}, null, 2));
  } else {
    const pad = Math.max(...rows.map((r) => r.file.length)) + 2;
    for (const r of rows) console.log(`${r.file.padEnd(pad)} ${String(r.raw).padStart(7)} B raw  ${String(r.gzip).padStart(6)} B gzip  ${String(r.brotli).padStart(6)} B brotli`);
    console.log('');
    for (const t of totals) {
      console.log(`${t.gzip <= t.limit ? 'within' : 'OVER  '} ${t.name}: ${t.gzip} of ${t.limit} B gzip -9 (${t.files.join(', ')})`);
    }
  }
  const over = totals.filter((t) => t.gzip > t.limit);
  if (over.length) {
    console.error(`Size budget exceeded: ${over.map((t) => `${t.name} is ${t.gzip} B, the budget ${t.limit} B`).join('; ')}.`);
    process.exit(1);
  }
}
