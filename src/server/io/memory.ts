import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';

// An import allocates fast (parsed XML, Markdown, SQL) but keeps little, and V8 lets its heap grow far past what is
// live before it collects. Collecting every few thousand comments keeps the process near its live size (the bench
// holds 100,000 comments to 200 MB); a full collection of a heap this small costs a few milliseconds.
let collect: (() => void) | null | undefined;

/** Runs a full garbage collection when the runtime allows one; otherwise does nothing. */
export function collectGarbage(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}
