import {parsePublicUrl} from './pages.js';
// Mail and webhook settings (NATTER_SMTP_URL, NATTER_WEBHOOK_URL, …), read once at start and checked with a message
// that names the variable, so a typo fails the start instead of silently dropping mail.

/** How mail and webhooks are sent; either part is off while its URL is unset. */
export interface NotifyConfig {
  /** NATTER_SMTP_URL, e.g. smtp://user:pass@mail.example:587 or smtps://…; mail is off without it. */
  smtpUrl: string | undefined;
  /** NATTER_MAIL_FROM: the From address, e.g. `Natter <natter@blog.example>`. Required with the SMTP URL. */
  mailFrom: string | undefined;
  /** NATTER_OWNER_EMAIL: who hears of new and held comments; no owner mail without it. */
  ownerEmail: string | undefined;
  /** NATTER_PUBLIC_URL: the server's public base URL for links in mail, without a trailing slash. */
  publicUrl: string | undefined;
  /** NATTER_WEBHOOK_URL: where comment events are POSTed as JSON; webhooks are off without it. */
  webhookUrl: string | undefined;
  /** NATTER_WEBHOOK_SECRET: the HMAC-SHA256 key of the Natter-Signature header (≥ 32 characters). */
  webhookSecret: string | undefined;
  /** NATTER_NOTIFY_RETRY_MS: the first retry's delay; each later one doubles it (capped at 6 hours). */
  retryBaseMs: number;
  /** NATTER_NOTIFY_LEASE_MS: how long one instance holds a row while sending it; a send times out at half of it. */
  leaseMs: number;
  /** Attempts before a row is marked failed. */
  maxAttempts: number;
}

const emailPattern = /^[^\s@<>]+@[^\s@<>.]+(\.[^\s@<>.]+)+$/;

/** Parses the NATTER_* mail and webhook variables; throws an Error naming the variable on a bad value. */
export function parseNotifyConfig(read: (name: string) => string | undefined): NotifyConfig {
  const smtpUrl = read('NATTER_SMTP_URL');
  const mailFrom = read('NATTER_MAIL_FROM');
  const ownerEmail = read('NATTER_OWNER_EMAIL');
  const publicUrl = parsePublicUrl(read);
  const webhookUrl = read('NATTER_WEBHOOK_URL');
  const webhookSecret = read('NATTER_WEBHOOK_SECRET');

  if (smtpUrl !== undefined) {
    const parsed = URL.canParse(smtpUrl) ? new URL(smtpUrl) : null;
    if (!parsed || !/^smtps?:$/.test(parsed.protocol) || parsed.hostname === '') {
      throw new Error(`NATTER_SMTP_URL must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example:587, got "${redact(smtpUrl)}".`);
    }
    if (mailFrom === undefined) throw new Error('NATTER_MAIL_FROM is needed with NATTER_SMTP_URL: the From address, e.g. "Natter <natter@blog.example>".');
    if (publicUrl === undefined) throw new Error('NATTER_PUBLIC_URL is needed with NATTER_SMTP_URL: the public base URL of this server, for the links in mail (e.g. https://comments.blog.example).');
  }
  if (mailFrom !== undefined && !emailPattern.test(addressOf(mailFrom))) {
    throw new Error(`NATTER_MAIL_FROM must be an email address, optionally with a name ("Natter <natter@blog.example>"), got "${mailFrom}".`);
  }
  if (ownerEmail !== undefined && !emailPattern.test(ownerEmail)) {
    throw new Error(`NATTER_OWNER_EMAIL must be one email address such as you@blog.example, got "${ownerEmail}".`);
  }
  if (webhookUrl !== undefined) {
    const parsed = URL.canParse(webhookUrl) ? new URL(webhookUrl) : null;
    if (!parsed || !/^https?:$/.test(parsed.protocol)) {
      throw new Error(`NATTER_WEBHOOK_URL must be an http:// or https:// URL, got "${webhookUrl}".`);
    }
    if (webhookSecret === undefined) throw new Error('NATTER_WEBHOOK_SECRET is needed with NATTER_WEBHOOK_URL: at least 32 characters (e.g. `openssl rand -hex 32`), to sign each delivery.');
  }
  if (webhookSecret !== undefined && webhookSecret.length < 32) {
    throw new Error('NATTER_WEBHOOK_SECRET must be at least 32 characters (e.g. `openssl rand -hex 32`).');
  }
  const retryBaseMs = parseMs(read('NATTER_NOTIFY_RETRY_MS'), 'NATTER_NOTIFY_RETRY_MS', 60_000, 100);
  const leaseMs = parseMs(read('NATTER_NOTIFY_LEASE_MS'), 'NATTER_NOTIFY_LEASE_MS', 120_000, 1000);
  return {
    smtpUrl, mailFrom, ownerEmail, publicUrl: publicUrl?.replace(/\/+$/, ''), webhookUrl, webhookSecret, retryBaseMs, leaseMs, maxAttempts: 10,
  };
}

function parseMs(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = /^\d{1,8}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= 86_400_000)) throw new Error(`${name} must be a whole number of milliseconds from ${min} to 86400000, got "${value}".`);
  return n;
}

/** The address inside `Name <address>`, or the whole value. */
function addressOf(from: string): string {
  const match = /<([^<>]*)>\s*$/.exec(from);
  return (match ? match[1]! : from).trim();
}

function redact(url: string): string {
  return url.replace(/\/\/([^/@]*)@/, '//***@');
}
