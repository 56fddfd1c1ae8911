// Compares two builds of the wasm package in headless Chromium (Debian's
// /usr/bin/chromium, the browser the targets are measured in): `node
// bench/compare-chromium.mjs DIR_A DIR_B` (each a wasm-pack --target web output
// directory, e.g. a copy of www/pkg before and after a change). Both modules
// load in one page; renderPost (or FN, below) runs on the bench inputs in batches of 20 ms,
// A and B alternating, 40 batches each after 10 of warm-up. Prints the median
// ms per call and B/A, and whether the two give the same result.
// INPUTS=post,draft picks inputs; OPTS_B='{"repairEncoding":false}' gives B
// other options (to measure what one stage costs with one build);
// FN=renderPostBlocks times that export instead of renderPost.
// REPEAT=N runs the comparison N times each way round (A loaded first, then B
// loaded first, each in a fresh browser) and ends with the geometric mean of
// B/A per input: on a noisy machine single runs of the 3 KB post moved by
// ±10%, and the module loaded second can be the slower one whichever it is.
// Node's V8 is older than Chromium's and differs (memory.copy is a call in
// Node 20, inlined in Chromium 156): decide with this, not bench/compare.mjs.
// Without REPEAT, run both orders (A B, then B A): small differences that flip are noise.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { openWithFolders } from './lib/server.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const [A, B] = process.argv.slice(2).map((d) => path.resolve(d));
if (!A || !B) {
  console.error('usage: node bench/compare-chromium.mjs DIR_A DIR_B');
  process.exit(2);
}
const inputs = (process.env.INPUTS ?? 'post,draft,spec,mixed').split(',');
const optionsB = JSON.parse(process.env.OPTS_B ?? '{}');
const fn = process.env.FN ?? 'renderPost';
if (!['renderPost', 'renderPostBlocks'].includes(fn)) {
  console.error(`compare-chromium: FN must be renderPost or renderPostBlocks, not ${fn}`);
  process.exit(2);
}
const repeat = Number(process.env.REPEAT ?? 0);
if (!Number.isInteger(repeat) || repeat < 0) {
  console.error(`compare-chromium: REPEAT must be a whole number, not ${process.env.REPEAT}`);
  process.exit(2);
}

/** One comparison in a fresh browser: per input, the medians and B/A. */
async function compare(bFirst) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await openWithFolders(page, 'http://compare.test', { A, B, in: path.join(BENCH, 'inputs') });
    return await page.evaluate(
      async ([inputs, optionsB, bFirst, fn]) => {
        const load = async (name) => {
          const m = await import(`/${name}/inkpost.js`);
          await m.default(`/${name}/inkpost_bg.wasm`);
          return m;
        };
        let a;
        let b;
        if (bFirst) {
          b = await load('B');
          a = await load('A');
        } else {
          a = await load('A');
          b = await load('B');
        }
        const median = (xs) => xs.sort((p, q) => p - q)[xs.length >> 1];
        const out = [];
        for (const name of inputs) {
          const text = await (await fetch(`/in/${name}.md`)).text();
          const same =
            JSON.stringify(a[fn](text, {})) === JSON.stringify(b[fn](text, optionsB));
          const batch = (m, options) => {
            const start = performance.now();
            let n = 0;
            do {
              m[fn](text, options);
              n++;
            } while (performance.now() - start < 20);
            return (performance.now() - start) / n;
          };
          const ta = [];
          const tb = [];
          for (let i = 0; i < 50; i++) {
            const first = i % 2 ? [b, optionsB, tb] : [a, {}, ta];
            const second = i % 2 ? [a, {}, ta] : [b, optionsB, tb];
            for (const [m, options, times] of [first, second]) {
              const t = batch(m, options);
              if (i >= 10) times.push(t);
            }
          }
          out.push({ name, a: median(ta), b: median(tb), same });
        }
        return out;
      },
      [inputs, optionsB, bFirst, fn],
    );
  } finally {
    await browser.close();
  }
}

console.log(`timing ${fn}`);
const line = (r, order) =>
  `${r.name.padEnd(6)} A ${r.a.toPrecision(3)} ms  B ${r.b.toPrecision(3)} ms  B/A ${(r.b / r.a).toFixed(3)}  same result: ${r.same}${order}`;
if (!repeat) {
  for (const r of await compare(false)) console.log(line(r, ''));
} else {
  const logs = new Map(inputs.map((name) => [name, []]));
  for (let i = 0; i < repeat; i++) {
    for (const bFirst of [false, true]) {
      for (const r of await compare(bFirst)) {
        console.log(line(r, bFirst ? '  (B loaded first)' : ''));
        logs.get(r.name).push(Math.log(r.b / r.a));
      }
    }
  }
  for (const [name, xs] of logs) {
    const mean = Math.exp(xs.reduce((s, x) => s + x, 0) / xs.length);
    console.log(`${name.padEnd(6)} geometric mean of B/A over ${xs.length} runs: ${mean.toFixed(4)}`);
  }
}
