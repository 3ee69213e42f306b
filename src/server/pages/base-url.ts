import type {Context} from 'hono';
import type {ServerConfig} from '../config.js';

/** The server's public URL without a trailing slash: NATTER_PUBLIC_URL, else the origin the request came to. */
export const baseUrl = (c: Context, config: ServerConfig): string => config.pages.publicUrl ?? new URL(c.req.url).origin;
