import {createHmac} from 'node:crypto';
import type {Comment, Votes} from '../../adapters/adapter.js';
import {ApiError} from '../api-error.js';
import {rateLimitKey} from '../client-ip.js';
import type {ServerConfig} from '../config.js';
import type {CommentState, CommentStore} from '../store/comment-store.js';
import type {OwnedComment} from '../store/readers-store.js';
import {validateNewComment} from '../validation.js';
import type {SpamQueue} from './comments.js';
import type {EventBus} from './events.js';
import {announceRemoval} from './moderation-actions.js';
import {ownerTokenMatches} from './owner-token.js';
import {readPolicy} from './policy-settings.js';
import {bodyHash} from './policy/normalise.js';
import {holdReasons, spamReasons} from './policy/rules.js';
import {createRateLimiter} from './rate-limiter.js';
import type {RateLimiter} from './rate-limiter.js';
import type {Secrets} from './secrets.js';

// What a reader may do to comments after posting: edit and delete their own (with the owner token the post
// answered), and vote on anyone's. Each writes through store.readers (or admin's delete), then emits its event after
// the commit, which the page cache, the live log and the other instances follow.

/** A reader's vote: for, against, or taking it back. */
export type VoteValue = 1 | -1 | 0;

export interface ReaderActions {
  /** Replaces the body, within the edit window and while nobody replied; the content policy may hold it. */
  edit(id: string, body: unknown, token: string | null, ip: string): Promise<Comment>;
  /** A placeholder keeping its replies when it had any, else null (the comment is gone). Allowed at any time. */
  remove(id: string, token: string | null, ip: string): Promise<Comment | null>;
  vote(id: string, value: VoteValue, voter: string, ip: string): Promise<Votes>;
}

/** At most this many different voters per comment from one address (IPv6 by its /64): a household, not a script. */
export const votersPerAddress = 3;
/** Votes a minute from one client (address or /64), apart from its posts, edits and deletes. */
export const votesPerMinute = 60;
/** Edits of one comment over its edit window. */
export const editsPerComment = 10;

