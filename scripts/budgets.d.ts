// Types for scripts/budgets.js, which plain Node scripts import too.
export declare const LOADER: number;
export declare const COUNT: number;
export declare const LOCALE: number;
export declare const FIRST_PAINT: number;
export declare const READER: number;
export declare const NOT_FOR_READERS: string[];
export declare const THREAD_CHUNK: string;
