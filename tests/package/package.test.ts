import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';

// Installs the package as `npm pack` makes it into a throwaway app and uses it the way a bundler user would:
// resolving `exports`, importing the compiled modules, and type-checking against the shipped .d.ts files.
const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  main: string;
  module: string;
  types: string;
  exports: Record<string, string | {types: string; default: string}>;
  sideEffects: string[];
  dependencies: Record<string, string>;
};
// Inside node_modules, so the app finds lit and idb-keyval by walking up, as it would in a real install.
const cache = join(root, 'node_modules', '.cache');
let app = '';
let installed = '';

before(() => {
  if (!existsSync(join(root, 'dist', 'lib', 'index.js'))) throw new Error('dist/lib is missing: run `npm run build` first.');
  mkdirSync(cache, {recursive: true});
  app = mkdtempSync(join(cache, 'natter-package-test-'));
  installed = join(app, 'node_modules', pkg.name);
  mkdirSync(installed, {recursive: true});
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', app], {cwd: root, encoding: 'utf8'})) as {filename: string}[];
  execFileSync('tar', ['-xzf', join(app, packed!.filename), '-C', installed, '--strip-components=1']);
  writeFileSync(join(app, 'package.json'), JSON.stringify({name: 'blog-app', private: true, type: 'module'}));
});
after(() => {
  if (app) rmSync(app, {recursive: true, force: true});
});

/** Every file under a folder, as paths relative to it. */
function walk(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name]));
}

/** Runs an ES module in the app folder, as a user's build script would, and returns what it printed. */
function runInApp(code: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], {cwd: app, encoding: 'utf8'});
}

describe('the published package', () => {
  it('points main, module, types and every export at a file it ships, each JS export with its .d.ts', () => {
    for (const file of [pkg.main, pkg.module, pkg.types]) assert.ok(existsSync(join(installed, file)), file);
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      const targets = typeof target === 'string' ? [target] : [target.default, target.types];
      for (const file of targets) assert.ok(statSync(join(installed, file)).isFile(), `${subpath} → ${file}`);
      if (typeof target !== 'string') {
        assert.match(target.default, /^\.\/dist\/lib\/.*\.js$/, `${subpath} points at compiled JS`);
        assert.equal(target.types, target.default.replace(/\.js$/, '.d.ts'));
      }
    }
  });

  it('resolves natter/natter.js to the loader, dist/natter.js', () => {
    const resolved = runInApp(`console.log(import.meta.resolve('natter/natter.js'))`).trim();
    assert.equal(fileURLToPath(resolved), join(installed, 'dist', 'natter.js'));
  });

  it('points every export at compiled JS, never a TypeScript source, and ships no tests', () => {
    const shipped = walk(installed);
    assert.ok(!shipped.some((f) => f.startsWith('tests/')), 'no tests');
    for (const target of Object.values(pkg.exports)) {
      assert.doesNotMatch(typeof target === 'string' ? target : target.default, /\.ts$/);
    }
  });

  it('ships the reference server behind a `natter` command that runs from the installed package', () => {
    const bin = (pkg as unknown as {bin: Record<string, string>}).bin.natter!;
    const out = execFileSync(process.execPath, [join(installed, bin), 'help'], {cwd: app, encoding: 'utf8'});
    assert.match(out, /^Usage:\n {2}natter backup FILE/);
  });

  it('leaves lit and idb-keyval as bare imports of declared dependencies, and every relative import resolves', () => {
    const lib = join(installed, 'dist', 'lib');
    const bare = new Set<string>();
    for (const file of walk(lib).filter((f) => f.endsWith('.js'))) {
      const code = readFileSync(join(lib, file), 'utf8');
      for (const [, specifier] of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)) {
        if (specifier!.startsWith('.')) {
          const target = resolve(dirname(join(lib, file)), specifier!);
          assert.ok(existsSync(target), `${file} imports ${specifier}, which is not shipped`);
          assert.ok(!relative(lib, target).startsWith('..'), `${file} imports ${specifier} from outside dist/lib`);
        } else {
          bare.add(specifier!.startsWith('@') ? specifier!.split('/').slice(0, 2).join('/') : specifier!.split('/')[0]!);
        }
      }
      assert.doesNotMatch(code, /class\s+(?:LitElement|ReactiveElement)\b/, `${file} bundles lit`);
    }
    assert.ok(bare.has('lit'), 'the element imports lit');
    for (const name of bare) assert.ok(name in pkg.dependencies, `${name} is imported but not a dependency`);
  });

  it('imports the DOM-free adapters in Node through exports, and they work', () => {
    const out = runInApp(`
      import {createMemoryAdapter} from 'natter/adapters/memory';
      import {createRestAdapter} from 'natter/adapters/rest';
      const memory = createMemoryAdapter();
      await memory.post({thread: '/t', parent: null, author: 'Ada', body: 'Hi'}, {idempotencyKey: 'k1'});
      const page = await memory.list('/t');
      console.log(JSON.stringify({total: page.total, body: page.comments[0].body, rest: typeof createRestAdapter({endpoint: 'https://c.example'}).list}));
    `);
    assert.deepEqual(JSON.parse(out), {total: 1, body: 'Hi', rest: 'function'});
  });

  it('marks only the define and count modules and the script bundles as having side effects', () => {
    assert.deepEqual(pkg.sideEffects.filter((p) => p.startsWith('./dist/lib/')), ['./dist/lib/define.js', './dist/lib/count.js']);
    const index = readFileSync(join(installed, 'dist', 'lib', 'index.js'), 'utf8');
    assert.doesNotMatch(index, /customElements\.define/);
    assert.match(readFileSync(join(installed, 'dist', 'lib', 'define.js'), 'utf8'), /customElements\.define\(['"]natter-thread['"]/);
    assert.match(readFileSync(join(installed, 'dist', 'lib', 'count.js'), 'utf8'), /customElements\.define\(['"]natter-count['"]/);
  });

  it('type-checks a TypeScript app against the shipped declarations', () => {
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true, skipLibCheck: false, lib: ['ES2022', 'DOM'], types: []},
      files: ['main.ts'],
    }));
    writeFileSync(join(app, 'main.ts'), `
      import {ThreadElement, createMemoryAdapter, type Comment} from 'natter';
      import 'natter/define';
      const el: ThreadElement = document.createElement('natter-thread');
      el.adapter = createMemoryAdapter({moderate: true});
      const seed: Comment[] = [];
      // @ts-expect-error: the options are typed, so a wrong type is an error (an \`any\` here would make this line fail).
      createMemoryAdapter({moderate: 'yes'});
      export {el, seed};
    `);
    const tsc = join(root, 'node_modules', '.bin', 'tsc');
    try {
      execFileSync(tsc, ['-p', join(app, 'tsconfig.json')], {cwd: app, encoding: 'utf8'});
    } catch (error) {
      assert.fail(`tsc found errors:\n${(error as {stdout?: string}).stdout ?? String(error)}`);
    }
  });
});
