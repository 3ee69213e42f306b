import {once} from 'node:events';
import {createWriteStream} from 'node:fs';
import {rename, rm} from 'node:fs/promises';
import {resolve} from 'node:path';
import {loadConfig} from '../config.js';
import {exportChunks} from '../io/export.js';
import {openStore} from '../store/open-store.js';

export const exportUsage = `  natter export [--out FILE] [--with-emails] [--db PATH]
                                   every thread and comment as versioned JSON, to standard output or FILE`;

/** `natter export`: streams the export to standard output, or to FILE (written beside it, then renamed). */
export async function exportCommand(args: readonly string[]): Promise<void> {
  let out: string | undefined;
  let emails = false;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--out') {
      out = args[++i];
      if (out === undefined) throw new Error('--out needs a file name.');
    } else if (arg.startsWith('--out=')) out = arg.slice(6);
    else if (arg === '--with-emails') emails = true;
    else rest.push(arg);
  }
  const config = loadConfig(rest, process.env);
  const store = await openStore(config);
  const target = out === undefined ? null : resolve(out);
  const partial = target === null ? null : `${target}.partial`;
  const sink = partial === null ? process.stdout : createWriteStream(partial);
  try {
    for await (const chunk of exportChunks(store, {emails})) {
      if (!sink.write(chunk)) await once(sink, 'drain');
    }
    if (partial !== null && target !== null) {
      (sink as ReturnType<typeof createWriteStream>).end();
      await once(sink, 'close');
      await rename(partial, target);
      console.error(`[natter] Exported to ${target}${emails ? ' (with email addresses)' : ''}.`);
    }
  } catch (error) {
    if (partial !== null) await rm(partial, {force: true});
    throw error;
  } finally {
    await store.close();
  }
}
