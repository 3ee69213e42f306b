import type {Context, MiddlewareHandler} from 'hono';
import {ApiError} from '../api-error.js';

/** The largest POST body accepted by default, in bytes. */
export const maxBodyBytes = 64 * 1024;

const tooLarge = (maxBytes: number) =>
  new ApiError(413, 'payload_too_large', `The request is larger than ${maxBytes / 1024} KiB. A comment can be at most 10,000 characters.`);

/**
 * Middleware: reads the body as strict JSON (see readJsonBody) and leaves it where Hono's `validator('json')`
 * finds it, so the route's validator sees exactly the bytes that passed these checks.
 */
export function jsonBody({maxBytes = maxBodyBytes}: {maxBytes?: number} = {}): MiddlewareHandler {
  return async (c, next) => {
    const value = await readJsonBody(c, maxBytes);
    c.req.bodyCache.json = Promise.resolve(value);
    await next();
  };
}

/**
 * Reads a JSON request body. Refuses a wrong Content-Type (415), a body over 64 KiB by its Content-Length
 * or by the bytes actually received (413), and text that isn't UTF-8 JSON (400).
 */
export async function readJsonBody(c: Context, maxBytes = maxBodyBytes): Promise<unknown> {
  const [mediaType, ...params] = (c.req.header('content-type') ?? '').split(';').map((p) => p.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (mediaType !== 'application/json' || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the comment as JSON, with Content-Type: application/json.');
  }
  checkDeclaredLength(c.req.header('content-length'), maxBytes);
  const bytes = await readCapped(c.req.raw.body, maxBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', {fatal: true}).decode(bytes);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid UTF-8 text.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
}

/** Refuses early, before reading anything, when the client says the body is too big. */
export function checkDeclaredLength(header: string | undefined, maxBytes = maxBodyBytes): void {
  if (header !== undefined && /^\d+$/.test(header) && Number(header) > maxBytes) throw tooLarge(maxBytes);
}

async function readCapped(stream: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array> {
  if (!stream) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const {done, value} = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
