import assert from 'node:assert/strict';
import {test} from 'node:test';
import {loadConfig} from '../../src/server/config.js';

const smtp = {NATTER_SMTP_URL: 'smtp://user:pw@mail.example:587', NATTER_MAIL_FROM: 'Natter <natter@blog.example>', NATTER_PUBLIC_URL: 'https://comments.blog.example/'};
const secret = 's'.repeat(32);

test('mail and webhooks are off by default', () => {
  const {notify} = loadConfig([], {});
  assert.equal(notify.smtpUrl, undefined);
  assert.equal(notify.webhookUrl, undefined);
  assert.equal(notify.retryBaseMs, 60_000);
  assert.equal(notify.leaseMs, 120_000);
});

test('a full mail and webhook setup is read as given (the public URL without its trailing slash)', () => {
  const {notify} = loadConfig([], {...smtp, NATTER_OWNER_EMAIL: 'me@blog.example', NATTER_WEBHOOK_URL: 'https://hooks.example/natter', NATTER_WEBHOOK_SECRET: secret});
  assert.deepEqual(notify, {
    smtpUrl: smtp.NATTER_SMTP_URL, mailFrom: smtp.NATTER_MAIL_FROM, ownerEmail: 'me@blog.example', publicUrl: 'https://comments.blog.example',
    webhookUrl: 'https://hooks.example/natter', webhookSecret: secret, retryBaseMs: 60_000, leaseMs: 120_000, maxAttempts: 10,
  });
});

test('each bad value is refused with a message naming its variable', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{...smtp, NATTER_SMTP_URL: 'http://mail.example'}, /NATTER_SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/],
    [{...smtp, NATTER_SMTP_URL: 'smtp://u:hunter2@'}, /NATTER_SMTP_URL must be .*got "smtp:\/\/\*\*\*@"/],
    [{NATTER_SMTP_URL: smtp.NATTER_SMTP_URL, NATTER_PUBLIC_URL: smtp.NATTER_PUBLIC_URL}, /NATTER_MAIL_FROM is needed with NATTER_SMTP_URL/],
    [{NATTER_SMTP_URL: smtp.NATTER_SMTP_URL, NATTER_MAIL_FROM: 'a@b.example'}, /NATTER_PUBLIC_URL is needed with NATTER_SMTP_URL/],
    [{...smtp, NATTER_MAIL_FROM: 'Natter <not an address>'}, /NATTER_MAIL_FROM must be an email address/],
    [{...smtp, NATTER_OWNER_EMAIL: 'me@blog.example, you@blog.example'}, /NATTER_OWNER_EMAIL must be one email address/],
    [{...smtp, NATTER_PUBLIC_URL: 'ftp://comments.blog.example'}, /NATTER_PUBLIC_URL must be an http or https address/],
    [{...smtp, NATTER_PUBLIC_URL: 'https://comments.blog.example/?x=1'}, /NATTER_PUBLIC_URL must be an http or https address without a query/],
    [{NATTER_WEBHOOK_URL: 'https://hooks.example'}, /NATTER_WEBHOOK_SECRET is needed with NATTER_WEBHOOK_URL/],
    [{NATTER_WEBHOOK_URL: 'https://hooks.example', NATTER_WEBHOOK_SECRET: 'short'}, /NATTER_WEBHOOK_SECRET must be at least 32 characters/],
    [{NATTER_WEBHOOK_URL: 'mailto:a@b.example', NATTER_WEBHOOK_SECRET: secret}, /NATTER_WEBHOOK_URL must be an http:\/\/ or https:\/\/ URL/],
    [{NATTER_NOTIFY_RETRY_MS: '5'}, /NATTER_NOTIFY_RETRY_MS must be a whole number of milliseconds from 100/],
    [{NATTER_NOTIFY_LEASE_MS: 'soon'}, /NATTER_NOTIFY_LEASE_MS must be a whole number/],
  ];
  for (const [env, message] of cases) assert.throws(() => loadConfig([], env), message, JSON.stringify(env));
});
