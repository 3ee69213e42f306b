import type {ContentfulStatusCode} from 'hono/utils/http-status';

/** A refusal the client can act on. Thrown anywhere in a request; the app's one error handler turns it into JSON. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  /** Machine-readable, e.g. `invalid_body`. */
  readonly code: string;
  /** The request field at fault, when there is one. */
  readonly field: string | undefined;
  /** Extra response headers, e.g. Retry-After. */
  readonly headers: Record<string, string>;

  constructor(status: ContentfulStatusCode, code: string, message: string, options: {field?: string; headers?: Record<string, string>} = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = options.field;
    this.headers = options.headers ?? {};
  }

  /** The wire shape: `{error: {code, message, field?}}`. */
  toJSON(): {error: {code: string; message: string; field?: string}} {
    return {error: {code: this.code, message: this.message, ...(this.field === undefined ? {} : {field: this.field})}};
  }
}
