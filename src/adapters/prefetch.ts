/** A list request the loader started before the widget arrived; the REST adapter takes it over once, on the same URL. */
export interface Prefetch {
  url: string;
  response: Promise<Response>;
}
