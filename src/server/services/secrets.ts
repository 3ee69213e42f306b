import {hkdfSync, randomBytes} from 'node:crypto';
import type {CommentStore} from '../store/comment-store.js';

// One master secret per database, made at first start and shared by every instance through the settings table
// (or given as NATTER_SECRET). Each use gets its own key derived from it, so a form token can never pass as a mail
// link or a webhook signature.

/** What a derived key is for. */
export type KeyPurpose = 'form-token' | 'mail-link' | 'unsubscribe' | 'self-service' | 'posted' | 'voter' | 'owner-token' | 'voter-ip';

export interface Secrets {
  key(purpose: KeyPurpose): Buffer;
}

/** Loads (or creates) the master secret. `configured` (NATTER_SECRET) wins when set. */
export async function loadSecrets(store: CommentStore, configured: string | undefined, now: string): Promise<Secrets> {
  const master = configured ?? (await store.settings.claim('secret', randomBytes(32).toString('base64url'), now));
  const cache = new Map<KeyPurpose, Buffer>();
  return {
    key(purpose) {
      let key = cache.get(purpose);
      if (!key) {
        key = Buffer.from(hkdfSync('sha256', master, 'natter', purpose, 32));
        cache.set(purpose, key);
      }
      return key;
    },
  };
}
