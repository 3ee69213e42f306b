// In the script-tag bundles the in-page adapter is its own file beside the bundle, so readers of a real blog never
// download it. The URL is worked out while the bundle first runs, the only moment document.currentScript points
// at the classic script; a module has import.meta.url instead.
const url = new URL('natter-memory.js', (document.currentScript as HTMLScriptElement | null)?.src || import.meta.url).href;

/** Loads the in-page adapter only when a page asks for it (`adapter="memory"`). */
export const loadMemoryAdapter = (): Promise<typeof import('./memory.js')> => import(/* @vite-ignore */ url);
