import type {Generated} from 'kysely';

// The notify tables (migration 0006-notify), kept beside schema.ts so that file only gains their names.

/** mail_outbox and webhook_outbox share one shape. */
export interface OutboxTable {
  id: Generated<number | string>;
  dedupe_key: string | null;
  kind: string;
  recipient: string;
  payload: string;
  state: Generated<'queued' | 'sending' | 'sent' | 'failed' | 'dropped'>;
  attempts: Generated<number>;
  next_at: number | string;
  lease_until: number | string | null;
  lease_owner: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface NotifyDeliveriesTable {
  id: Generated<number | string>;
  channel: 'mail' | 'webhook';
  outbox_id: number | string;
  kind: string;
  attempt: number;
  ok: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  at: string;
}

export interface NotifyEmailsTable {
  email: string;
  state: 'pending' | 'confirmed' | 'unsubscribed';
  created_at: string;
  updated_at: string;
  /** ms: when the last confirmation mail to the address was queued (one a day at most). */
  confirm_mailed_at: Generated<number | string | null>;
}

export interface NotifyWatchesTable {
  comment_id: number | string;
  email: string;
  created_at: string;
  /** 1 once a confirmation link mailed to the address after this watch began was used. */
  confirmed: Generated<number>;
}

export interface UsedNoncesTable {
  nonce: string;
  purpose: string;
  expires_at: number | string;
  used_at: string;
}
