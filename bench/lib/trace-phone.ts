// A devtools.timeline trace of one cold phone-class visit (same page, throttle and viewport as bench/render-phone.ts)
// for the widget and for the floor, printed as a timeline from navigation start: requests, script, rendering, paints.
// `node --import tsx bench/lib/trace-phone.ts [reps]`. Diagnosis only: the bench's figures come from render-phone.ts.
import type {Page} from 'puppeteer-core';
import {openPhoneBench} from '../render-phone.js';

const CATS = ['devtools.timeline', 'blink.user_timing', 'loading', 'v8.execute', 'toplevel'];

type Ev = {name: string; ph: string; ts: number; dur?: number; tid: number; pid: number; cat: string; args?: any};

function summarize(events: Ev[], label: string, url: string) {
  const nav = events.find((e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL === url);
  const t0 = nav?.ts ?? Math.min(...events.map((e) => e.ts));
  const ms = (ts: number) => ((ts - t0) / 1000).toFixed(0).padStart(5);
  const main = nav?.pid;
  const rows: [number, string][] = [];
  const req = new Map<string, {url: string; send: number; resp?: number; end?: number}>();
  for (const e of events) {
    const d = e.args?.data;
    if (e.name === 'ResourceSendRequest') req.set(d.requestId, {url: d.url, send: e.ts});
    if (e.name === 'ResourceReceiveResponse' && req.get(d.requestId)) req.get(d.requestId)!.resp = e.ts;
    if (e.name === 'ResourceFinish' && req.get(d.requestId)) req.get(d.requestId)!.end = e.ts;
  }
  for (const r of req.values()) if (/^http:\/\/(localhost|127)/.test(r.url)) rows.push([r.send, `NET  ${new URL(r.url).pathname.slice(0, 40).padEnd(40)} send ${ms(r.send)}  resp ${r.resp ? ms(r.resp) : '  -  '}  end ${r.end ? ms(r.end) : '  -  '}`]);
  const mainEvents = events.filter((e) => e.pid === main || main === undefined);
  const rendererMain = nav?.tid;
  const work = mainEvents.filter((e) => e.tid === rendererMain && e.ph === 'X' && (e.dur ?? 0) >= 1000);
  const interesting = new Set(['ParseHTML', 'EvaluateScript', 'v8.evaluateModule', 'FunctionCall', 'TimerFire', 'FireAnimationFrame', 'RunMicrotasks', 'UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'v8.compileModule', 'v8.compile', 'ParseAuthorStyleSheet', 'EventDispatch', 'HitTest', 'IntersectionObserverController::computeIntersections', 'ScheduleStyleRecalculation', 'v8.produceModuleCache', 'CompileScript', 'MajorGC', 'MinorGC', 'V8.GC_SCAVENGER', 'ThreadControllerImpl::RunTask', 'RunTask', 'V8.GC_SCAVENGER', 'v8.run']);
  // Only top-level-ish tasks: skip events nested inside another listed one (show the outermost).
  const listed = work.filter((e) => interesting.has(e.name)).sort((a, b) => a.ts - b.ts);
  let openEnd = 0;
  for (const e of listed) {
    if (e.name === 'ThreadControllerImpl::RunTask' && e.dur! < 8000) continue;
    const nested = e.ts < openEnd;
    if (!nested) openEnd = e.ts + e.dur!;
    const d = e.args?.data ?? {};
    const what = d.url ? new URL(d.url).pathname.slice(0, 30) : d.functionName || d.type || '';
    rows.push([e.ts, `${nested ? '   . ' : 'MAIN '}${e.name.padEnd(22)} ${what.padEnd(30)} ${ms(e.ts)} +${((e.dur ?? 0) / 1000).toFixed(1)}`]);
  }
  for (const e of mainEvents.filter((x) => ['firstContentfulPaint', 'firstPaint', 'largestContentfulPaint::Candidate', 'domContentLoadedEventEnd', 'MarkDOMContent', 'MarkLoad'].includes(x.name))) rows.push([e.ts, `MARK ${e.name} ${ms(e.ts)}`]);
  rows.sort((a, b) => a[0] - b[0]);
  console.log(`\n== ${label}`);
  for (const [, s] of rows) console.log(s);
}

const reps = Number(process.argv[2] ?? 1);
const {browser, blogUrl, close} = await openPhoneBench();
try {
  for (let i = 0; i < reps; i++) {
    for (const [label, path] of [['widget', '/post.html'], ['floor', '/floor.html']] as const) {
      const context = await browser.createBrowserContext();
      const page: Page = await context.newPage();
      await page.setViewport({width: 390, height: 844, deviceScaleFactor: 3, isMobile: true, hasTouch: true});
      const cdp = await page.createCDPSession();
      await cdp.send('Emulation.setCPUThrottlingRate', {rate: 4});
      await page.tracing.start({categories: CATS});
      await page.goto(`${blogUrl}${path}`);
      await page.waitForFunction(() => (window as any).__painted, {timeout: 60000, polling: 50});
      await new Promise((r) => setTimeout(r, 300));
      const events = JSON.parse(Buffer.from((await page.tracing.stop())!).toString()).traceEvents as Ev[];
      const painted = await page.evaluate(() => (window as any).__painted as number);
      await context.close();
      summarize(events, `${label}: painted ${painted.toFixed(0)} ms (probe)`, `${blogUrl}${path}`);
    }
  }
} finally {
  await close();
}
