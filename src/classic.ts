// dist/natter.classic.js, for a classic <script src> tag: loads the module loader from beside this file's own URL.
void import(/* @vite-ignore */ new URL('natter.js', (document.currentScript as HTMLScriptElement).src).href);
