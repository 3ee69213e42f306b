import {rolldown} from 'rolldown';
import {gzipSync} from 'node:zlib';
const files = process.argv.slice(2);
for (const f of files) {
  const b = await rolldown({input: f, external: (id, imp) => !!imp, treeshake: false});
  const {output} = await b.generate({format: 'es', minify: true});
  console.log(String(gzipSync(output[0].code, {level: 9}).length).padStart(6), f);
}
