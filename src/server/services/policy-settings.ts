import {ApiError} from '../api-error.js';
import type {CommentStore} from '../store/comment-store.js';

// The moderation and spam policy the owner can change in admin. The environment gives the defaults; what the owner
// saves in admin wins. Read per post (one indexed row), so every instance sees a change at once.

/** `off`: publish; `all`: hold every comment; `first`: hold an author until their email has `firstApproved` approved. */
export type ModerationMode = 'off' | 'all' | 'first';

export interface PolicySettings {
  mode: ModerationMode;
  /** With mode `first`: approved comments an email needs before its comments go live at once. */
  firstApproved: number;
  /** A comment with more links than this is held. */
  maxLinks: number;
  /** A comment containing any of these words or phrases (case-insensitive) is held. */
  blockedWords: string[];
  /** Seconds that must pass between the form being shown (the list's signed token) and the post. */
  minSeconds: number;
}

const KEY = 'policy';

/** The stored policy over the defaults. */
export async function readPolicy(store: CommentStore, defaults: PolicySettings): Promise<PolicySettings> {
  const saved = await store.settings.get<Partial<PolicySettings>>(KEY);
  return {...defaults, ...saved};
}

/** Checks and saves a change to the policy; answers the policy now in force. Refuses anything not exactly right. */
export async function writePolicy(store: CommentStore, defaults: PolicySettings, patch: unknown, now: string): Promise<PolicySettings> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new ApiError(400, 'invalid_settings', 'Send the settings as a JSON object.');
  }
  const current = await readPolicy(store, defaults);
  const next: PolicySettings = {...current};
  for (const [key, value] of Object.entries(patch)) {
    const refuse = (message: string): never => {
      throw new ApiError(400, 'invalid_settings', message, {field: key});
    };
    switch (key) {
      case 'mode':
        if (value !== 'off' && value !== 'all' && value !== 'first') refuse('The moderation mode must be "off", "all" or "first".');
        next.mode = value as ModerationMode;
        break;
      case 'firstApproved':
      case 'maxLinks':
      case 'minSeconds':
        if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 1000) refuse(`${key} must be a whole number from 0 to 1000.`);
        next[key] = value as number;
        break;
      case 'blockedWords':
        if (!Array.isArray(value) || value.length > 1000 || !value.every((w) => typeof w === 'string' && w.trim() !== '' && w.length <= 100)) {
          refuse('blockedWords must be a list of at most 1000 words or phrases, each 1 to 100 characters.');
        }
        next.blockedWords = (value as string[]).map((w) => w.trim());
        break;
      default:
        refuse(`"${key.slice(0, 40)}" is not a setting. Known: mode, firstApproved, maxLinks, blockedWords, minSeconds.`);
    }
  }
  await store.settings.set(KEY, next, now);
  return next;
}
