import type {TrustProxy} from '../client-ip.js';
import type {NotifyConfig} from '../config/notify.js';
import type {CommentService} from '../services/comments.js';
import type {EventBus} from '../services/events.js';
import type {ModerationActions} from '../services/moderation-actions.js';
import type {Secrets} from '../services/secrets.js';
import type {CommentStore} from '../store/comment-store.js';
import {createMailLinks} from './links.js';
import {createQueuer} from './queue.js';
import {notifyRoutes} from './routes.js';
import {startSender, type Send, type Sender} from './sender.js';
import {selfServiceRoutes} from './self-service.js';
import {startSweep} from './sweep.js';
import {smtpSend, webhookSend} from './transports.js';

// Mail and webhooks, wired in one place: the service events queue outbox rows right after the comment's commit (a
// post waits for that insert, never for mail), one background sender delivers them, and a sweep at start (and every
// half minute) queues what a crash between a comment's commit and its outbox insert left out.

export interface NotificationsOptions {
  store: CommentStore;
  bus: EventBus;
  config: NotifyConfig;
  secrets: Secrets;
  now: () => Date;
  /** What the owner's approve / delete links (and a reader's "delete all") do. */
  actions: ModerationActions;
  /** Who may name the client (the self-service rate limit counts per client). */
  trustProxy: TrustProxy;
}

export interface Notifications {
  /** /api/notify: the pages behind the links in mail. */
  routes: ReturnType<typeof notifyRoutes>;
  /** /api/me: a reader's own comments, by a link mailed to their address. */
  selfService: ReturnType<typeof selfServiceRoutes>;
  /** The comment service, waiting for a new comment's outbox rows and recording its `notify: true` wish. */
  wrap(service: CommentService): CommentService;
  /** Sends what is due now and waits for it (tests, shutdown). */
  flush(): Promise<void>;
  /** Waits until the event handlers started so far have queued their rows. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** Outbox rows and delivery log lines are kept this long (then deleted). */
export const outboxRetentionMs = 30 * 24 * 60 * 60 * 1000;

export function startNotifications({store, bus, config, secrets, now, actions, trustProxy}: NotificationsOptions): Notifications {
  const links = createMailLinks(secrets);
  const nowMs = () => now().getTime();
  let sender: Sender | null = null;
  const queue = createQueuer({store, config, links, now, wake: () => sender?.wake()});

  const channels: {mail?: Send; webhook?: Send} = {};
  if (queue.mailOn) channels.mail = smtpSend({smtpUrl: config.smtpUrl!, from: config.mailFrom!, leaseMs: config.leaseMs, store: store.notify});
  if (queue.webhookOn) channels.webhook = webhookSend({secret: config.webhookSecret!, now: nowMs});
  if (queue.mailOn || queue.webhookOn) {
    sender = startSender({store: store.notify, channels, leaseMs: config.leaseMs, retryBaseMs: config.retryBaseMs, maxAttempts: config.maxAttempts, now: nowMs});
  }

  const pending = new Set<Promise<void>>();
  const createdJobs = new Map<string, Promise<void>>();
  /** Runs an event's work in the background; a failure is logged, never thrown into the write that emitted it. */
  function background(what: string, work: () => Promise<void>): Promise<void> {
    const job = work().catch((error: unknown) => {
      console.error(`[natter] queueing ${what} failed:`, error instanceof Error ? error.message : error);
    }).finally(() => pending.delete(job));
    pending.add(job);
    return job;
  }

  bus.on('comment.created', ({comment}) => {
    const job = background('notifications for a new comment', () => queue.created(comment.id));
    createdJobs.set(comment.id, job);
    void job.finally(() => createdJobs.delete(comment.id));
  });
  bus.on('comment.moderated', ({comment, from, to}) => {
    if (to === 'published' && from !== 'published') void background('notifications for an approved comment', () => queue.published(comment.id));
  });
  bus.on('comment.deleted', ({id, thread}) => void background('the webhook for a deleted comment', () => queue.deleted(id, thread)));

  // Off, there is nothing to catch up on (and no query to run); the cursor is set on the first start with either on.
  const stopSweep = queue.mailOn || queue.webhookOn ? startSweep({store, queue, now}) : async () => {};
  const purge = setInterval(() => {
    const t = nowMs();
    store.notify.purge({before: new Date(t - outboxRetentionMs).toISOString(), nowMs: t}).catch((error: unknown) => {
      console.error('[natter] clearing the old outbox rows failed:', error instanceof Error ? error.message : error);
    });
  }, 60 * 60 * 1000);
  purge.unref();

  return {
    routes: notifyRoutes({store, links, actions, now}),
    selfService: selfServiceRoutes({store, links, queue, actions, now, trustProxy}),
    wrap(service) {
      return {
        async create(request) {
          const result = await service.create(request);
          const {id} = result.comment;
          // Wait for the outbox inserts (not the sending): once a reader sees 201, the owner mail and webhook are
          // in the database. A replay runs the handler again (deduplicated), in case the first try died before it.
          await (result.kind === 'created' ? createdJobs.get(id) : background('notifications for a replayed comment', () => queue.created(id)));
          const email = request.input.email;
          if (request.signals.notify && email !== null) await background('a reply subscription', () => queue.watch(id, email));
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
      await stopSweep();
      await this.settled();
      await sender?.stop();
    },
  };
}
