import type {CommentInput, CommentStore} from '../../store/comment-store.js';
import type {PolicySettings} from '../policy-settings.js';
import {findBlockedWord} from './blocked-words.js';
import {countLinks} from './links.js';

// What the owner's policy makes of a post that passed the checks that refuse it outright. Each reason is kept
// with the comment (the `reasons` column) so admin can say why it waits.

/** Signs of a bot or a banned author: the comment is kept as spam, and its author told it awaits moderation. */
export async function spamReasons(store: CommentStore, {input, ip, subject}: {input: CommentInput; ip: string | null; subject: string | null}): Promise<string[]> {
  const reasons: string[] = [];
  // The widget never fills the honeypot; a form-filling bot fills every field it finds.
  if (subject !== null && subject !== '') reasons.push('The hidden "subject" field was filled in (a bot).');
  const ban = await store.bans.match({email: input.email, ip});
  if (ban) reasons.push(`Banned ${ban.kind === 'email' ? 'email address' : 'IP address'} ${ban.value}${ban.reason ? ` (${ban.reason})` : ''}.`);
  return reasons;
}

/** The policy's reasons to hold a comment for the owner; none means it may be published. */
export async function holdReasons(store: CommentStore, policy: PolicySettings, input: CommentInput): Promise<string[]> {
  const reasons: string[] = [];
  const links = countLinks(input.body, input.website);
  if (links > policy.maxLinks) reasons.push(`${links} links (more than ${policy.maxLinks}).`);
  const word = findBlockedWord([input.author, input.body, input.website], policy.blockedWords);
  if (word !== null) reasons.push(`Contains the blocked word "${word}".`);
  if (policy.mode === 'all') {
    reasons.push('Every comment is held for approval (moderation: all).');
  } else if (policy.mode === 'first' && policy.firstApproved > 0) {
    if (input.email === null) {
      reasons.push('No email address; new authors are held until approved (moderation: first).');
    } else {
      const approved = await store.spam.approvedCount(input.email);
      if (approved < policy.firstApproved) reasons.push(`This email has ${approved} approved comment${approved === 1 ? '' : 's'} of the ${policy.firstApproved} needed (moderation: first).`);
    }
  }
  return reasons;
}
