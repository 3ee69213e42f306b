import type {NotifyConfig} from '../config/notify.js';
import type {CommentStore} from '../store/comment-store.js';
import type {CommentFacts, OutboxItem} from '../store/notify-store.js';
import type {MailLinks} from './links.js';
import {confirmMail, ownerMail, replyMail, selfServiceMail} from './messages.js';
import {commentPayload} from './webhook-payload.js';

// What each comment event puts in the outboxes. Every row has a dedupe key naming its event where the event can
// only happen once (a comment's creation, a reply to one address), so running a handler twice (the catch-up sweep
// after a crash, a replayed post) queues nothing twice.

/** A reader's link to their own comments works for 24 hours. */
export const selfLinkLifetimeMs = 24 * 60 * 60 * 1000;
/** An address is mailed at most one confirmation link in this time, however many posts name it. */
export const confirmWindowMs = 24 * 60 * 60 * 1000;

export interface Queuer {
  readonly mailOn: boolean;
  readonly webhookOn: boolean;
  /** Owner mail, the created webhook and reply mail for a new comment. */
  created(id: string): Promise<void>;
  /** The approved webhook, reply mail and the author's confirmation mail once a comment is published. */
  published(id: string): Promise<void>;
  deleted(id: string, thread: string): Promise<void>;
  /** Records a post's `notify: true` wish and, if the comment is published, mails the confirmation link. */
  watch(id: string, email: string): Promise<void>;
  /** Mails a reader the link to their own comments (only when the address wrote any). */
  selfService(email: string): Promise<void>;
}

export function createQueuer({store, config, links, now, wake}: {
  store: CommentStore;
  config: NotifyConfig;
  links: MailLinks;
  now: () => Date;
  /** Called after rows were added, so the sender starts at once. */
  wake: () => void;
}): Queuer {
  const mailOn = config.smtpUrl !== undefined && config.mailFrom !== undefined && config.publicUrl !== undefined;
  const webhookOn = config.webhookUrl !== undefined && config.webhookSecret !== undefined;
  const nowMs = () => now().getTime();
  const url = (path: string, token: string) => `${config.publicUrl ?? ''}/api/notify/${path}?t=${encodeURIComponent(token)}`;
  const fromAddress = /<([^<>]*)>\s*$/.exec(config.mailFrom ?? '')?.[1] ?? config.mailFrom ?? '';
  const mailto = `mailto:${fromAddress}?subject=unsubscribe`;

  async function enqueue(channel: 'mail' | 'webhook', items: OutboxItem[]): Promise<void> {
    const t = now();
    if ((await store.notify.enqueue(channel, items, {now: t.getTime(), createdAt: t.toISOString()})) > 0) wake();
  }
  const mail = (dedupeKey: string | null, kind: string, payload: {to: string}) =>
    enqueue('mail', [{dedupeKey, kind, recipient: payload.to, payload: JSON.stringify(payload)}]);

  async function webhook(event: string, dedupeKey: string | null, comment: Record<string, unknown>): Promise<void> {
    if (!webhookOn) return;
    const body = JSON.stringify({event, createdAt: now().toISOString(), comment});
    await enqueue('webhook', [{dedupeKey, kind: event, recipient: config.webhookUrl!, payload: body}]);
  }

  /** Reply mail to the parent's watcher, once per reply, when that watch itself was confirmed. */
  async function replyMails(reply: CommentFacts): Promise<void> {
    if (!mailOn || reply.parent === null) return;
    const watcher = await store.notify.watcherOf(reply.parent);
    // A confirmed address is not enough: anyone can post with it, so only a watch its owner confirmed is mailed.
    if (watcher?.state !== 'confirmed' || !watcher.confirmed || watcher.email === reply.email?.toLowerCase()) return;
    const parent = await store.notify.commentFacts(reply.parent);
    if (!parent) return;
    const unsubscribe = url('unsubscribe', links.sign('unsubscribe', watcher.email, nowMs()));
    await mail(`reply:${reply.id}:${watcher.email}`, 'reply', replyMail(reply, parent, watcher.email, config.mailFrom!, {unsubscribe, mailto}));
  }

  /**
   * The double opt-in mail for a published comment whose author asked for replies and hasn't confirmed this watch:
   * at most one per address per day (the link confirms every watch of the address waiting by then), none to an
   * address that unsubscribed.
   */
  async function confirmation(comment: CommentFacts): Promise<void> {
    if (!mailOn || comment.state !== 'published') return;
    const watcher = await store.notify.watcherOf(comment.id);
    if (!watcher || watcher.confirmed || watcher.state === 'unsubscribed') return;
    const t = nowMs();
    const payload = confirmMail(comment, watcher.email, config.mailFrom!, {
      confirm: url('confirm', links.sign('confirm', watcher.email, t)), unsubscribe: url('unsubscribe', links.sign('unsubscribe', watcher.email, t)), mailto,
    });
    const item = {dedupeKey: `confirm:${watcher.email}:${t}`, kind: 'confirm', recipient: payload.to, payload: JSON.stringify(payload)};
    if (await store.notify.enqueueConfirmation(watcher.email, item, {now: t, createdAt: new Date(t).toISOString(), windowMs: confirmWindowMs})) wake();
  }

  return {
    mailOn,
    webhookOn,
    async created(id) {
      if (!mailOn && !webhookOn) return;
      const facts = await store.notify.commentFacts(id);
      // Spam is nobody's news: no owner mail, no webhook, no reply mail (it reaches the owner in the admin queue).
      if (!facts || facts.imported || facts.state === 'spam' || facts.state === 'deleted') return;
      if (mailOn && config.ownerEmail !== undefined && !facts.owner) {
        const t = nowMs();
        const approve = facts.state === 'pending' ? url('moderate', links.sign('approve', facts.id, t)) : null;
        const remove = url('moderate', links.sign('delete', facts.id, t));
        await mail(`owner:${facts.id}`, 'owner', ownerMail(facts, config.ownerEmail, config.mailFrom!, {approve, remove}));
      }
      await webhook('comment.created', `created:${facts.id}`, commentPayload(facts));
      if (facts.state === 'published') {
        await replyMails(facts);
        await confirmation(facts);
      }
    },
    async published(id) {
      if (!mailOn && !webhookOn) return;
      const facts = await store.notify.commentFacts(id);
      if (facts?.state !== 'published') return;
      await webhook('comment.approved', null, commentPayload(facts));
      await replyMails(facts);
      await confirmation(facts);
    },
    async deleted(id, thread) {
      await webhook('comment.deleted', null, {id, thread});
    },
    async selfService(email) {
      if (!mailOn) return;
      const comments = await store.notify.commentsByEmail(email);
      if (comments.length === 0) return;
      const address = email.toLowerCase();
      const link = `${config.publicUrl}/api/me?t=${encodeURIComponent(links.sign('self', address, nowMs(), selfLinkLifetimeMs))}`;
      await mail(null, 'self', selfServiceMail(address, config.mailFrom!, link, comments.length));
    },
    async watch(id, email) {
      if (!mailOn) return;
      await store.notify.watch(id, email, now().toISOString());
      const facts = await store.notify.commentFacts(id);
      if (facts) await confirmation(facts);
    },
  };
}
