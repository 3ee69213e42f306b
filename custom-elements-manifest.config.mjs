// `npm run build:manifest`: dist/custom-elements.json from the elements' JSDoc (one tag a line), for editors,
// Storybook and documentation tools. Lit's `static properties` give the properties and attributes.

/** The manifest describes the published package, so its modules are the compiled dist/lib files, not src/. */
function pointAtCompiledModules() {
  const toDist = (path) => path.replace(/^\.?\/?src\/(.*)\.[jt]s$/, 'dist/lib/$1.js');
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'path' || key === 'module') && typeof value === 'string') node[key] = toDist(value);
      else visit(value);
    }
  };
  return {name: 'natter-compiled-module-paths', packageLinkPhase: ({customElementsManifest}) => visit(customElementsManifest.modules)};
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/server/**', 'src/admin/**', 'src/**/*.bundle.ts'],
  outdir: 'dist',
  litelement: true,
  // package.json names the manifest itself ("customElements"); the analyzer must not rewrite it.
  packagejson: false,
  plugins: [pointAtCompiledModules()],
};
