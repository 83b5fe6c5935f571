// node node-run.mjs MODULE.wasm EXPORT [N]: instantiates the module on V8, calls EXPORT (with N
// as its one i32 argument when given) and prints the i32 result as an unsigned number, like the
// native harness.
import { readFileSync } from 'node:fs';

const [path, name, n] = process.argv.slice(2);
if (!path || !name) {
  console.error('usage: node node-run.mjs MODULE.wasm EXPORT [N]');
  process.exit(2);
}
const { instance } = await WebAssembly.instantiate(readFileSync(path));
const run = instance.exports[name];
const result = n === undefined ? run() : run(Number.parseInt(n, 10) | 0);
console.log(String(result >>> 0));
