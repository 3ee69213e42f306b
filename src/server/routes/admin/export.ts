import {Hono} from 'hono';
import {exportStream} from '../../io/export.js';
import type {CommentStore} from '../../store/comment-store.js';

/** GET /api/admin/export[?emails=1]: every thread and comment as `natter export` writes it, as a download. */
export function exportRoutes({store}: {store: CommentStore}) {
  return new Hono().get('/', (c) => {
    const emails = c.req.query('emails');
    if (emails !== undefined && emails !== '0' && emails !== '1') {
      return c.json({error: {code: 'invalid_emails', message: 'emails must be 0 or 1.'}}, 400);
    }
    const day = new Date().toISOString().slice(0, 10);
    return new Response(exportStream(store, {emails: emails === '1'}), {
      headers: {
        'Content-Type': 'application/json; charset=UTF-8',
        'Content-Disposition': `attachment; filename="natter-export-${day}.json"`,
      },
    });
  });
}
