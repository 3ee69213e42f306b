import {defineConfig, type Plugin} from 'vite';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';

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
        if (req.url === '/natter.js') req.url = '/demo/mock/dev-entry.ts';
        else if (req.url === '/' || req.url === '/index.html') req.url = '/demo/index.html';
        next();
      });
    },
  };
}

/**
 * Template literals keep their indentation through minification; in Lit's html and css templates it is dead
 * weight. Newlines stay, so text that relies on white space between inline elements keeps it.
 */
function collapseTemplateIndent(): Plugin {
  return {
    name: 'natter-collapse-template-indent',
    apply: 'build',
    transform(code, id) {
      if (/\/src\/.*\.ts$/.test(id)) return {code: code.replace(/\n[ \t]+/g, '\n'), map: null};
    },
  };
}

export default defineConfig({
  plugins: [demoWithMocks(), collapseTemplateIndent()],
  build: {
    copyPublicDir: false,
    target: 'es2022',
    lib: {
      entry: 'src/define.ts',
      name: 'Natter',
      formats: ['es', 'iife'],
      fileName: (format) => (format === 'es' ? 'natter.js' : 'natter.classic.js'),
    },
    rolldownOptions: {
      output: {codeSplitting: false, minify: true},
    },
    minify: true,
    sourcemap: false,
    emptyOutDir: true,
  },
});
