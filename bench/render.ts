// The render bench: <natter-thread> from the built dist/natter.js in headless Chromium, against a floor of the same
// comments as static HTML set with innerHTML, in the same page. Run alone with `node --import tsx bench/render.ts [--quick]`.
import {createServer, type Server} from 'node:http';
import {readFile} from 'node:fs/promises';
import {extname} from 'node:path';
import {pathToFileURL} from 'node:url';
import type {Browser, CDPSession, Page} from 'puppeteer-core';
import {launchBrowser} from '../tests/lib/browsers.js';
import {ensureBuilt} from './bundle.js';
import {generateThread, type ThreadStats} from './lib/threads.js';

/** The goal: a full render of 1,000 comments within 2× the floor. */
export const renderGoal = {size: 1000, maxFloorRatio: 2};
const SEED = 1;
const DEFAULT_PAGE_SIZE = 50;


interface WidgetRep {total: number; toList: number; listToLoad: number; update: number; paint: number; shown: number}
interface FloorRep {total: number; update: number; paint: number; shown: number; htmlBytes: number}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const r1 = (n: number) => Math.round(n * 10) / 10;
const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;

const types: Record<string, string> = {'.js': 'text/javascript', '.html': 'text/html; charset=utf-8', '.json': 'application/json'};

/** A tiny static server on loopback: /dist/* (the built bundle), /page/* (bench/render-page) and /data/N.json. */
async function serve(data: Map<number, string>, dist: URL): Promise<{url: string; server: Server}> {
  const pageDir = new URL('./render-page/', import.meta.url);
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    try {
      let body: string | Buffer;
      const m = /^\/data\/(\d+)\.json$/.exec(path);
      if (m && data.has(Number(m[1]))) body = data.get(Number(m[1]))!;
      else if (path.startsWith('/dist/') && !path.includes('..')) body = await readFile(new URL(path.slice(6), dist));
      else if (path.startsWith('/page/') && !path.includes('..')) body = await readFile(new URL(path.slice(6) || 'index.html', pageDir));
      else throw new Error('not found');
      res.writeHead(200, {'Content-Type': types[extname(path)] ?? 'application/octet-stream', 'Cache-Control': 'no-store'});
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as {port: number};
  return {url: `http://127.0.0.1:${port}`, server};
}

async function heapUsed(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

export async function launchChromium(): Promise<Browser> {
  return launchBrowser();
}

/** The bench page with the generated threads loaded. `dist` may point at another build (bench/lib/profile-render.ts). */
export async function openBenchPage(browser: Browser, sizes: number[], dist = new URL('../dist/', import.meta.url)) {
  const data = new Map<number, string>();
  const stats = new Map<number, ThreadStats>();
  for (const n of sizes) {
    const t = generateThread(n, {seed: SEED});
    data.set(n, JSON.stringify(t.comments));
    stats.set(n, t.stats);
  }
  const {url, server} = await serve(data, dist);
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setViewport({width: 1280, height: 900, deviceScaleFactor: 1});
  await page.goto(`${url}/page/index.html`);
  await page.evaluate(() => (window as any).bench.ready);
  for (const n of sizes) await page.evaluate((n) => (window as any).bench.load(n), n);
  const cdp = await page.createCDPSession();
  return {page, cdp, server, stats, errors};
}

export const widget = (page: Page, n: number, pageSize: number, keepFloor = false) =>
  page.evaluate(async (n, pageSize, keepFloor) => {
    const b = (window as any).bench;
    b.prepare(n);
    return b.widget({n, pageSize, keepFloor});
  }, n, pageSize, keepFloor) as Promise<WidgetRep>;
export const floor = (page: Page, n: number) => page.evaluate((n) => (window as any).bench.floor({n}), n) as Promise<FloorRep>;

/** `dist` and `sizes` are for experiments (e.g. a patched build); the bench itself uses the defaults. */
export async function benchRender({quick, dist, sizes = quick ? [100, 1000] : [100, 1000, 10000]}: {quick: boolean; dist?: URL; sizes?: number[]}): Promise<{markdown: string; json: unknown}> {
  if (!dist) ensureBuilt();
  // Timed reps per size, after one untimed warm-up of each (which also makes the floor's HTML).
  const reps = quick ? 3 : 7;
  const browser = await launchChromium();
  const {page, cdp, server, stats, errors} = await openBenchPage(browser, [...new Set([...sizes, 10000])], dist);
  try {
    const browserVersion = await browser.version();
    const results = [];
    for (const n of sizes) {
      await page.evaluate(() => (window as any).bench.clear());
      const baseHeap = await heapUsed(cdp);
      const warm = await widget(page, n, n, true);
      const warmFloor = await floor(page, n);
      if (warmFloor.shown !== n) throw new Error(`floor shows ${warmFloor.shown} comments, expected ${n}`);
      const w: WidgetRep[] = [];
      const f: FloorRep[] = [];
      let widgetHeap = 0;
      let floorHeap = 0;
      // Alternate, so drift (thermal, GC, caches) hits both alike; a full GC before each rep.
      for (let i = 0; i < reps; i++) {
        await heapUsed(cdp);
        w.push(await widget(page, n, n));
        if (i === 0) widgetHeap = await heapUsed(cdp);
        f.push(await floor(page, n));
        if (i === 0) floorHeap = await heapUsed(cdp);
      }
      const mw = median(w.map((r) => r.total));
      const mf = median(f.map((r) => r.total));
      results.push({
        comments: n,
        reps,
        thread: stats.get(n),
        floorHtmlBytes: warmFloor.htmlBytes,
        widget: {
          medianMs: r1(mw),
          firstColdMs: r1(warm.total),
          // Where the widget's time goes (medians): setup before list() (element, IndexedDB drafts/outbox), Lit render+commit, style/layout/paint.
          phasesMs: {
            setupToList: r1(median(w.map((r) => r.toList))),
            listToLoadEvent: r1(median(w.map((r) => r.listToLoad))),
            litUpdate: r1(median(w.map((r) => r.update))),
            styleLayoutPaint: r1(median(w.map((r) => r.paint))),
          },
          repsMs: w.map((r) => r1(r.total)),
        },
        floor: {
          medianMs: r1(mf),
          phasesMs: {innerHTML: r1(median(f.map((r) => r.update))), styleLayoutPaint: r1(median(f.map((r) => r.paint)))},
          repsMs: f.map((r) => r1(r.total)),
        },
        ratio: Math.round((mw / mf) * 100) / 100,
        heapMB: {baseline: mb(baseHeap), widget: mb(widgetHeap), floor: mb(floorHeap), widgetOverBaseline: mb(widgetHeap - baseHeap), floorOverBaseline: mb(floorHeap - baseHeap)},
      });
    }

    // 10,000 comments with the default page size: from setting the adapter to the first page on screen.
    const bigN = 10000;
    await widget(page, bigN, DEFAULT_PAGE_SIZE); // warm-up
    const fp: WidgetRep[] = [];
    for (let i = 0; i < reps; i++) {
      await heapUsed(cdp);
      fp.push(await widget(page, bigN, DEFAULT_PAGE_SIZE));
    }
    const firstPage = {
      comments: bigN,
      pageSize: DEFAULT_PAGE_SIZE,
      shownComments: fp[0]!.shown,
      reps,
      medianMs: r1(median(fp.map((r) => r.total))),
      phasesMs: {
        setupToList: r1(median(fp.map((r) => r.toList))),
        litUpdate: r1(median(fp.map((r) => r.update))),
        styleLayoutPaint: r1(median(fp.map((r) => r.paint))),
      },
      repsMs: fp.map((r) => r1(r.total)),
    };
    await page.evaluate(() => (window as any).bench.clear());
    if (errors.length) throw new Error(`page errors:\n${errors.join('\n')}`);

    const atGoal = results.find((r) => r.comments === renderGoal.size);
    const goal = {goal: `<= ${renderGoal.maxFloorRatio}x floor at ${renderGoal.size.toLocaleString('en-US')} comments`, value: atGoal?.ratio ?? NaN, met: !!atGoal && atGoal.ratio <= renderGoal.maxFloorRatio};
    const json = {mode: quick ? 'quick' : 'full', browser: browserVersion, viewport: '1280x900 @1x', seed: SEED, sizes: results, firstPage, goal};
    return {markdown: toMarkdown(json), json};
  } finally {
    await browser.close();
    server.close();
  }
}

function toMarkdown(j: {sizes: any[]; firstPage: any; goal: {value: number; met: boolean}}): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const ms = (x: number) => x.toLocaleString('en-US', {minimumFractionDigits: 1, maximumFractionDigits: 1});
  const lines = [
    'Median of the timed reps (one untimed warm-up each; full GC before each rep), data in hand → rendered and painted. ' +
      'Floor: the same comments as static HTML (the widget\'s shadow DOM, Lit markers removed) set with innerHTML in a shadow root with the same styles.',
    '',
    '| comments | reps | widget ms | floor ms | ratio | widget: setup → list() / Lit update / style+layout+paint ms | floor: innerHTML / style+layout+paint ms | JS heap after, widget / floor / empty page MB |',
    '|---:|---:|---:|---:|---:|---|---|---|',
    ...j.sizes.map((r) =>
      `| ${n(r.comments)} | ${r.reps} | ${ms(r.widget.medianMs)} | ${ms(r.floor.medianMs)} | ${r.ratio.toFixed(2)}× | ${ms(r.widget.phasesMs.setupToList)} / ${ms(r.widget.phasesMs.litUpdate)} / ${ms(r.widget.phasesMs.styleLayoutPaint)} | ${ms(r.floor.phasesMs.innerHTML)} / ${ms(r.floor.phasesMs.styleLayoutPaint)} | ${r.heapMB.widget} / ${r.heapMB.floor} / ${r.heapMB.baseline} |`,
    ),
    '',
    `First page of ${n(j.firstPage.comments)} comments (page-size ${j.firstPage.pageSize}: ${n(j.firstPage.shownComments)} comments shown), adapter set → first natter-load + paint: ` +
      `**${ms(j.firstPage.medianMs)} ms** median of ${j.firstPage.reps} (setup → list() ${ms(j.firstPage.phasesMs.setupToList)}, Lit update ${ms(j.firstPage.phasesMs.litUpdate)}, style+layout+paint ${ms(j.firstPage.phasesMs.styleLayoutPaint)}).`,
    '',
    `Goal ≤ ${renderGoal.maxFloorRatio}× the floor at ${n(renderGoal.size)} comments: ${j.goal.value.toFixed(2)}× — ${j.goal.met ? '**met**' : '**not met**'}.`,
  ];
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => process.argv[process.argv.indexOf(name) + 1];
  const {markdown, json} = await benchRender({
    quick: process.argv.includes('--quick'),
    dist: process.argv.includes('--dist') ? pathToFileURL(arg('--dist')!.replace(/\/?$/, '/')) : undefined,
    sizes: process.argv.includes('--sizes') ? arg('--sizes')!.split(',').map(Number) : undefined,
  });
  console.log(markdown);
  if (process.argv.includes('--json')) console.log(JSON.stringify(json, null, 2));
}
