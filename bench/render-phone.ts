// The phone-class row: a blog page on one origin embeds the widget from the real Natter server on another, in
// Chromium with the CPU throttled 4× and a 390 px viewport, 100 comments in the thread. Time from navigation to the
// first painted comment, beside the same comments as static HTML (declarative shadow DOM, same styles) in the same
// run; and when the list request starts after the element is in the page. Each rep is a cold visit (a fresh browser
// context). Run alone with `node --import tsx bench/render-phone.ts [--quick]`.
import {loadavg} from 'node:os';
import {pathToFileURL} from 'node:url';
import type {Browser, Page} from 'puppeteer-core';
import {ensureBuilt} from './bundle.js';
import {startNatter} from './lib/processes.js';
import {makeBenchDir} from './lib/temp-db.js';
import {generateThread} from './lib/threads.js';
import {serveBlog} from '../tests/lib/blog-origin.js';
import {launchBrowser} from '../tests/lib/browsers.js';

export const phoneGoal = {maxFloorRatio: 1.15};
const COMMENTS = 100;
const THREAD = '/bench/phone';
const CPU_SLOWDOWN = 4;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const r1 = (n: number) => Math.round(n * 10) / 10;

// In both pages: when the first comment is in #host's shadow root, the time just after that frame painted
// (rAF runs before style/layout/paint, a posted message after); likewise when all of the first page's are (`shown`).
// A string, so the test compiler adds nothing to it.
let shown = COMMENTS;
const probe = () => `<script>(() => {
  const after = (key) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => (window[key] = performance.now());
    ch.port2.postMessage(0);
  };
  const check = () => {
    const n = document.getElementById('host')?.shadowRoot?.querySelectorAll('[part~="comment"]').length ?? 0;
    if (n && !window.__first) after('__painted'), (window.__first = 1);
    if (n >= ${shown}) after('__all');
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
  document.addEventListener('natter-load', () => (window.__loaded = performance.now()), {once: true});
})();</script>`;

