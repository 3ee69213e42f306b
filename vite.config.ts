import {defineConfig, type Plugin} from 'vite';
import {existsSync, readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

const require = createRequire(import.meta.url);

/**
 * `npm run dev`: the demo page exactly as a blogger embeds it, with `/natter.js` served from source
 * and msw standing in for the server, so the page also works as static files.
 */
function demoWithMocks(): Plugin {
  return {
    name: 'natter-demo-mocks',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url === '/mockServiceWorker.js') {
          res.setHeader('Content-Type', 'text/javascript');
          res.end(readFileSync(require.resolve('msw/mockServiceWorker.js')));
          return;
        }
        const path = (req.url ?? '/').split('?')[0];
        if (path === '/natter.js') req.url = '/demo/mock/dev-entry.ts';
        else if (path === '/') req.url = '/demo/index.html';
        else if (existsSync(`demo${path}`) && !path.startsWith('/demo/')) req.url = `/demo${path}`;
        next();
      });
    },
  };
}

/**
 * Template literals keep their indentation through minification; in Lit's html and css templates it is dead
 * weight. A newline between two tags goes too (the widget lays such siblings out with flex or grid); other
 * newlines stay, so text that relies on white space between inline elements keeps it.
 */
function collapseTemplateIndent(): Plugin {
  return {
    name: 'natter-collapse-template-indent',
    apply: 'build',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id)) return;
      code = code.replace(/\n[ \t]+/g, '\n').replace(/>\n</g, '><');
      // A styles module holds one css`` template: white space after punctuation and around braces is dead weight
      // (never before a colon, where it would turn `a :hover` into `a:hover`).
      if (id.endsWith('.styles.ts')) code = code.replace(/([{};,])\s+/g, '$1').replace(/:[ ]+/g, ':').replace(/\s+([{}])/g, '$1').replace(/;}/g, '}');
      return {code, map: null};
    },
  };
}

/** Three builds share this file: `es` (default), `classic` and `memory` (`vite build --mode NAME`). */
const bundles = {
  production: {entry: 'src/define.ts', format: 'es', file: 'natter.js'},
  classic: {entry: 'src/define.ts', format: 'iife', file: 'natter.classic.js'},
  memory: {entry: 'src/adapters/memory.ts', format: 'es', file: 'natter-memory.js'},
} as const;

/** The bundles are final files for a script tag: tree-shaking hints left in them are bytes every reader downloads. */
function stripAnnotations(): Plugin {
  return {
    name: 'natter-strip-annotations',
    apply: 'build',
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk') chunk.code = chunk.code.replace(/\/\* @(?:__PURE__|vite-ignore) \*\/\s*/g, '');
      }
    },
  };
}

export default defineConfig(({mode}) => {
  const bundle = bundles[mode as keyof typeof bundles] ?? bundles.production;
  return {
    plugins: [demoWithMocks(), collapseTemplateIndent(), stripAnnotations()],
    resolve: {
      // The bundles fetch the in-page adapter as the separate natter-memory.js; source users import it directly.
      alias: [{find: /^\.\.\/adapters\/load-memory\.js$/, replacement: fileURLToPath(new URL('src/adapters/load-memory.bundle.ts', import.meta.url))}],
    },
    build: {
      copyPublicDir: false,
      target: 'es2022',
      lib: {entry: bundle.entry, name: 'Natter', formats: [bundle.format], fileName: () => bundle.file},
      rolldownOptions: {output: {codeSplitting: false, minify: true}},
      minify: true,
      sourcemap: false,
      emptyOutDir: mode === 'production',
    },
  };
});
