import type {NotifyConfig} from '../config/notify.js';
import type {CommentService} from '../services/comments.js';
import type {EventBus} from '../services/events.js';
import type {ModerationActions} from '../services/moderation-actions.js';
import type {Secrets} from '../services/secrets.js';
import type {CommentStore} from '../store/comment-store.js';
import type {CommentFacts, OutboxItem} from '../store/notify-store.js';
import {createMailLinks} from './links.js';
import {confirmMail, ownerMail, replyMail} from './messages.js';
import {notifyRoutes} from './routes.js';
import {startSender, type Send, type Sender} from './sender.js';
import {smtpSend, webhookSend} from './transports.js';
import {commentPayload} from './webhook-payload.js';

// Mail and webhooks, wired in one place: the service events queue outbox rows (after the comment's commit, so a post
// never waits for mail), and one background sender delivers them.

export interface NotificationsOptions {
  store: CommentStore;
  bus: EventBus;
  config: NotifyConfig;
  secrets: Secrets;
  now: () => Date;
  /** What the owner's approve / delete links do; the links answer 503 until the app has them. */
  actions: ModerationActions | undefined;
}

export interface Notifications {
  /** /api/notify: the pages behind the links in mail. */
  routes: ReturnType<typeof notifyRoutes>;
  /** The comment service, also recording a post's `notify: true` wish (double opt-in). */
  wrap(service: CommentService): CommentService;
  /** Sends what is due now and waits for it (tests, shutdown). */
  flush(): Promise<void>;
  /** Waits until the event handlers started so far have queued their rows. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** Mail outbox rows are kept this long after they were queued (then deleted, with their log lines). */
export const outboxRetentionMs = 30 * 24 * 60 * 60 * 1000;

export function startNotifications({store, bus, config, secrets, now, actions}: NotificationsOptions): Notifications {
  const links = createMailLinks(secrets);
  const nowMs = () => now().getTime();
  const mailOn = config.smtpUrl !== undefined && config.mailFrom !== undefined && config.publicUrl !== undefined;
  const webhookOn = config.webhookUrl !== undefined && config.webhookSecret !== undefined;
  const base = config.publicUrl ?? '';
  const url = (path: string, token: string) => `${base}/api/notify/${path}?t=${encodeURIComponent(token)}`;
  const fromAddress = /<([^<>]*)>\s*$/.exec(config.mailFrom ?? '')?.[1] ?? config.mailFrom ?? '';
  const mailto = `mailto:${fromAddress}?subject=unsubscribe`;

  const channels: {mail?: Send; webhook?: Send} = {};
  if (mailOn) channels.mail = smtpSend({smtpUrl: config.smtpUrl!, from: config.mailFrom!, leaseMs: config.leaseMs, store: store.notify});
  if (webhookOn) channels.webhook = webhookSend({secret: config.webhookSecret!, now: nowMs});
  const sender: Sender | null = mailOn || webhookOn
    ? startSender({store: store.notify, channels, leaseMs: config.leaseMs, retryBaseMs: config.retryBaseMs, maxAttempts: config.maxAttempts, now: nowMs})
    : null;

  const pending = new Set<Promise<void>>();
  /** Runs an event's work in the background; a failure is logged, never thrown into the write that emitted it. */
  function background(what: string, work: () => Promise<void>): void {
    const job = work().catch((error: unknown) => {
      console.error(`[natter] queueing ${what} failed:`, error instanceof Error ? error.message : error);
    }).finally(() => pending.delete(job));
    pending.add(job);
  }

  async function enqueue(channel: 'mail' | 'webhook', items: OutboxItem[]): Promise<void> {
    const t = now();
    if ((await store.notify.enqueue(channel, items, {now: t.getTime(), createdAt: t.toISOString()})) > 0) sender?.wake();
  }

  const mailItem = (dedupeKey: string, kind: string, payload: {to: string}): OutboxItem => ({dedupeKey, kind, recipient: payload.to, payload: JSON.stringify(payload)});

  async function webhook(event: string, dedupeKey: string | null, comment: Record<string, unknown>): Promise<void> {
    if (!webhookOn) return;
    const body = JSON.stringify({event, createdAt: now().toISOString(), comment});
    await enqueue('webhook', [{dedupeKey, kind: event, recipient: config.webhookUrl!, payload: body}]);
  }

  /** Reply mail to the parent's confirmed watcher, once per reply. */
  async function replyMails(reply: CommentFacts): Promise<void> {
    if (!mailOn || reply.parent === null) return;
    const watcher = await store.notify.watcherOf(reply.parent);
    if (watcher?.state !== 'confirmed' || watcher.email === reply.email?.toLowerCase()) return;
    const parent = await store.notify.commentFacts(reply.parent);
    if (!parent) return;
    const unsubscribe = url('unsubscribe', links.sign('unsubscribe', watcher.email, nowMs()));
    await enqueue('mail', [mailItem(`reply:${reply.id}:${watcher.email}`, 'reply', replyMail(reply, parent, watcher.email, config.mailFrom!, {unsubscribe, mailto}))]);
  }

  /** The double opt-in mail for a published comment whose author asked for replies and hasn't confirmed yet. */
  async function confirmation(comment: CommentFacts): Promise<void> {
    if (!mailOn || comment.state !== 'published') return;
    const watcher = await store.notify.watcherOf(comment.id);
    if (watcher?.state !== 'pending') return;
    const t = nowMs();
    const mail = confirmMail(comment, watcher.email, config.mailFrom!, {
      confirm: url('confirm', links.sign('confirm', watcher.email, t)), unsubscribe: url('unsubscribe', links.sign('unsubscribe', watcher.email, t)), mailto,
    });
    await enqueue('mail', [mailItem(`confirm:${comment.id}`, 'confirm', mail)]);
  }

  bus.on('comment.created', ({comment}) => background('notifications for a new comment', async () => {
    if (!mailOn && !webhookOn) return;
    const facts = await store.notify.commentFacts(comment.id);
    // Spam is nobody's news: no owner mail, no webhook, no reply mail (it reaches the owner in the admin queue).
    if (!facts || facts.state === 'spam' || facts.state === 'deleted') return;
    if (mailOn && config.ownerEmail !== undefined && !facts.owner) {
      const t = nowMs();
      const approve = facts.state === 'pending' ? url('moderate', links.sign('approve', facts.id, t)) : null;
      const remove = url('moderate', links.sign('delete', facts.id, t));
      await enqueue('mail', [mailItem(`owner:${facts.id}`, 'owner', ownerMail(facts, config.ownerEmail, config.mailFrom!, {approve, remove}))]);
    }
    await webhook('comment.created', `created:${facts.id}`, commentPayload(facts));
    if (facts.state === 'published') await replyMails(facts);
  }));

  bus.on('comment.moderated', ({comment, from, to}) => background('notifications for a moderated comment', async () => {
    if ((!mailOn && !webhookOn) || to !== 'published' || from === 'published') return;
    const facts = await store.notify.commentFacts(comment.id);
    if (facts?.state !== 'published') return;
    await webhook('comment.approved', null, commentPayload(facts));
    await replyMails(facts);
    await confirmation(facts);
  }));

  bus.on('comment.deleted', ({id, thread}) => background('the webhook for a deleted comment', async () => {
    await webhook('comment.deleted', null, {id, thread});
  }));

  const purge = setInterval(() => {
    const t = nowMs();
    store.notify.purge({before: new Date(t - outboxRetentionMs).toISOString(), nowMs: t}).catch((error: unknown) => {
      console.error('[natter] clearing the old mail outbox failed:', error instanceof Error ? error.message : error);
    });
  }, 60 * 60 * 1000);
  purge.unref();

  return {
    routes: notifyRoutes({store, links, actions, now}),
    wrap(service) {
      return {
        async create(request) {
          const result = await service.create(request);
          const email = request.input.email;
          if (mailOn && result.kind === 'created' && request.signals.notify && email !== null) {
            // Awaited (one write, no mail): a reader who saw 201 has their wish stored. The comment is committed
            // already, so a failure here is logged rather than failing the post.
            try {
              await store.notify.watch(result.comment.id, email, now().toISOString());
              const facts = await store.notify.commentFacts(result.comment.id);
              if (facts) await confirmation(facts);
            } catch (error) {
              console.error('[natter] storing a reply subscription failed:', error instanceof Error ? error.message : error);
            }
          }
          return result;
        },
      };
    },
    async flush() {
      await this.settled();
      await sender?.runOnce();
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    async stop() {
      clearInterval(purge);
      await this.settled();
      await sender?.stop();
    },
  };
}
