import {promisify} from 'node:util';
import {brotliCompress, constants, gzip} from 'node:zlib';
import type {Context, MiddlewareHandler} from 'hono';

/** A content coding Natter sends. */
export type Encoding = 'br' | 'gzip';

/** Bodies below this are sent as they are: compressing them saves less than the headers cost. */
export const MIN_COMPRESS_BYTES = 1024;

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

// Levels, measured on 50-comment pages (about 50 KB of JSON): brotli 5 gives 23.8% of the raw size in about 1 ms,
// brotli 11 gives 20.9% but takes 64 ms, far too slow for a page that changes with every new comment; gzip 6 gives
// 24.2% in 1.3 ms (gzip 9: 24.1%, 1.7 ms). Per-request bodies (counts, posted comments) use one step less.
const levels = {
  page: {br: 5, gzip: 6},
  request: {br: 4, gzip: 5},
};

/** Compresses off the main thread (zlib's thread pool), so a large body never stalls other requests. */
function compress(body: Uint8Array, encoding: Encoding, level: number): Promise<Uint8Array> {
  if (encoding === 'gzip') return gzipAsync(body, {level});
  return brotliAsync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: level,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
    },
  });
}

/**
 * The coding to answer with for an Accept-Encoding header: brotli when accepted, else gzip, else none. A coding with
 * `q=0` is refused, and `*` stands for any coding not named.
 */
export function pickEncoding(acceptEncoding: string | undefined): Encoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) weights.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (name: Encoding) => weights.get(name) ?? weights.get('*') ?? 0;
  if (weight('br') > 0 && weight('br') >= weight('gzip')) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return null;
}

// A cached page's compressed forms, made once per body and encoding. Keyed by the page cache's own Uint8Array, so
// an entry goes when the page cache lets its body go; concurrent first requests share one compression.
const compressedPages = new WeakMap<Uint8Array, Partial<Record<Encoding, Promise<Uint8Array | null>>>>();

/** How many times a cached page has been compressed in this process (each body once per encoding), for tests and logs. */
export const pageCompressions = {count: 0};

/**
 * Answers 200 with `body`, compressed as the request accepts. `body` must not change after it is first sent (the
 * page cache's bodies never do): its compressed forms are kept, and reused for as long as the body itself lives.
 */
export async function sendCompressedOnce(c: Context, body: Uint8Array<ArrayBuffer>, contentType: string): Promise<Response> {
  const encoding = body.byteLength >= MIN_COMPRESS_BYTES ? pickEncoding(c.req.header('accept-encoding')) : null;
  if (encoding) {
    let forms = compressedPages.get(body);
    if (!forms) compressedPages.set(body, (forms = {}));
    // null: compressing did not make it smaller (or failed), so the plain body is sent.
    const made = (forms[encoding] ??= (pageCompressions.count++, compress(body, encoding, levels.page[encoding])).then(
      (out) => (out.byteLength < body.byteLength ? out : null),
      () => null,
    ));
    const compressed = await made;
    if (compressed) {
      return c.body(compressed as Uint8Array<ArrayBuffer>, 200, {'Content-Type': contentType, 'Content-Encoding': encoding, Vary: 'Accept-Encoding'});
    }
  }
  return c.body(body, 200, {'Content-Type': contentType, Vary: 'Accept-Encoding'});
}

const compressible = /^(?:application\/(?:[\w.+-]*\+)?json|text\/)/i;

/**
 * Compresses other responses (JSON and text of at least MIN_COMPRESS_BYTES) per request, as Accept-Encoding asks.
 * Responses that already name a Content-Encoding, or vary on Accept-Encoding (the cached pages), pass untouched.
 */
export function compressResponses(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    const type = res.headers.get('content-type') ?? '';
    if (c.req.method === 'HEAD' || res.status === 204 || res.status === 304 || res.headers.has('content-encoding') || !compressible.test(type)) return;
    const vary = res.headers.get('vary');
    // A Vary naming Accept-Encoding means the handler has already chosen (sendCompressedOnce).
    if (vary && /(^|,)\s*accept-encoding\s*(,|$)/i.test(vary)) return;
    res.headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    const encoding = pickEncoding(c.req.header('accept-encoding'));
    if (!encoding) return;
    const body = new Uint8Array(await res.arrayBuffer());
    let out: Uint8Array = body;
    if (body.byteLength >= MIN_COMPRESS_BYTES) {
      const compressed = await compress(body, encoding, levels.request[encoding]).catch(() => null);
      if (compressed && compressed.byteLength < body.byteLength) {
        out = compressed;
        res.headers.set('Content-Encoding', encoding);
      }
    }
    res.headers.delete('content-length');
    // Clearing first stops Hono from rebuilding the new response from the old one's (used) body stream.
    c.res = undefined;
    c.res = new Response(out as Uint8Array<ArrayBuffer>, {status: res.status, headers: res.headers});
  };
}
