import {createReadStream} from 'node:fs';
import {open} from 'node:fs/promises';
import type {Readable} from 'node:stream';
import {createGunzip} from 'node:zlib';

/** Whether the file starts with gzip's magic bytes (the name may say nothing: Disqus mails `export.xml.gz`, or not). */
export async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const {bytesRead} = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** The file's text as a stream of UTF-8 chunks, gunzipped on the way when it is gzip; never read whole. */
export async function openText(path: string): Promise<Readable> {
  const raw = createReadStream(path, {highWaterMark: 256 * 1024});
  let stream: Readable = raw;
  if (await isGzip(path)) {
    const gunzip = createGunzip();
    raw.on('error', (error) => gunzip.destroy(error));
    stream = raw.pipe(gunzip);
  }
  stream.setEncoding('utf8');
  return stream;
}

/** Text chunks with a leading byte-order mark removed, and in lenient mode anything before the first `<` (or `{`) too. */
export async function* textChunks(stream: Readable, {skipBefore}: {skipBefore: '<' | '{' | null}): AsyncGenerator<string> {
  let started = false;
  for await (const piece of stream) {
    let chunk = piece as string;
    if (!started) {
      if (chunk.startsWith('\uFEFF')) chunk = chunk.slice(1);
      if (skipBefore !== null) {
        const at = chunk.indexOf(skipBefore);
        if (at < 0) continue;
        chunk = chunk.slice(at);
      }
      if (chunk === '') continue;
      started = true;
    }
    yield chunk;
  }
}

/** Lines of a text stream (JSON lines formats), without their line endings. */
export async function* textLines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of chunks) {
    rest += chunk;
    let at = rest.indexOf('\n');
    let from = 0;
    while (at >= 0) {
      yield rest.slice(from, at).replace(/\r$/, '');
      from = at + 1;
      at = rest.indexOf('\n', from);
    }
    rest = rest.slice(from);
  }
  if (rest !== '') yield rest.replace(/\r$/, '');
}
