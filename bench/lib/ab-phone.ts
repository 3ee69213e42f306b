// A/B of two builds on the phone row, interleaved in one run with the floor: `node --import tsx bench/lib/ab-phone.ts DIST_A DIST_B [reps]`.
import {spawn} from 'node:child_process';
import {createServer} from 'node:http';
import {launchBrowser} from '../../tests/lib/browsers.js';
import {seed, visit, widgetPage, floorPage} from '../render-phone.js';
import {makeBenchDir} from './temp-db.js';
import {benchEnv} from './processes.js';
import {freePort} from '../../tests/e2e/server-process.js';
import {loadavg} from 'node:os';

async function server(dist: string) {
  const tmp = makeBenchDir();
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', '--port', String(port), '--db', tmp.db, '--dist', dist], {env: {...process.env, NATTER_HOST: '127.0.0.1', ...benchEnv}, stdio: 'ignore'});
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) { if (await fetch(url + '/natter.js').then((r) => r.ok, () => false)) break; await new Promise((r) => setTimeout(r, 100)); }
  return {url, stop: () => { child.kill(); tmp.remove(); }};
}
const [da, db, n] = process.argv.slice(2);
const A = await server(da!), B = await server(db!);
await seed(A.url); await seed(B.url);
let floorHtml = '';
const port = await freePort();
const blog = createServer((req, res) => {
  res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store'});
  res.end(req.url === '/floor.html' ? floorHtml : widgetPage(req.url === '/a.html' ? A.url : B.url));
});
await new Promise<void>((d) => blog.listen(port, '127.0.0.1', d));
const base = `http://localhost:${port}`;
const browser = await launchBrowser();
const warm = await visit(browser, `${base}/b.html`, true);
floorHtml = floorPage(warm.html, warm.css);
await visit(browser, `${base}/a.html`);
const res: Record<string, number[]> = {a: [], b: [], floor: []};
for (let i = 0; i < Number(n ?? 9); i++) for (const k of ['a', 'b', 'floor']) res[k]!.push((await visit(browser, `${base}/${k}.html`)).painted);
const med = (x: number[]) => [...x].sort((p, q) => p - q)[x.length >> 1]!;
console.log(`A ${med(res.a!).toFixed(0)}  B ${med(res.b!).toFixed(0)}  floor ${med(res.floor!).toFixed(0)}  A/floor ${(med(res.a!) / med(res.floor!)).toFixed(2)}  B/floor ${(med(res.b!) / med(res.floor!)).toFixed(2)}  load ${loadavg().map((x) => x.toFixed(1))}`);
console.log(JSON.stringify(res, (_, v) => (typeof v === 'number' ? Math.round(v) : v)));
await browser.close(); blog.close(); A.stop(); B.stop();
