// Settings of the server-rendered pages (/t, the fragment, the feeds).

/** Where the server's own pages live, for absolute links in feeds and fragments. */
export interface PagesConfig {
  /** NATTER_PUBLIC_URL: the server's public origin (and path prefix), e.g. https://comments.example; else the request's origin. */
  publicUrl: string | undefined;
}

/** Reads NATTER_PUBLIC_URL. */
export function parsePagesConfig(read: (name: string) => string | undefined): PagesConfig {
  return {publicUrl: parsePublicUrl(read)};
}

/** NATTER_PUBLIC_URL, the one parser for pages, mail and Akismet: an http(s) URL without query or fragment, no trailing slash. */
export function parsePublicUrl(read: (name: string) => string | undefined): string | undefined {
  const value = read('NATTER_PUBLIC_URL');
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password) {
    throw new Error(`NATTER_PUBLIC_URL must be an http or https address without a query, fragment or password, such as https://comments.example, got "${value}".`);
  }
  return url.href.replace(/\/+$/, '');
}
