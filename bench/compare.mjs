// Compares two builds of the wasm package on the bench inputs, in one Node
// process, interleaved: `node bench/compare.mjs DIR_A DIR_B` (each a
// wasm-pack --target web output directory, e.g. a copy of www/pkg before and
// after a change). Prints median ms per renderPost call and B/A, and whether
// the two give the same result. Used for the entries in bench/changes.md.
// Run it both ways round (A B, then B A): in V8 the module loaded second can
// run the 3 KB post up to 10% slower than the first, whichever build it is;
// differences smaller than that on the post show only when both orders agree.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const [A, B] = process.argv.slice(2).map((d) => path.resolve(d));
if (!A || !B) {
  console.error('usage: node bench/compare.mjs DIR_A DIR_B');
  process.exit(2);
}
async function load(dir) {
  // The query string makes the two imports two module instances.
  const m = await import(`${path.join(dir, 'inkpost.js')}?${dir}`);
  m.initSync({ module: readFileSync(path.join(dir, 'inkpost_bg.wasm')) });
  return m;
}
const a = await load(A);
const b = await load(B);
const median = (xs) => xs.sort((p, q) => p - q)[xs.length >> 1];
for (const name of (process.env.INPUTS ?? 'post,draft,spec,mixed').split(',')) {
  const text = readFileSync(path.join(BENCH, 'inputs', `${name}.md`), 'utf8');
  const same = JSON.stringify(a.renderPost(text, {})) === JSON.stringify(b.renderPost(text, {}));
  // Warm up A (and so size the batches) for 200 ms; then 30 rounds, A and B
  // alternating which goes first.
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 200) {
    a.renderPost(text, {});
    b.renderPost(text, {});
    n++;
  }
  const batch = Math.max(1, Math.round((n * 25) / 400));
  const times = { a: [], b: [] };
  for (let round = 0; round < 30; round++) {
    for (const key of round % 2 ? ['a', 'b'] : ['b', 'a']) {
      const m = key === 'a' ? a : b;
      const start = performance.now();
      for (let i = 0; i < batch; i++) m.renderPost(text, {});
      times[key].push((performance.now() - start) / batch);
    }
  }
  const [ma, mb] = [median(times.a), median(times.b)];
  console.log(`${name.padEnd(6)} A ${ma.toPrecision(3)} ms  B ${mb.toPrecision(3)} ms  B/A ${(mb / ma).toFixed(3)}  same result: ${same}`);
}
