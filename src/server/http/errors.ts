import type {Context} from 'hono';
import {HTTPException} from 'hono/http-exception';
import {ApiError} from '../api-error.js';
import {StoreBusyError} from '../store/comment-store.js';

/** The app's one error handler: refusals become `{error: {code, message}}`, a busy database a 503 to retry. */
export function answerError(error: Error, c: Context): Response {
  if (error instanceof ApiError) {
    return c.json(error.toJSON(), error.status, error.headers);
  }
  if (error instanceof StoreBusyError) {
    // The widget's outbox retries a 503; Retry-After tells it (and any other client) when.
    return c.json({error: {code: 'busy', message: 'The server is busy right now. Please try again in a moment.'}}, 503, {'Retry-After': '2'});
  }
  if (error instanceof HTTPException && error.status < 500) {
    return c.json({error: {code: 'bad_request', message: error.message || 'The request could not be understood.'}}, error.status);
  }
  console.error('[natter] unexpected error while answering', c.req.method, c.req.path, error);
  return c.json({error: {code: 'internal', message: 'Something went wrong on the server. Please try again in a moment.'}}, 500);
}
