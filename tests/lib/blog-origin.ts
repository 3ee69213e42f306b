// A blog on its own origin (localhost and a free port, where the Natter server is 127.0.0.1 on another port: a
// different origin in every respect a browser checks), serving HTML that embeds the widget, as real blogs do.
import {mkdtempSync, rmSync} from 'node:fs';
import {createServer} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before} from 'node:test';
import {freePort, startTestServer, type TestServer} from '../e2e/server-process.js';

export interface BlogOrigin {
  /** `http://localhost:PORT`, without a trailing slash. */
  url: string;
  close(): Promise<void>;
}

/** Serves `page(path)` as uncached HTML for every request. */
export async function serveBlog(page: (path: string) => string): Promise<BlogOrigin> {
  const port = await freePort();
  const server = createServer((req, res) => {
    res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store'});
    res.end(page(req.url ?? '/'));
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return {url: `http://localhost:${port}`, close: () => new Promise((done) => server.close(() => done()))};
}

/** A Natter server and a blog on another origin, for one describe block. Both are set once `before` has run. */
export interface NatterAndBlog {
  natter: TestServer;
  blog: BlogOrigin;
}

/**
 * Starts a Natter server on a temporary database (thread rate limit off, a 3 s minimum before posting), runs `seed`
 * against it, then serves `page(natterUrl, path)` as the blog, in the describe block's `before`; `after` stops both and
 * removes the database.
 */
export function natterAndBlog(prefix: string, page: (natterUrl: string, path: string) => string, seed: (natter: TestServer) => Promise<void>): NatterAndBlog {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const both = {} as NatterAndBlog;
  before(async () => {
    both.natter = await startTestServer({db: join(dir, 'natter.db'), env: {NATTER_THREAD_RATE_LIMIT: '0', NATTER_MIN_SECONDS: '3'}});
    await seed(both.natter);
    both.blog = await serveBlog((path) => page(both.natter.url, path));
  });
  after(async () => {
    await both.blog?.close();
    await both.natter?.stop();
    rmSync(dir, {recursive: true, force: true});
  });
  return both;
}
