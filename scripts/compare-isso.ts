// `npm run screenshots:isso -- PATH`: the README's side-by-side with Isso. The demo's discussion on the same blog page
// (the gallery's light one), once in Natter's widget on the real server and once in Isso's own client, in Debian's
// Chromium at the same size. Writes docs/gallery/compare-natter.png and compare-isso.png.
//
// PATH is a checkout of github.com/isso-comments/isso (not on npm): its client (isso/js, CommonJS) is bundled here
// with esbuild as its webpack config does (SVGs as text), and its CSS served as Isso serves it. Isso's server is
// Python, which this machine can't run, so a stand-in answers the three requests its client makes (GET /config,
// GET /?uri=…, POST /count) in the shapes Isso's server sends (isso/views/comments.py): the same comments, their
// Markdown made HTML by Natter's server renderer (Isso's server renders Markdown too), replies one level deep as
// Isso nests them, and Isso's default settings (identicons on, no Gravatar).
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {createServer} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createHash} from 'node:crypto';
import {build} from 'esbuild';
import {seed as demoSeed} from '../demo/mock/seed.js';
import {markdownToHtml} from '../src/markdown/to-html.js';
import {serveBlog} from '../tests/lib/blog-origin.js';
import {launchBrowser} from '../tests/lib/browsers.js';
import {seedComment} from '../tests/lib/seed-comment.js';
import {startTestServer} from '../tests/e2e/server-process.js';
import {blogPage, DEMO, type DemoComment, flatThread, root, shoot} from './compare-lib.js';

/** Isso's comment objects for the demo's discussion: top-level ones, each with every reply below it flattened in. */
function issoThread() {
  const ids = new Map(demoSeed.map((c, i) => [c.id, i + 1]));
  const shape = (c: DemoComment, parent: number | null) => ({
    id: ids.get(c.id)!,
    parent,
    text: markdownToHtml(c.body ?? '').value,
    author: c.author,
    website: c.website,
    mode: 1,
    // Posted just now, as Natter's copies are (its server stamps each comment as it takes it).
    created: Date.now() / 1000,
    modified: null,
    likes: 0,
    dislikes: 0,
    // Isso's identicon seed: a hash of the email or address (here of the name), as its server sends it.
    hash: createHash('sha1').update(c.author).digest('hex').slice(0, 12),
  });
  const top = flatThread().map(({comment, replies}) => ({
    ...shape(comment, null),
    total_replies: replies.length,
    hidden_replies: 0,
    replies: replies.map((r) => ({...shape(r, ids.get(comment.id)!), total_replies: 0, hidden_replies: 0, replies: []})),
  }));
  return {id: null, total_replies: top.length, hidden_replies: 0, replies: top};
}

async function serveIsso(checkout: string) {
  const dir = mkdtempSync(join(tmpdir(), 'natter-isso-'));
  await build({entryPoints: [join(checkout, 'isso/js/embed.js')], bundle: true, minify: true, format: 'iife', outfile: join(dir, 'embed.min.js'), nodePaths: [join(checkout, 'isso/js')], loader: {'.svg': 'text'}, logLevel: 'warning'});
  const files: Record<string, [string, string]> = {
    '/js/embed.min.js': ['text/javascript', readFileSync(join(dir, 'embed.min.js'), 'utf8')],
    '/css/isso.css': ['text/css', readFileSync(join(checkout, 'isso/css/isso.css'), 'utf8')],
  };
  rmSync(dir, {recursive: true, force: true});
  const config = {config: {'reply-to-self': false, 'require-email': false, 'require-author': false, 'reply-notifications': false, gravatar: false, avatar: true, feed: false}};
  const server = createServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    const json = (body: unknown) => (res.writeHead(200, {'Content-Type': 'application/json', 'Access-Control-Allow-Origin': req.headers.origin ?? '*', 'Access-Control-Allow-Credentials': 'true'}), res.end(JSON.stringify(body)));
    if (files[path]) return res.writeHead(200, {'Content-Type': files[path][0], 'Access-Control-Allow-Origin': '*'}), res.end(files[path][1]);
    if (req.method === 'OPTIONS') return res.writeHead(204, {'Access-Control-Allow-Origin': req.headers.origin ?? '*', 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Headers': 'Content-Type'}), res.end();
    if (path === '/config') return json(config);
    if (path === '/count') return json([issoThread().replies.length]);
    if (path === '/') return json(issoThread());
    res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const {port} = server.address() as {port: number};
  return {url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((done) => server.close(() => done()))};
}

async function main() {
  const checkout = process.argv[2];
  if (!checkout || !existsSync(join(checkout, 'isso/js/embed.js'))) throw new Error('usage: npm run screenshots:isso -- PATH-TO-AN-ISSO-CHECKOUT');
  if (!existsSync(new URL('dist/natter.js', root))) execFileSync('npm', ['run', 'build'], {cwd: root, stdio: 'inherit'});
  const dir = mkdtempSync(join(tmpdir(), 'natter-compare-'));
  const natter = await startTestServer({db: join(dir, 'natter.db'), env: {NATTER_THREAD_RATE_LIMIT: '0'}});
  const isso = await serveIsso(checkout);
  const blog = await serveBlog((path) =>
    path === '/isso'
      ? blogPage('', `<section id="isso-thread" data-isso-id="${DEMO}"></section><script data-isso="${isso.url}" src="${isso.url}/js/embed.min.js"></script>`)
      : blogPage(`<script type="module" src="${natter.url}/natter.js"></script>`, `<natter-thread endpoint="${natter.url}" thread="${DEMO}" eager></natter-thread>`));
  const browser = await launchBrowser('chromium');
  try {
    const ids = new Map<string, string>();
    for (const c of demoSeed) {
      const {comment} = await seedComment(natter.url, {thread: DEMO, author: c.author, body: c.body ?? '', parent: c.parent ? ids.get(c.parent)! : null, ...(c.website ? {website: c.website} : {})});
      ids.set(c.id, comment.id);
    }
    const p = await browser.newPage();
    await shoot(p, `${blog.url}/natter`, (p) => p.waitForFunction(() => !!document.querySelector('natter-thread')?.shadowRoot?.querySelector('time[title]'), {timeout: 20000}), 'compare-natter');
    await shoot(p, `${blog.url}/isso`, (p) => p.waitForFunction(() => document.querySelectorAll('.isso-comment').length > 0 && !!document.querySelector('#isso-style'), {timeout: 20000}), 'compare-isso');
  } finally {
    await browser.close();
    await blog.close();
    await isso.close();
    await natter.stop();
    rmSync(dir, {recursive: true, force: true});
  }
}

await main();
