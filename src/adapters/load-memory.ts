/** Loads the in-page adapter only when a page asks for it (`adapter="memory"`). */
export const loadMemoryAdapter = (): Promise<typeof import('./memory.js')> => import('./memory.js');
