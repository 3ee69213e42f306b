// The shared test data (the XSS corpus) lives outside the repository: `../shared` beside the checkout, or wherever
// NATTER_SHARED points, as for the browser tests. A missing corpus fails the test that needs it, with the fix.
import {existsSync, readFileSync} from 'node:fs';
import {resolve} from 'node:path';

/** The text of `path` inside the shared folder; throws, naming NATTER_SHARED, when it is missing. */
export function readShared(path: string): string {
  const root = resolve(process.env.NATTER_SHARED || '../shared');
  const file = resolve(root, path);
  if (!existsSync(file)) throw new Error(`${file} is missing: set NATTER_SHARED to the shared folder (it holds xss/payloads.jsonl)`);
  return readFileSync(file, 'utf8');
}

/** Every payload of the XSS corpus. */
export const xssPayloads = (): string[] =>
  readShared('xss/payloads.jsonl').split('\n').filter(Boolean).map((line) => JSON.parse(line).payload as string);
