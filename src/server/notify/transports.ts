import {createHmac} from 'node:crypto';
import nodemailer from 'nodemailer';
import type {NotifyStore} from '../store/notify-store.js';
import type {MailPayload} from './messages.js';
import type {Send} from './sender.js';

// How a claimed row leaves: mail over SMTP (nodemailer), webhooks as a signed JSON POST.

/** The SMTP sender. A row counts as sent once the server answered the message's DATA with 2xx. */
export function smtpSend({smtpUrl, from, leaseMs, store}: {smtpUrl: string; from: string; leaseMs: number; store: NotifyStore}): Send {
  const timeout = Math.floor(leaseMs / 4);
  const transport = nodemailer.createTransport({url: smtpUrl, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout});
  return async (row) => {
    const mail = JSON.parse(row.payload) as MailPayload;
    // A commenter who unsubscribed after the mail was queued gets nothing more.
    if (mail.commenter !== undefined && (await store.subscription(mail.commenter)) === 'unsubscribed') return {drop: 'unsubscribed'};
    await transport.sendMail({from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers, messageId: mail.messageId});
    return {ok: true};
  };
}

/** The `Natter-Signature` header for a body sent at `unixSeconds`: `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export function webhookSignature(secret: string, unixSeconds: number, body: string): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

/** The webhook sender: a 2xx answer is an acknowledgement; anything else (or no answer in time) is retried. */
export function webhookSend({secret, now}: {secret: string; now: () => number}): Send {
  return async (row, deadlineMs) => {
    const {event} = JSON.parse(row.payload) as {event: string};
    const response = await fetch(row.recipient, {
      method: 'POST',
      body: row.payload,
      redirect: 'manual',
      signal: AbortSignal.timeout(deadlineMs),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Natter-Webhook/1',
        'Natter-Event': event,
        // The same for every retry of one delivery, so a receiver can drop a repeat.
        'Natter-Delivery': row.id,
        'Natter-Signature': webhookSignature(secret, Math.floor(now() / 1000), row.payload),
      },
    });
    await response.body?.cancel();
    return response.status >= 200 && response.status < 300
      ? {ok: true, statusCode: response.status}
      : {ok: false, statusCode: response.status, error: `The receiver answered ${response.status}.`};
  };
}
