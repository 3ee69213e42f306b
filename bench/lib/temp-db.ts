import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

/** A fresh temp folder for one bench run, with the path of its database; `remove` deletes it all. */
export function makeBenchDir(): {dir: string; db: string; remove(): void} {
  const dir = mkdtempSync(join(tmpdir(), 'natter-bench-'));
  return {dir, db: join(dir, 'natter.db'), remove: () => rmSync(dir, {recursive: true, force: true})};
}
