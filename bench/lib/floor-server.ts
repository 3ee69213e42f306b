// The floor for the read bench: a bare node:http server that answers every request with one fixed, already
// serialised response. Run as a child process: `node --import tsx bench/lib/floor-server.ts PORT BODY_FILE TYPE`.
import {readFileSync} from 'node:fs';
import {createServer} from 'node:http';

const [port, bodyFile, contentType] = process.argv.slice(2);
if (!port || !bodyFile || !contentType) {
  console.error('usage: floor-server.ts PORT BODY_FILE CONTENT_TYPE');
  process.exit(1);
}
const body = readFileSync(bodyFile);
const headers = {'Content-Type': contentType, 'Content-Length': String(body.byteLength)};

const server = createServer((request, response) => {
  // Drain any request body so keep-alive connections stay usable.
  request.resume();
  request.on('end', () => {
    response.writeHead(200, headers);
    response.end(body);
  });
});
server.listen(Number(port), '127.0.0.1', () => console.log(`floor listening on ${port}`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
