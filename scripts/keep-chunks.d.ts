// Types for scripts/keep-chunks.js, which npm run build runs as a plain Node script.
export declare const KEEP_MS: number;
export declare function clean(dist: string): void;
export declare function prune(dist: string, now?: number): string[];
