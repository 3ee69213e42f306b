import {readFile} from 'node:fs/promises';
import {loadConfig} from '../config.js';
import {setPassword} from '../services/admin-password.js';
import {openStore} from '../store/open-store.js';

export const adminUsage = `  natter admin set-password [--password-file FILE] [--db PATH]
                                   set the password of /admin (read from the terminal without echo, from a pipe,
                                   or from FILE; at least 10 characters); signs every admin session out`;

/** `natter admin …`: the sub-commands of the owner's sign-in. */
export async function runAdmin(args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'set-password') throw new Error(`Unknown admin command "${sub ?? ''}". Usage:\n${adminUsage}`);
  const {file, others} = takeOption(rest, '--password-file');
  const config = loadConfig(others, env);
  const password = file !== undefined ? trimNewline(await readFile(file, 'utf8')) : await readPasswordFromStdin();
  const store = await openStore(config);
  try {
    await setPassword(store, password, new Date().toISOString());
  } finally {
    await store.close();
  }
  const where = config.databaseUrl ? 'the Postgres database' : config.dbPath;
  console.log(`The admin password is set in ${where}. Sign in at /admin on the server.`);
}

function takeOption(args: readonly string[], name: string): {file: string | undefined; others: string[]} {
  const others: string[] = [];
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === name) {
      file = args[++i];
      if (file === undefined) throw new Error(`${name} needs a file name.`);
    } else if (arg.startsWith(`${name}=`)) {
      file = arg.slice(name.length + 1);
    } else {
      others.push(arg);
    }
  }
  return {file, others};
}

/** One line break at the end is the Enter key or an editor's habit, not part of the password. */
const trimNewline = (text: string) => text.replace(/\r?\n$/, '');

async function readPasswordFromStdin(): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of input) chunks.push(chunk as Buffer);
    return trimNewline(Buffer.concat(chunks).toString('utf8'));
  }
  const terminal = hiddenLines();
  try {
    const first = await terminal.ask('New admin password: ');
    const second = await terminal.ask('Repeat it: ');
    if (first !== second) throw new Error('The two passwords differ; nothing was changed.');
    return first;
  } finally {
    terminal.close();
  }
}

/**
 * Reads lines from the terminal in raw mode, echoing nothing. Keys typed (or pasted) ahead of a prompt are kept for
 * it, so two lines arriving in one chunk answer both prompts.
 */
function hiddenLines(): {ask(prompt: string): Promise<string>; close(): void} {
  const input = process.stdin;
  input.setRawMode(true);
  input.resume();
  const lines: (string | Error)[] = [];
  const waiting: ((line: string | Error) => void)[] = [];
  let text = '';
  const push = (line: string | Error) => (waiting.length > 0 ? waiting.shift()!(line) : lines.push(line));
  const onData = (data: Buffer) => {
    for (const ch of data.toString('utf8')) {
      if (ch === '\r' || ch === '\n') {
        push(text);
        text = '';
      } else if (ch === '\u0003' || ch === '\u0004') {
        push(new Error('Cancelled; nothing was changed.'));
      } else if (ch === '\u007f' || ch === '\b') {
        text = [...text].slice(0, -1).join('');
      } else {
        text += ch;
      }
    }
  };
  input.on('data', onData);
  return {
    async ask(prompt) {
      process.stderr.write(prompt);
      const line = lines.length > 0 ? lines.shift()! : await new Promise<string | Error>((resolve) => waiting.push(resolve));
      process.stderr.write('\n');
      if (line instanceof Error) throw line;
      return line;
    },
    close() {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
    },
  };
}
