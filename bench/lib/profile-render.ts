// Where a full render's time goes: builds an unminified copy of the loader and its chunks in a temp dir, renders N comments
// (default 1,000) in Chromium under the CPU profiler and prints self time by function and by source module.
// `node --import tsx bench/lib/profile-render.ts [N]`
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {build} from 'vite';
import {launchChromium, openBenchPage, widget} from '../render.js';

const n = Number(process.argv[2] ?? 1000);
const root = fileURLToPath(new URL('../../', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'natter-profile-'));
try {
  await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: {outDir: out, emptyOutDir: true, minify: false, rolldownOptions: {output: {chunkFileNames: 'chunks/[name]-[hash].js', minify: false}}},
  });
  // Module boundaries per file, from the region comments rolldown leaves in unminified output.
  const regionsOf = new Map<string, {line: number; name: string}[]>();
  for (const file of ['natter.js', ...readdirSync(join(out, 'chunks')).map((f) => `chunks/${f}`)]) {
    const regions: {line: number; name: string}[] = [];
    readFileSync(join(out, file), 'utf8').split('\n').forEach((l, i) => {
      const m = /^\/\/ ((?:src|node_modules)\/\S*)$/.exec(l);
      if (m) regions.push({line: i, name: m[1]!});
    });
    regionsOf.set(file.replace(/^.*\//, ''), regions);
  }
  const moduleOf = (url: string, line: number) => [...(regionsOf.get(url.replace(/^.*\//, '')) ?? [])].reverse().find((r) => r.line <= line)?.name ?? '?';

  const browser = await launchChromium();
  const {page, cdp, server} = await openBenchPage(browser, [n], pathToFileURL(out + '/'));
  try {
    await widget(page, n, n, true); // warm-up
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', {interval: 100});
    await cdp.send('Profiler.start');
    const reps = [];
    for (let i = 0; i < 3; i++) reps.push(await widget(page, n, n));
    const {profile} = await cdp.send('Profiler.stop');
    writeFileSync(join(tmpdir(), `natter-render-${n}.cpuprofile`), JSON.stringify(profile));
    const dt = new Map<number, number>();
    profile.samples!.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas![i] ?? 0) / 1000));
    const byFn = new Map<string, number>();
    const byModule = new Map<string, number>();
    let total = 0;
    for (const node of profile.nodes) {
      const t = dt.get(node.id) ?? 0;
      if (!t) continue;
      const f = node.callFrame;
      const inBundle = regionsOf.has(f.url.replace(/^.*\//, ''));
      const where = inBundle ? moduleOf(f.url, f.lineNumber) : f.url ? f.url.replace(/^.*\//, '') : '(native/browser)';
      const key = `${f.functionName || '(anonymous)'}  [${where}${inBundle ? `:${f.lineNumber + 1}` : ''}]`;
      byFn.set(key, (byFn.get(key) ?? 0) + t);
      byModule.set(where, (byModule.get(where) ?? 0) + t);
      total += t;
    }
    const top = (m: Map<string, number>, k: number) =>
      [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, t]) => `${(t / 3).toFixed(1).padStart(8)} ms/render ${((t / total) * 100).toFixed(1).padStart(5)}%  ${name}`).join('\n');
    console.log(`${n} comments, 3 profiled renders: ${reps.map((r) => `${r.total.toFixed(0)} ms (Lit update ${r.update.toFixed(0)})`).join(', ')}`);
    console.log(`\nSelf time by module:\n${top(byModule, 15)}\n\nSelf time by function:\n${top(byFn, 30)}`);
    console.log(`\nProfile: ${join(tmpdir(), `natter-render-${n}.cpuprofile`)}; bundle kept at ${out}`);
  } finally {
    await browser.close();
    server.close();
  }
} catch (e) {
  rmSync(out, {recursive: true, force: true});
  throw e;
}
