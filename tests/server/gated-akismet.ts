// A fake Akismet for the readers' tests: comment-check answers "false" (not spam), each answer held back until the
// test opens the gate, so a test can act while a check is in flight.
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';

export interface GatedAkismet {
  /** The `comment_content` of every comment-check so far, in order. */
  checked: string[];
  url: string;
  /** Lets every held and later answer through. */
  open(): void;
  stop(): void;
}

export async function startGatedAkismet(): Promise<GatedAkismet> {
  const checked: string[] = [];
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', async () => {
      if (req.url?.endsWith('/comment-check')) checked.push(new URLSearchParams(raw).get('comment_content') ?? '');
      await gate;
      res.writeHead(200, {'Content-Type': 'text/plain'});
      res.end(req.url?.endsWith('/comment-check') ? 'false' : 'Thanks for making the web a better place.');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    checked, open,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => (server.closeAllConnections(), server.close()),
  };
}

/** Polls `read` until `done`, for at most 5 s. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
