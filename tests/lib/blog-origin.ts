// A blog on its own origin (localhost and a free port, where the Natter server is 127.0.0.1 on another port: a
// different origin in every respect a browser checks), serving HTML that embeds the widget, as real blogs do.
import {createServer} from 'node:http';
import {freePort} from '../e2e/server-process.js';

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
