// Run first by `npm run build`: a node_modules older than package.json (a dependency added since the last install)
// otherwise fails deep inside Vite with ERR_MODULE_NOT_FOUND. Say what is missing and what to run instead.
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
const {dependencies = {}, devDependencies = {}} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const missing = Object.keys({...dependencies, ...devDependencies}).filter((name) => {
  try {
    require.resolve(`${name}/package.json`);
    return false;
  } catch {
    try {
      require.resolve(name);
      return false;
    } catch {
      return true;
    }
  }
});
if (missing.length) {
  console.error(`node_modules lacks ${missing.join(', ')}, added to package.json since it was installed: run \`npm ci\` (or \`npm install\`) first.`);
  process.exit(1);
}
