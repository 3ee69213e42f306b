import {Hono} from 'hono';
import type {Context} from 'hono';
import {bodyLimit} from 'hono/body-limit';
import {html} from '../../html/html.js';
import {markdownToHtml} from '../../markdown/to-html.js';
import {ApiError} from '../api-error.js';
import {clientIp, rateLimitKey, type TrustProxy} from '../client-ip.js';
import {jsonBody} from '../http/json-body.js';
import type {ModerationActions} from '../services/moderation-actions.js';
import type {CommentStore} from '../store/comment-store.js';
import type {MailLinks} from './links.js';
import {page, refusalPage} from './pages.js';
import type {Queuer} from './queue.js';

// /api/me: a reader's own comments by mail. POST /link mails a signed link (24 hours) to an address that wrote
// comments, and answers the same whether it did or not, so the endpoint tells nobody who commented. The link's page
// lists the comments, offers them as JSON, and has a "delete all" form whose POST spends the link.

const emailPattern = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const hour = 60 * 60 * 1000;

export function selfServiceRoutes({store, links, queue, actions, now, trustProxy}: {
  store: CommentStore;
  links: MailLinks;
  queue: Queuer;
  actions: ModerationActions;
  now: () => Date;
  trustProxy: TrustProxy;
}) {
  const check = (token: string | undefined) => links.verify(token, ['self'], now().getTime());
  const refuse = (c: Context, reason: Parameters<typeof refusalPage>[0]) => {
    const {status, body} = refusalPage(reason);
    return c.html(body, status);
  };
  async function limit(key: string, max: number): Promise<void> {
    const decision = await store.takeRate(key, {limit: max, windowMs: hour, now: now().getTime()});
    if (!decision.allowed) {
      throw new ApiError(429, 'rate_limited', `Too many links were asked for. Please wait ${decision.retryAfter} seconds and try again.`, {
        headers: {'Retry-After': String(decision.retryAfter)},
      });
    }
  }

  return new Hono()
    .post('/link', jsonBody({maxBytes: 4096}), async (c) => {
      const body = (await c.req.json()) as unknown;
      const email = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).email : undefined;
      if (typeof email !== 'string' || email.length > 254 || !emailPattern.test(email)) {
        throw new ApiError(400, 'invalid_email', 'Enter the email address you commented with, like name@example.com.', {field: 'email'});
      }
      if (!queue.mailOn) throw new ApiError(404, 'mail_off', 'This server does not send mail, so it cannot mail you a link.');
      // Per client and per address, so nobody can flood a mailbox through this server.
      await limit(`me-link:${rateLimitKey(clientIp(c, trustProxy))}`, 5);
      await limit(`me-link:${email.toLowerCase()}`, 3);
      await queue.selfService(email);
      return c.json({ok: true, message: 'If this address wrote comments here, a link to them is on its way.'}, 202);
    })
    .get('/', async (c) => {
      const token = c.req.query('t');
      const checked = check(token);
      if (!checked.ok) return refuse(c, checked.reason);
      if (await store.notify.nonceUsed(checked.claims.nonce)) return refuse(c, 'used');
      const comments = await store.notify.commentsByEmail(checked.claims.subject);
      const items = comments.map((m) => html`<li><p><code>${m.thread}</code>, ${m.createdAt.slice(0, 10)} (${m.state})</p><blockquote>${markdownToHtml(m.body)}</blockquote></li>`);
      const t = encodeURIComponent(token!);
      return c.html(page('Your comments', html`<p>${comments.length} comment${comments.length === 1 ? '' : 's'} written with <strong>${checked.claims.subject}</strong>.</p>
<p><a href="/api/me/export?t=${t}">Download them as JSON</a></p>
<ol>${items}</ol>
<form method="post" action="/api/me/delete"><input type="hidden" name="t" value="${token!}"><button type="submit">Delete all my comments</button></form>
<p>A comment with replies stays as an empty placeholder, so the replies keep their place.</p>`));
    })
    .get('/export', async (c) => {
      const checked = check(c.req.query('t'));
      if (!checked.ok) return refuse(c, checked.reason);
      if (await store.notify.nonceUsed(checked.claims.nonce)) return refuse(c, 'used');
      const comments = (await store.notify.commentsByEmail(checked.claims.subject)).map((m) => ({
        id: m.id, thread: m.thread, parent: m.parent, author: m.author, email: m.email, website: m.website, body: m.body, status: m.state, createdAt: m.createdAt,
      }));
      c.header('Content-Disposition', 'attachment; filename="natter-comments.json"');
      return c.json({email: checked.claims.subject, exportedAt: now().toISOString(), comments});
    })
    .post('/delete', bodyLimit({maxSize: 8 * 1024, onError: (c) => c.html(page('Too large', html`<p>This form sends only a link.</p>`), 413)}), async (c) => {
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const checked = check(typeof form.t === 'string' ? form.t : undefined);
      if (!checked.ok) return refuse(c, checked.reason);
      const {claims} = checked;
      if (!(await store.notify.useNonce({value: claims.nonce, purpose: 'self', expiresAt: claims.expiresAt}, now().toISOString()))) return refuse(c, 'used');
      const ids = (await store.notify.commentsByEmail(claims.subject)).map((m) => m.id);
      let removed = 0;
      try {
        for (let i = 0; i < ids.length; i += 100) {
          removed += (await actions.remove(ids.slice(i, i + 100), 'mail-link')).filter((r) => r.ok).length;
        }
      } catch (error) {
        if (removed === 0) await store.notify.releaseNonce(claims.nonce);
        throw error;
      }
      return c.html(page('Your comments were deleted', html`<p>${removed} comment${removed === 1 ? ' was' : 's were'} deleted.</p>`));
    });
}
