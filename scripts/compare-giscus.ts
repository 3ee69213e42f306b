// `npm run screenshots:giscus -- PATH`: the README's side-by-side with giscus. The demo's discussion on the same blog
// page as scripts/compare-isso.ts, in giscus's own widget, in Debian's Chromium at the same size. Writes
// docs/gallery/compare-giscus.png (compare-natter.png comes from `npm run screenshots:isso`).
//
// PATH is a checkout of github.com/giscus/giscus with its packages installed (`npx yarn@1 install`). Its Next server
// runs as it is, built here first when PATH/.next holds no finished build (`yarn build`'s steps but Closure Compiler's
// minifying of client.js), with its settings from the environment: an app id and a fresh private key, ORIGINS its own
// origin. The blog embeds it with giscus's client.js, theme light. Only GitHub is stood in for, which this machine
// can't reach: a preload (NODE_OPTIONS=--require) hands the server's requests to https://api.github.com to a local
// stand-in answering in GitHub's shapes (services/github/*.ts): an installation and its token, no giscus.json in the
// repository, and the GraphQL search with the discussion, the same comments as a GitHub discussion holds them (their
// Markdown made HTML by Natter's server renderer, as GitHub renders it; replies one level deep; no reactions), by
// logins made of the names, with identicons like GitHub's default avatars. The reader is signed out.
import {spawn} from 'node:child_process';
import {createHash, generateKeyPairSync} from 'node:crypto';
import {existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {seed as demoSeed} from '../demo/mock/seed.js';
import {markdownToHtml} from '../src/markdown/to-html.js';
import {serveBlog} from '../tests/lib/blog-origin.js';
import {launchBrowser} from '../tests/lib/browsers.js';
import {freePort} from '../tests/e2e/server-process.js';
import {blogPage, DEMO, type DemoComment, flatThread, shoot} from './compare-lib.js';

const REPO = 'natter-demo/blog';
const DISCUSSION = `https://github.com/${REPO}/discussions/1`;
const login = (name: string) => name.normalize('NFD').replace(/[^\w\s-]/g, '').trim().toLowerCase().replace(/[\s_]+/g, '-');
const noReactions = () => ['THUMBS_UP', 'THUMBS_DOWN', 'LAUGH', 'HOORAY', 'CONFUSED', 'HEART', 'ROCKET', 'EYES'].map((content) => ({content, users: {totalCount: 0}, viewerHasReacted: false}));

/** A 5×5 mirrored pattern in one colour from a hash of the login, on light grey: what GitHub shows for a user without a picture. */
function identicon(name: string) {
  const h = createHash('md5').update(name).digest();
  const cells = [...Array(15).keys()].filter((i) => h[i] % 2 === 0).flatMap((i) => [...new Set([Math.floor(i / 5), 4 - Math.floor(i / 5)])].map((x) => `<rect x="${x + 0.5}" y="${(i % 5) + 0.5}" width="1" height="1"/>`));
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 6 6" shape-rendering="crispEdges"><rect width="6" height="6" fill="#f0f0f0"/><g fill="hsl(${(h[15] * 360) / 256} 50% 55%)">${cells.join('')}</g></svg>`;
}

/** The discussion as GitHub's GraphQL API answers giscus's search (services/github/getDiscussion.ts). */
function githubDiscussion(standIn: string) {
  const shape = (c: DemoComment) => {
    const id = demoSeed.indexOf(c) + 1;
    return {
      id: `DC_${id}`,
      author: {avatarUrl: `${standIn}/avatars/${login(c.author)}.svg`, login: login(c.author), url: `https://github.com/${login(c.author)}`},
      viewerDidAuthor: false,
      // Posted just now, as Natter's copies are (its server stamps each comment as it takes it).
      createdAt: new Date().toISOString(),
      url: `${DISCUSSION}#discussioncomment-${id}`,
      authorAssociation: 'NONE',
      lastEditedAt: null,
      deletedAt: null,
      isMinimized: false,
      bodyHTML: markdownToHtml(c.body ?? '').value,
      reactionGroups: noReactions(),
    };
  };
  const nodes = flatThread().map(({comment, replies}) => {
    const top = shape(comment);
    const nodes = replies.map((r) => ({...shape(r), replyTo: {id: top.id}}));
    return {...top, upvoteCount: 0, viewerHasUpvoted: false, viewerCanUpvote: false, replies: {totalCount: nodes.length, nodes}};
  });
  const pageInfo = {startCursor: 'Y3Vyc29yOjE=', hasNextPage: false, hasPreviousPage: false, endCursor: `Y3Vyc29yOj${nodes.length}=`};
  const discussion = {id: 'D_1', url: DISCUSSION, locked: false, repository: {nameWithOwner: REPO}, reactions: {totalCount: 0}, reactionGroups: noReactions(), comments: {totalCount: nodes.length, pageInfo, nodes}};
  // An installation token's viewer is the app's bot.
  const viewer = {avatarUrl: `${standIn}/avatars/giscus.svg`, login: 'giscus[bot]', url: 'https://github.com/apps/giscus'};
  return {data: {viewer, search: {discussionCount: 1, nodes: [discussion]}}};
}

/** The stand-in for api.github.com (and the avatars): the requests giscus's server makes, in GitHub's shapes. */
async function serveGitHub() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = createServer((req, res) => {
    const path = new URL(req.url!, url).pathname;
    const json = (status: number, body: unknown) => (res.writeHead(status, {'Content-Type': 'application/json'}), res.end(JSON.stringify(body)));
    req.resume().on('end', () => {
      if (path.startsWith('/avatars/')) return res.writeHead(200, {'Content-Type': 'image/svg+xml'}), res.end(identicon(path.slice(9, -4)));
      if (/^\/repos\/[^/]+\/[^/]+\/installation$/.test(path)) return json(200, {id: 1});
      if (path === '/app/installations/1/access_tokens') return json(201, {token: 'ghs_standin', expires_at: new Date(Date.now() + 3600e3).toISOString(), permissions: {discussions: 'write', metadata: 'read'}, repository_selection: 'selected'});
      if (path === '/graphql') return json(200, githubDiscussion(url));
      // Only `next build` asks for this (giscus's home page renders its README); that page is not shown.
      if (path === '/markdown') return res.writeHead(200, {'Content-Type': 'text/html'}), res.end('<p>giscus</p>');
      json(404, {message: 'Not Found', documentation_url: 'https://docs.github.com/rest'});
    });
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return {url, close: () => new Promise<void>((done) => server.close(() => done()))};
}

/** giscus's Next server from the checkout (built first if need be), its requests to GitHub handed to `github`. */
async function startGiscus(checkout: string, github: string, dir: string) {
  const preload = join(dir, 'github-stand-in.cjs');
  writeFileSync(preload, `const real = globalThis.fetch;
globalThis.fetch = (input, init) => real(typeof input === 'string' ? input.replace(/^https:\\/\\/api\\.github\\.com/, ${JSON.stringify(github)}) : input, init);\n`);
  const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048, privateKeyEncoding: {type: 'pkcs1', format: 'pem'}, publicKeyEncoding: {type: 'spki', format: 'pem'}});
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // ORIGINS as .env.example has it: giscus's own origin (its API's CORS answer).
  const env = {...process.env, NODE_OPTIONS: `--require ${preload}`, NEXT_TELEMETRY_DISABLED: '1', GITHUB_APP_ID: '1', GITHUB_PRIVATE_KEY: privateKey, ORIGINS: JSON.stringify([url])};
  const bin = (name: string, ...args: string[]) => [join(checkout, 'node_modules/.bin', name), ...args];
  if (!existsSync(join(checkout, '.next/prerender-manifest.json'))) {
    // giscus's `yarn build` without its last step but one (Closure Compiler minifying client.js).
    const themes = readdirSync(join(checkout, 'styles/themes')).filter((f) => f.endsWith('.css')).map((f) => `styles/themes/${f}`);
    for (const [cmd, ...args] of [bin('tsc', 'client.ts', '--outDir', 'public'), bin('postcss', ...themes, '--dir', 'public/themes', '--config', 'styles/themes'), bin('next', 'build')]) {
      // Not execFileSync: the stand-in, in this process, answers the build's requests meanwhile.
      const code = await new Promise((done) => spawn(cmd, args, {cwd: checkout, env, stdio: 'inherit'}).once('exit', done));
      if (code !== 0) throw new Error(`${args.join(' ')} failed in ${checkout}`);
    }
  }
  const child = spawn(bin('next')[0], ['start', '-p', String(port), '-H', '127.0.0.1'], {cwd: checkout, env, stdio: ['ignore', 'inherit', 'inherit']});
  for (let i = 0; !(await fetch(`${url}/client.js`).then((r) => r.ok, () => false)); i++) {
    if (i > 100 || child.exitCode !== null) throw (child.kill(), new Error('giscus did not start'));
    await new Promise((r) => setTimeout(r, 300));
  }
  // Already gone (it crashed): nothing to wait for.
  return {url, stop: () => new Promise<void>((done) => (child.exitCode !== null ? done() : (child.once('exit', () => done()), child.kill())))};
}

