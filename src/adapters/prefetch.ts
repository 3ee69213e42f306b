/** A list request the loader started (left on the element as `natterList`) before the widget arrived; the REST adapter takes it over once, on the same URL. */
export interface Prefetch {
  url: string;
  response: Promise<Response>;
}