export function createReaderActions({store, bus, config, secrets, limiter, checker, now}: {
  store: CommentStore;
  bus: EventBus;
  config: ServerConfig;
  secrets: Secrets;
  /** The client's rate limit that posts count against; edits and deletes count against it too. */
  limiter: RateLimiter;
  checker?: SpamQueue | undefined;
  now: () => Date;
}): ReaderActions {
  const {editWindowMs, votes: mode} = config.readers;
  const clock = () => now().getTime();
  // NATTER_RATE_LIMIT=0 turns the client limits off; votes follow it. An edit loop is bounded per comment anyway.
  const votesLimiter = createRateLimiter({store, limit: config.rateLimit === 0 ? 0 : votesPerMinute, now: clock});
  const editsLimiter = createRateLimiter({store, limit: editsPerComment, windowMs: Math.max(editWindowMs, 60_000), now: clock});
  const take = async (limiter: RateLimiter, key: string, message: string) => {
    const decision = await limiter.take(key);
    if (!decision.allowed) {
      throw new ApiError(429, 'rate_limited', `${message} Please wait ${decision.retryAfter} seconds and try again.`, {headers: {'Retry-After': String(decision.retryAfter)}});
    }
  };
  const tooQuickly = 'You are sending too quickly.';
  const hmac = (purpose: 'voter' | 'voter-ip', text: string) => createHmac('sha256', secrets.key(purpose)).update(text).digest('hex');
  const notFound = () => new ApiError(404, 'not_found', 'There is no such comment.');
  const windowClosed = () => new ApiError(403, 'edit_window_closed', `Comments can be edited for ${duration(editWindowMs)} after posting.`);
  const hasReplies = () => new ApiError(403, 'has_replies', 'Someone has replied to this comment, so it can no longer be edited. You can still delete it.');

  /** The comment, once the token proves its author asks. */
  async function owned(id: string, token: string | null): Promise<OwnedComment> {
    if (token === null) {
      throw new ApiError(401, 'token_missing', 'Only the author can change a comment: send the token its post answered, as Authorization: Bearer <token>.', {headers: {'WWW-Authenticate': 'Bearer'}});
    }
    const found = await store.readers.owned(id);
    if (!found) throw notFound();
    if (!ownerTokenMatches(token, found.tokenHash)) {
      throw new ApiError(403, 'token_invalid', 'You can only change comments you posted, from the browser you posted them with.');
    }
    return found;
  }

  return {
    async edit(id, body, token, ip) {
      if (editWindowMs === 0) throw new ApiError(403, 'editing_off', 'Comments can’t be edited on this site.');
      await take(limiter, rateLimitKey(ip), tooQuickly);
      const found = await owned(id, token);
      const {comment} = found;
      if (found.status === 'deleted') throw notFound();
      // As for a post; deleting stays allowed.
      if ((await store.threads.get(comment.thread)).closed) throw new ApiError(403, 'thread_closed', 'Comments are closed on this thread, so they can no longer be edited.');
      const createdAfter = new Date(now().getTime() - editWindowMs).toISOString();
      if (comment.createdAt <= createdAfter) throw windowClosed();
      if (found.replies > 0) throw hasReplies();
      // The comment as it will be, checked by the same rules as a post.
      const input = validateNewComment({thread: comment.thread, author: comment.author, email: found.email, website: comment.website, body});
      const policy = await readPolicy(store, config.policy);
      // An author whose comment is published has been let through already; "first comments" holds only new authors.
      const rules = found.status === 'published' && policy.mode === 'first' ? {...policy, mode: 'off' as const} : policy;
      const spam = await spamReasons(store, {input, ip, subject: null});
      const held = spam.length > 0 ? [] : await holdReasons(store, rules, input);
      const reasons = [...spam, ...held];
      // A comment waiting for the spam checker to publish it counts as published here: its new text gets checked.
      const was = found.status === 'pending' && found.spamCheck === 'publish' && checker ? 'published' : found.status;
      let status: CommentState = spam.length > 0 ? 'spam' : held.length > 0 ? 'pending' : was;
      let spamCheck: 'publish' | 'hold' | null = null;
      if (checker && status !== 'spam' && (input.body !== comment.body || found.spamCheck !== null)) {
        // As a post: the new text goes live only after the checker has seen it, and only if the rules let it through.
        spamCheck = status === 'published' ? 'publish' : 'hold';
        status = 'pending';
      } else if (status === 'pending' && found.spamCheck !== null) {
        // No checker to ask now: a marker left from one must never publish what the rules hold.
        spamCheck = 'hold';
      }
      await take(editsLimiter, `edit ${id}`, `A comment can be edited ${editsPerComment} times.`);
      const edited = await store.readers.edit(id, {
        body: input.body, bodyHash: bodyHash(input.body), status, spamCheck, editedAt: now().toISOString(), createdAfter,
        ...(reasons.length > 0 ? {reasons: reasons.join('\n')} : {}),
      });
      if (!edited) {
        // Something changed since the checks above (a reply came, the window closed, it was deleted): say which.
        const again = await store.readers.owned(id);
        if (!again || again.status === 'deleted') throw notFound();
        if (again.replies > 0) throw hasReplies();
        throw windowClosed();
      }
      bus.emit('comment.updated', {comment: edited, from: found.status});
      if (spamCheck !== null) checker?.enqueue(id);
      return edited;
    },

    async remove(id, token, ip) {
      await take(limiter, rateLimitKey(ip), tooQuickly);
      const found = await owned(id, token);
      // Admin's delete: a placeholder when it has replies, else the row goes and its idempotency key is kept as
      // removed, so the widget's outbox resending the post gets 410 instead of bringing it back.
      const removal = await store.admin.remove(id);
      if (!removal) throw notFound();
      return announceRemoval({store, bus}, id, found.status, removal);
    },

    async vote(id, value, voter, ip) {
      if (mode === 'off') throw new ApiError(403, 'votes_off', 'Voting is turned off on this site.');
      if (value === -1 && mode === 'up') throw new ApiError(400, 'invalid_vote', 'This site counts votes up only: send value 1, or 0 to take a vote back.', {field: 'value'});
      await take(votesLimiter, `vote ${rateLimitKey(ip)}`, 'You are voting too quickly.');
      const result = await store.readers.vote(id, {
        voter: hmac('voter', voter), ipHash: hmac('voter-ip', rateLimitKey(ip)), value, maxPerIp: votersPerAddress, now: now().toISOString(),
      });
      if (result.kind === 'not_found') throw notFound();
      if (result.kind === 'limit') {
        throw new ApiError(403, 'vote_limit', `At most ${votersPerAddress} people on one network can vote on a comment.`);
      }
      if (result.changed) bus.emit('comment.voted', {id, thread: result.thread, votes: result.votes});
      return result.votes;
    },
  };
}

/** "15 minutes", "1 minute", "2 hours". */
function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const [n, unit] = minutes % 60 === 0 && minutes >= 120 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
