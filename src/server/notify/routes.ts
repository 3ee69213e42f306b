import {Hono} from 'hono';
import type {Context} from 'hono';
import {bodyLimit} from 'hono/body-limit';
import {html} from '../../html/html.js';
import type {ModerationActions} from '../services/moderation-actions.js';
import type {CommentStore} from '../store/comment-store.js';
import {linkLifetimeMs, type LinkPurpose, type MailLinks} from './links.js';
import {commentBlock, confirmForm, page, refusalPage} from './pages.js';

// /api/notify/*: what the links in mail open. A GET only shows a page with a button; the POST acts. The token comes
// in the query (GET, and RFC 8058 one-click POSTs) or the form body.

async function tokenOf(c: Context): Promise<string | undefined> {
  const query = c.req.query('t');
  if (query !== undefined) return query;
  if (c.req.method !== 'POST') return undefined;
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  return typeof body.t === 'string' ? body.t : undefined;
}

export function notifyRoutes({store, links, actions, now}: {
  store: CommentStore;
  links: MailLinks;
  actions: ModerationActions;
  now: () => Date;
}) {
  const refuse = (c: Context, reason: Parameters<typeof refusalPage>[0]) => {
    const {status, body} = refusalPage(reason);
    return c.html(body, status);
  };
  const check = async (c: Context, purposes: readonly LinkPurpose[]) => links.verify(await tokenOf(c), purposes, now().getTime());

  return new Hono()
    .use(bodyLimit({maxSize: 8 * 1024, onError: (c) => c.html(page('Too large', html`<p>This form sends only a link.</p>`), 413)}))
    .get('/moderate', async (c) => {
      const checked = await check(c, ['approve', 'delete']);
      if (!checked.ok) return refuse(c, checked.reason);
      const {claims} = checked;
      if (await store.notify.nonceUsed(claims.nonce)) return refuse(c, 'used');
      const comment = await store.notify.commentFacts(claims.subject);
      if (!comment) return c.html(page('This comment is gone', html`<p>It was deleted already.</p>`), 404);
      const approve = claims.purpose === 'approve';
      return c.html(page(approve ? 'Approve this comment?' : 'Delete this comment?', html`${commentBlock(comment)}
${confirmForm('/api/notify/moderate', (await tokenOf(c))!, approve ? 'Approve and publish' : 'Delete')}`));
    })
    .post('/moderate', async (c) => {
      const checked = await check(c, ['approve', 'delete']);
      if (!checked.ok) return refuse(c, checked.reason);
      const {claims} = checked;
      const nonce = {value: claims.nonce, purpose: claims.purpose, expiresAt: claims.expiresAt};
      if (!(await store.notify.useNonce(nonce, now().toISOString()))) return refuse(c, 'used');
      let results;
      try {
        results = claims.purpose === 'approve'
          ? await actions.setStatus([claims.subject], 'published', 'mail-link')
          : await actions.remove([claims.subject], 'mail-link');
      } catch (error) {
        // Nothing was done: give the nonce back so the link still works once.
        await store.notify.releaseNonce(claims.nonce);
        throw error;
      }
      const result = results[0];
      if (!result?.ok) {
        const message = result ? result.message : 'The comment was not found.';
        return c.html(page('Nothing was changed', html`<p>${message}</p>`), !result || result.code === 'not_found' ? 404 : 409);
      }
      return c.html(page(claims.purpose === 'approve' ? 'Comment approved' : 'Comment deleted',
        html`<p>${claims.purpose === 'approve' ? 'It is now published.' : 'It was deleted.'}</p>`));
    })
    .get('/confirm', async (c) => {
      const checked = await check(c, ['confirm']);
      if (!checked.ok) return refuse(c, checked.reason);
      if (await store.notify.nonceUsed(checked.claims.nonce)) return refuse(c, 'used');
      return c.html(page('Confirm reply notifications', html`<p>Mail <strong>${checked.claims.subject}</strong> when someone replies to the comments this address asked about (the one named in the mail, and any other waiting when it was sent)?</p>
${confirmForm('/api/notify/confirm', (await tokenOf(c))!, 'Yes, mail me replies')}`));
    })
    .post('/confirm', async (c) => {
      const checked = await check(c, ['confirm']);
      if (!checked.ok) return refuse(c, checked.reason);
      const {claims} = checked;
      // A confirm link lives linkLifetimeMs, so its expiry tells when it was mailed.
      const issuedAt = new Date(claims.expiresAt - linkLifetimeMs).toISOString();
      const outcome = await store.notify.confirm(claims.subject, {value: claims.nonce, expiresAt: claims.expiresAt}, now().toISOString(), issuedAt);
      if (outcome === 'used') return refuse(c, 'used');
      if (outcome === 'unknown') return c.html(page('Nothing to confirm', html`<p>This address has no pending request, or it unsubscribed.</p>`), 404);
      return c.html(page('Confirmed', html`<p>Replies will be mailed to ${claims.subject}. Every mail has a link to stop them.</p>`));
    })
    .get('/unsubscribe', async (c) => {
      const checked = await check(c, ['unsubscribe']);
      if (!checked.ok) return refuse(c, checked.reason);
      const action = `/api/notify/unsubscribe?t=${encodeURIComponent((await tokenOf(c))!)}`;
      return c.html(page('Unsubscribe from reply mail', html`<p>Stop all reply mail to <strong>${checked.claims.subject}</strong>?</p>
<form method="post" action="${action}"><button type="submit">Unsubscribe</button></form>`));
    })
    .post('/unsubscribe', async (c) => {
      // RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click` to the link; acting needs nothing else.
      const checked = await check(c, ['unsubscribe']);
      if (!checked.ok) return refuse(c, checked.reason);
      await store.notify.unsubscribe(checked.claims.subject, now().toISOString());
      return c.html(page('Unsubscribed', html`<p>No more reply mail will be sent to ${checked.claims.subject}.</p>`));
    });
}
