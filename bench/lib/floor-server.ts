// The floor for the read bench: a bare node:http server that answers each path with the exact response Natter gave
// for it (status, headers and already-compressed body, read from a file the bench wrote), and 404 otherwise.
// Run as a child process: `node --import tsx bench/lib/floor-server.ts PORT RESPONSES_FILE`.
import {readFileSync} from 'node:fs';
import {createServer} from 'node:http';

/** One recorded answer: its status, its headers in order (without the ones node:http adds itself) and its body. */
export interface RecordedResponse {
  status: number;
  headers: [string, string][];
  /** Base64. */
  body: string;
}

const [port, responsesFile] = process.argv.slice(2);
if (!port || !responsesFile) {
  console.error('usage: floor-server.ts PORT RESPONSES_FILE');
  process.exit(1);
}
const recorded = JSON.parse(readFileSync(responsesFile, 'utf8')) as Record<string, RecordedResponse>;
const answers = new Map<string, {status: number; headers: string[]; body: Buffer}>(
  Object.entries(recorded).map(([path, r]) => {
    const body = Buffer.from(r.body, 'base64');
    const headers: string[] = [...r.headers.flat(), 'Content-Length', String(body.byteLength)];
    return [path, {status: r.status, headers, body}];
  }),
);

const server = createServer((request, response) => {
  // Drain any request body so keep-alive connections stay usable.
  request.resume();
  request.on('end', () => {
    const answer = answers.get(request.url ?? '');
    if (!answer) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body);
  });
});
server.listen(Number(port), '127.0.0.1', () => console.log(`floor listening on ${port}`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
