import type {Context} from 'hono';
import {ApiError} from './api-error.js';

/** The largest POST body accepted, in bytes. */
export const maxBodyBytes = 64 * 1024;

const tooLarge = () => new ApiError(413, 'payload_too_large', 'The request is larger than 64 KiB. A comment can be at most 10,000 characters.');

/**
 * Reads a JSON request body. Refuses a wrong Content-Type (415), a body over 64 KiB by its Content-Length
 * or by the bytes actually received (413), and text that isn't UTF-8 JSON (400).
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const [mediaType, ...params] = (c.req.header('content-type') ?? '').split(';').map((p) => p.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (mediaType !== 'application/json' || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the comment as JSON, with Content-Type: application/json.');
  }
  checkDeclaredLength(c.req.header('content-length'));
  const bytes = await readCapped(c.req.raw.body);
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
export function checkDeclaredLength(header: string | undefined): void {
  if (header !== undefined && /^\d+$/.test(header) && Number(header) > maxBodyBytes) throw tooLarge();
}

async function readCapped(stream: ReadableStream<Uint8Array> | null): Promise<Uint8Array> {
  if (!stream) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const {done, value} = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBodyBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