const shell = (head: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Networking, 2014</title>
<style>body { margin: 0; font: 17px/1.55 Georgia, serif; color: #222; } main { max-width: 42rem; margin: 1rem auto; padding: 0 1rem; }</style>
${probe()}${head}</head>
<body><main><h1>Networking, 2014</h1><p>A short post, then its comments.</p>${body}</main></body></html>`;

export const widgetPage = (natter: string) =>
  shell(`<script type="module" src="${natter}/natter.js"></script>`,
    `<natter-thread id="host" endpoint="${natter}" thread="${THREAD}" page-size="${COMMENTS}"></natter-thread><script>window.__connected = performance.now()</script>`);

export const floorPage = (html: string, css: string) =>
  shell('', `<div id="host"><template shadowrootmode="open"><style>${css}</style>${html}</template></div>`);

export async function seed(natter: string) {
  const {comments} = generateThread(COMMENTS, {seed: 7, thread: THREAD});
  // All 100 on the widget's first page, which shows a branch's first 5 replies (the rest behind "Show more replies"):
  // a reply past its branch's fifth starts a discussion of its own instead.
  const rootOf = new Map<string, string>();
  const replies = new Map<string, number>();
  for (const c of comments) {
    const root = c.parent ? rootOf.get(c.parent)! : c.id;
    if (c.parent && (replies.get(root) ?? 0) >= 5) c.parent = null;
    rootOf.set(c.id, c.parent ? root : c.id);
    if (c.parent) replies.set(root, (replies.get(root) ?? 0) + 1);
  }
  const ids = new Map<string, string>();
  for (const [i, c] of comments.entries()) {
    const r = await fetch(`${natter}/api/comments`, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'Idempotency-Key': `phone-${i}`},
      body: JSON.stringify({thread: THREAD, parent: c.parent ? ids.get(c.parent) : null, author: c.author, body: c.body, ...(c.website ? {website: c.website} : {})}),
    });
    if (r.status !== 201) throw new Error(`seeding: ${r.status} ${await r.text()}`);
    ids.set(c.id, ((await r.json()) as {comment: {id: string}}).comment.id);
  }
  // The widget's first page: every top-level comment, each with its branch's first 5 replies (the rest behind "Show
  // more replies"), asked as the loader asks.
  const page = await fetch(`${natter}/api/comments?${new URLSearchParams({thread: THREAD, format: 'tree', limit: String(COMMENTS), order: 'oldest', replies: '5'})}`);
  shown = ((await page.json()) as {comments: unknown[]}).comments.length;
  return shown;
}

/** One cold visit in a fresh context, on a throttled phone-sized page; times in ms from navigation start. */
export async function visit(browser: Browser, url: string, capture = false, profile?: (p: unknown) => void) {
  const context = await browser.createBrowserContext();
  try {
    const page: Page = await context.newPage();
    await page.setViewport({width: 390, height: 844, deviceScaleFactor: 3, isMobile: true, hasTouch: true});
    const cdp = await page.createCDPSession();
    await cdp.send('Emulation.setCPUThrottlingRate', {rate: CPU_SLOWDOWN});
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', {interval: 200});
      await cdp.send('Profiler.start');
    }
    await page.goto(url);
    await page.waitForFunction(() => (window as any).__painted, {timeout: 60000, polling: 50});
    if (profile) profile((await cdp.send('Profiler.stop')).profile);
    // The floor copies the markup once every comment is in (the widget paints a screenful first, then the rest).
    await page.waitForFunction(() => (window as any).__all, {timeout: 60000, polling: 50});
    // A string again: what the page reports.
    type Report = {painted: number; all: number; connected?: number; list: number; chunk: number; chunkEnd: number; listEnd: number; loaded?: number; fcp?: number; shown: number; html: string; css: string};
    const r = (await page.evaluate(`(() => {
      const cap = ${capture};
      const host = document.getElementById('host');
      const resources = performance.getEntriesByType('resource');
      const find = (re) => resources.find((e) => re.test(new URL(e.name).pathname));
      const start = (re) => find(re)?.startTime ?? NaN;
      const end = (re) => find(re)?.responseEnd ?? NaN;
      return {
        painted: window.__painted,
        all: window.__all,
        connected: window.__connected,
        list: start(/^\\/api\\/comments$/),
        chunk: start(/^\\/chunks\\/define-/),
        chunkEnd: end(/^\\/chunks\\/define-/),
        listEnd: end(/^\\/api\\/comments$/),
        loaded: window.__loaded,
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
        shown: host.shadowRoot.querySelectorAll('[part~="comment"]').length,
        html: cap ? host.shadowRoot.innerHTML.replace(/<!--[\\s\\S]*?-->/g, '') : '',
        css: cap ? [...host.shadowRoot.adoptedStyleSheets].flatMap((s) => [...s.cssRules].map((x) => x.cssText)).join('\\n') : '',
      };
    })()`)) as Report;
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    if (process.env.NATTER_BENCH_DEBUG) console.error(url, JSON.stringify({...r, html: r.html.length, css: r.css.length}));
    return r;
  } finally {
    await context.close();
  }
}

/**
 * The phone set-up both the bench and `bench/lib/trace-phone.ts` use: the real server seeded with the thread, the
 * blog on another origin serving the widget at /post.html and, after an untimed warm-up visit, the floor at
 * /floor.html (what the widget painted, as static HTML), and Chromium.
 */
export async function openPhoneBench(): Promise<{browser: Browser; blogUrl: string; close(): Promise<void>}> {
  ensureBuilt();
  const tmp = makeBenchDir();
  const natter = await startNatter(tmp.db);
  let floorHtml = '';
  const blog = await serveBlog((path) => (path === '/floor.html' ? floorHtml : widgetPage(natter.url)));
  const browser = await launchBrowser();
  const close = async () => {
    await browser.close();
    await blog.close();
    await natter.stop();
    tmp.remove();
  };
  try {
    await seed(natter.url);
    const warm = await visit(browser, `${blog.url}/post.html`, true);
    if (warm.shown !== shown) throw new Error(`the widget shows ${warm.shown} comments, expected ${shown}`);
    floorHtml = floorPage(warm.html, warm.css);
  } catch (error) {
    await close();
    throw error;
  }
  return {browser, blogUrl: blog.url, close};
}

export async function benchPhone({quick}: {quick: boolean}): Promise<{markdown: string; json: unknown}> {
  const reps = Number(process.env.NATTER_PHONE_REPS) || (quick ? 3 : 9);
  const {browser, blogUrl, close} = await openPhoneBench();
  try {
    const widget = [];
    const floor = [];
    // Alternate, so drift hits both alike.
    for (let i = 0; i < reps; i++) {
      widget.push(await visit(browser, `${blogUrl}/post.html`));
      floor.push(await visit(browser, `${blogUrl}/floor.html`));
    }
    if (floor.some((f) => f.shown !== shown)) throw new Error('the floor does not show every comment');
    const mw = median(widget.map((w) => w.painted));
    const mf = median(floor.map((f) => f.painted));
    const ratio = Math.round((mw / mf) * 100) / 100;
    const json = {
      comments: COMMENTS,
      firstPageComments: shown,
      reps,
      cpuSlowdown: CPU_SLOWDOWN,
      viewport: '390x844 @3x, mobile',
      widget: {
        firstCommentPaintedMs: r1(mw),
        listRequestAfterConnectMs: r1(median(widget.map((w) => w.list - w.connected!))),
        threadChunkAfterConnectMs: r1(median(widget.map((w) => w.chunk - w.connected!))),
        allCommentsPaintedMs: r1(median(widget.map((w) => w.all))),
        repsMs: widget.map((w) => r1(w.painted)),
      },
      floor: {firstCommentPaintedMs: r1(mf), allCommentsPaintedMs: r1(median(floor.map((f) => f.all))), repsMs: floor.map((f) => r1(f.painted))},
      loadAverage: loadavg().map((x) => Math.round(x * 10) / 10),
      ratio,
      goal: {goal: `<= ${phoneGoal.maxFloorRatio}x the floor`, value: ratio, met: ratio <= phoneGoal.maxFloorRatio},
    };
    const ms = (x: number) => x.toLocaleString('en-US', {minimumFractionDigits: 1, maximumFractionDigits: 1});
    const markdown = [
      `${COMMENTS} comments (${shown} on the widget's first page: no branch has more than the 5 replies it shows) from the real server on a page from another origin, Chromium with the CPU ${CPU_SLOWDOWN}× slower and a 390 px viewport (@3x), ` +
        `a cold visit per rep (median of ${reps}). Times from navigation start to the frame in which the first comment painted. ` +
        'Floor: the same comments as static HTML in the page (declarative shadow DOM with the same styles), alternated with the widget in the same run.',
      '',
      '| comments | widget ms | floor ms | ratio | all comments painted: widget ms | floor ms | list request after the element is in the page ms | thread chunk request after ms |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|',
      `| ${COMMENTS} | ${ms(mw)} | ${ms(mf)} | ${ratio.toFixed(2)}× | ${ms(json.widget.allCommentsPaintedMs)} | ${ms(json.floor.allCommentsPaintedMs)} | ${ms(json.widget.listRequestAfterConnectMs)} | ${ms(json.widget.threadChunkAfterConnectMs)} |`,
      '',
      `Goal ≤ ${phoneGoal.maxFloorRatio}× the floor: ${ratio.toFixed(2)}× — ${json.goal.met ? '**met**' : '**not met**'}. Load average at the end: ${json.loadAverage.join(', ')}.`,
    ].join('\n');
    return {markdown, json};
  } finally {
    await close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const {markdown} = await benchPhone({quick: process.argv.includes('--quick')});
  console.log(markdown);
}
