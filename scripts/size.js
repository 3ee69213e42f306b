// Prints each dist file's raw, gzip -9 and brotli sizes, and fails when the script-tag bundle is over budget.
import {readdirSync, readFileSync} from 'node:fs';
import {gzipSync, brotliCompressSync, constants} from 'node:zlib';

const BUDGET = 15 * 1024;
const dir = new URL('../dist/', import.meta.url);
const rows = readdirSync(dir).filter((f) => f.endsWith('.js')).sort().map((file) => {
  const bytes = readFileSync(new URL(file, dir));
  return {
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, {level: 9}).length,
    brotli: brotliCompressSync(bytes, {params: {[constants.BROTLI_PARAM_QUALITY]: 11}}).length,
  };
});
for (const r of rows) {
  console.log(`${r.file.padEnd(20)} ${String(r.raw).padStart(7)} B raw  ${String(r.gzip).padStart(6)} B gzip  ${String(r.brotli).padStart(6)} B brotli`);
}
const over = rows.filter((r) => (r.file === 'natter.js' || r.file === 'natter.classic.js') && r.gzip > BUDGET);
if (over.length) {
  console.error(`Size budget exceeded: ${over.map((r) => `${r.file} is ${r.gzip} B gzip`).join(', ')}; the budget is ${BUDGET} B.`);
  process.exit(1);
}
console.log(`Within the ${BUDGET} B gzip budget.`);
