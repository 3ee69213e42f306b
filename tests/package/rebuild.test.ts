import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {loadConfig} from '../../src/server/config.js';
import {createStaticRoutes} from '../../src/server/static-files.js';
import {clean, KEEP_MS, prune} from '../../scripts/keep-chunks.js';
// @ts-expect-error: a plain Node script without declarations (as bench/bundle.ts imports it); shapes typed below.
import {budgets as budgetsOf, measure as measureOf} from '../../scripts/size.js';

// A deploy must not delete the chunks the previous build's natter.js names: browsers keep that loader for up to five
// minutes. The build steps of `npm run build` run here into a folder of their own, over a previous build's output.
const root = fileURLToPath(new URL('../../', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'natter-rebuild-'));
after(() => rmSync(temp, {recursive: true, force: true}));
const dist = join(temp, 'dist');
const measure = measureOf as (dir: string) => {file: string}[];
const budgets = budgetsOf as (dir: string) => {name: string; files: string[]}[];
const oldChunk = 'thread-0ldBu1ld.js';
const oldText = 'export const previous = "build";\n';

/** `npm run build`'s first three steps (clean, vite build, prune), into `dist`. */
function build() {
  execFileSync(process.execPath, ['scripts/keep-chunks.js', 'clean', dist], {cwd: root});
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', dist, '--logLevel', 'error'], {cwd: root});
  execFileSync(process.execPath, ['scripts/keep-chunks.js', 'prune', dist], {cwd: root});
}

describe('rebuilding dist/', () => {
  // The previous build: its chunk, a week old on disk (its build was the last one), and an entry file since renamed.
  mkdirSync(join(dist, 'chunks'), {recursive: true});
  writeFileSync(join(dist, 'chunks', oldChunk), oldText);
  const weekAgo = new Date(Date.now() - 7 * 24 * 3600_000);
  utimesSync(join(dist, 'chunks', oldChunk), weekAgo, weekAgo);
  writeFileSync(join(dist, 'natter-renamed.js'), 'old entry');

  it('keeps the previous build’s chunks and serves them, and drops its other files', async () => {
    build();
    const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, {file: string}>;
    for (const {file} of Object.values(manifest)) assert.ok(existsSync(join(dist, file)), `${file} built`);
    assert.ok(!Object.values(manifest).some((m) => m.file === `chunks/${oldChunk}`));
    assert.equal(readFileSync(join(dist, 'chunks', oldChunk), 'utf8'), oldText, 'the old chunk survived the rebuild');
    assert.ok(!existsSync(join(dist, 'natter-renamed.js')), 'other outputs of the old build are gone');

    const routes = createStaticRoutes({...loadConfig([], {}), distDir: dist, demoDir: join(temp, 'no-demo')});
    await routes.warmed;
    const res = await routes.request(`/chunks/${oldChunk}`, {headers: {'Accept-Encoding': 'identity'}});
    assert.equal(res.status, 200);
    assert.equal(await res.text(), oldText);
    assert.match(res.headers.get('Cache-Control') ?? '', /immutable/);
    assert.ok(existsSync(join(dist, 'chunks', '.retired.json')));
    assert.equal((await routes.request('/chunks/.retired.json')).status, 404, 'the record of retired chunks is not served');
  });

  it('measures and budgets only the current build’s files', () => {
    const measured = measure(dist).map((r) => r.file);
    assert.ok(measured.includes('natter.js'));
    assert.ok(!measured.includes(`chunks/${oldChunk}`), 'the old chunk is not measured');
    for (const b of budgets(dist)) assert.ok(!b.files.includes(`chunks/${oldChunk}`), `${b.name} leaves the old chunk out`);
  });

  it('keeps an old chunk through a second rebuild within the day, and deletes it a day after it left the build', () => {
    build();
    assert.ok(existsSync(join(dist, 'chunks', oldChunk)));
    const current = readdirSync(join(dist, 'chunks')).filter((n) => n !== oldChunk && !n.startsWith('.'));
    assert.deepEqual(prune(dist, Date.now() + KEEP_MS + 60_000), [oldChunk]);
    assert.ok(!existsSync(join(dist, 'chunks', oldChunk)));
    assert.deepEqual(readdirSync(join(dist, 'chunks')).filter((n) => !n.startsWith('.')).sort(), current.sort(), 'current chunks stay');
    clean(dist);
    assert.deepEqual(readdirSync(dist), ['chunks']);
  });
});
