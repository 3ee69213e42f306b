// A real SMTP server on loopback (the `smtp-server` package) that keeps every message it acknowledged, parsed with
// mailparser. `mode` makes it refuse (451 after DATA) or hang (never answer DATA), to test retries and crashes.
import {simpleParser, type ParsedMail} from 'mailparser';
import {SMTPServer} from 'smtp-server';
import {freePort} from '../e2e/server-process.js';

export type SmtpMode = 'accept' | 'refuse' | 'hang';

export interface TestSmtp {
  port: number;
  url: string;
  /** Messages acknowledged with 250, in order. */
  received: ParsedMail[];
  /** How many DATA commands reached the server (acknowledged or not). */
  attempts: number;
  mode: SmtpMode;
  /** Waits until `test` holds for the received list (polling), or throws after `timeoutMs`. */
  waitFor(test: (received: ParsedMail[]) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtp({port, mode = 'accept'}: {port?: number; mode?: SmtpMode} = {}): Promise<TestSmtp> {
  port ??= await freePort();
  const hung: (() => void)[] = [];
  const state: TestSmtp = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received: [],
    attempts: 0,
    mode,
    async waitFor(test, timeoutMs = 15000, what = 'the expected mail') {
      const deadline = Date.now() + timeoutMs;
      while (!test(state.received)) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; received: ${state.received.map((m) => m.subject).join(' | ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => {
      for (const release of hung) release();
      server.close(() => resolve());
    }),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      state.attempts++;
      const chunks: Buffer[] = [];
      stream.on('data', (d: Buffer) => chunks.push(d));
      stream.on('end', async () => {
        if (state.mode === 'refuse') return callback(Object.assign(new Error('Try again later'), {responseCode: 451}));
        if (state.mode === 'hang') {
          hung.push(() => callback(Object.assign(new Error('Closing'), {responseCode: 421})));
          return;
        }
        const mail = await simpleParser(Buffer.concat(chunks));
        state.received.push(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return state;
}

/** The links (href) of a parsed mail's HTML part. */
export function linksOf(mail: ParsedMail): string[] {
  const htmlText = typeof mail.html === 'string' ? mail.html : '';
  return [...htmlText.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}
