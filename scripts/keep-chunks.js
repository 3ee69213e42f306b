// `npm run build` keeps earlier builds' chunks in dist/chunks/. Browsers keep natter.js for its max-age (5 min,
// src/server/static-files.ts) and a CDN may keep it as long, and that loader imports the chunks its own build named:
// deleting them in a deploy gives those readers 404s. So Vite no longer empties dist/ (`emptyOutDir: false`):
// `clean` (before `vite build`) removes every output but dist/chunks/, and `prune` (after) deletes a chunk only once
// it has been out of the manifest for 24 h, a day being far beyond any cache of natter.js. The age counts from the
// first build that left the chunk out (kept in dist/chunks/.retired.json, a dot file the server never serves), not
// from its mtime: after a quiet week the previous build's chunks are old on disk but were current until now.
import {existsSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

/** How long a chunk stays after its last build named it. */
export const KEEP_MS = 24 * 60 * 60 * 1000;
const RETIRED = '.retired.json';

/** Removes everything in `dist` except the chunks folder (and with it the record of retired chunks). */
export function clean(dist) {
  if (!existsSync(dist)) return;
  for (const name of readdirSync(dist)) if (name !== 'chunks') rmSync(join(dist, name), {recursive: true, force: true});
}

/** Marks chunks the current manifest doesn't name, deletes those marked over `KEEP_MS` ago; returns what was deleted. */
export function prune(dist, now = Date.now()) {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
  const current = new Set(Object.values(manifest).flatMap((m) => [m.file, ...(m.css ?? []), ...(m.assets ?? [])]));
  const chunks = join(dist, 'chunks');
  const record = join(chunks, RETIRED);
  const retired = existsSync(record) ? JSON.parse(readFileSync(record, 'utf8')) : {};
  const kept = {};
  const deleted = [];
  for (const name of existsSync(chunks) ? readdirSync(chunks) : []) {
    if (name === RETIRED || current.has(`chunks/${name}`)) continue;
    const since = retired[name] ?? now;
    if (now - since > KEEP_MS) {
      unlinkSync(join(chunks, name));
      deleted.push(name);
    } else kept[name] = since;
  }
  if (Object.keys(kept).length) writeFileSync(record, `${JSON.stringify(kept, null, 2)}\n`);
  else rmSync(record, {force: true});
  return deleted;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, dir = fileURLToPath(new URL('../dist/', import.meta.url))] = process.argv.slice(2);
  if (command === 'clean') clean(dir);
  else if (command === 'prune') {
    const deleted = prune(dir);
    if (deleted.length) console.log(`Deleted chunks out of the build for over a day: ${deleted.join(', ')}`);
  } else {
    console.error('Usage: node scripts/keep-chunks.js clean|prune [DIST]');
    process.exit(2);
  }
}
