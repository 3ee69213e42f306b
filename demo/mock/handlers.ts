import {http, HttpResponse} from 'msw';
import {AdapterError, type Adapter, type NewComment} from '../../src/adapters/adapter.js';

const fail = (error: unknown) => {
  const e = error instanceof AdapterError ? error : new AdapterError('Something went wrong.', {status: 500});
  return HttpResponse.json({error: {code: e.code, message: e.message}}, {status: e.status || 500});
};

/** msw handlers that speak Natter's REST protocol over any adapter, for the static demo. */
export function createHandlers(adapter: Adapter, base = '') {
  return [
    http.get(`${base}/api/comments`, async ({request}) => {
      const url = new URL(request.url);
      try {
        const page = await adapter.list(url.searchParams.get('thread') ?? '', {
          cursor: url.searchParams.get('cursor') ?? undefined,
          limit: Number(url.searchParams.get('limit') ?? 50),
          order: url.searchParams.get('order') === 'newest' ? 'newest' : 'oldest',
        });
        return HttpResponse.json(page);
      } catch (error) {
        return fail(error);
      }
    }),
    http.post(`${base}/api/comments`, async ({request}) => {
      try {
        const comment = await adapter.post((await request.json()) as NewComment, {idempotencyKey: request.headers.get('Idempotency-Key') ?? ''});
        return HttpResponse.json({comment}, {status: 201});
      } catch (error) {
        return fail(error);
      }
    }),
    http.get(`${base}/api/counts`, async ({request}) => {
      const threads = new URL(request.url).searchParams.getAll('thread');
      return HttpResponse.json({counts: await adapter.count!(threads)});
    }),
  ];
}