async function main() {
  const checkout = process.argv[2];
  if (!checkout || !existsSync(join(checkout, 'components/Giscus.tsx')) || !existsSync(join(checkout, 'node_modules/.bin/next'))) {
    throw new Error('usage: npm run screenshots:giscus -- PATH-TO-A-GISCUS-CHECKOUT (its packages installed: npx yarn@1 install)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'natter-giscus-'));
  const github = await serveGitHub();
  const giscus = await startGiscus(checkout, github.url, dir).catch(async (error) => (await github.close(), rmSync(dir, {recursive: true, force: true}), Promise.reject(error)));
  // giscus's snippet as its configurator writes it, the discussion found by the page's path, less crossorigin="anonymous":
  // `next start` serves client.js without the CORS headers that attribute needs.
  const blog = await serveBlog(() => blogPage('', `<script src="${giscus.url}/client.js" data-repo="${REPO}" data-repo-id="R_1" data-category="Comments" data-category-id="DIC_1" data-mapping="pathname" data-strict="0" data-reactions-enabled="1" data-emit-metadata="0" data-input-position="bottom" data-theme="light" data-lang="en" async></script>`));
  const browser = await launchBrowser('chromium');
  try {
    const p = await browser.newPage();
    await shoot(p, `${blog.url}${DEMO}`, async (p) => {
      const frame = await (await p.waitForSelector('iframe.giscus-frame'))!.contentFrame();
      await frame.waitForFunction((n) => document.querySelectorAll('.gsc-comment').length === n, {timeout: 20000}, flatThread().length);
      await p.waitForFunction(() => !!document.querySelector<HTMLElement>('iframe.giscus-frame:not(.giscus-frame--loading)')?.style.height);
      await p.waitForNetworkIdle({idleTime: 300});
    }, 'compare-giscus');
  } finally {
    await browser.close();
    await blog.close();
    await giscus.stop();
    await github.close();
    rmSync(dir, {recursive: true, force: true});
  }
}

await main();
