// Throughput in Node: the inputs through inkpost and its peers in one process,
// interleaved (see lib/measure.mjs). DOMPurify runs on jsdom here (in Chromium,
// bench/browser.mjs, it runs on the page's own DOM).
//   node bench/run.mjs [--quick] [--inputs post,draft] [--out bench/results/node.json]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { makeCandidates } from './lib/candidates.mjs';
import { measureInput } from './lib/measure.mjs';
import { INPUTS, throughputTable } from './lib/report.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const quick = flag('--quick');
const inputs = option('--inputs', INPUTS.map((i) => i.id).join(',')).split(',');
const outFile = option('--out', path.join(BENCH, 'results/node.json'));

const inkpost = await import(path.join(ROOT, 'www/pkg/inkpost.js'));
inkpost.initSync({ module: readFileSync(path.join(ROOT, 'www/pkg/inkpost_bg.wasm')) });
const bare = await import(path.join(BENCH, 'bare-pulldown/pkg/bare_pulldown.js'));
bare.initSync({ module: readFileSync(path.join(BENCH, 'bare-pulldown/pkg/bare_pulldown_bg.wasm')) });
const { marked } = await import('marked');
const { default: markdownit } = await import('markdown-it');
const yaml = await import('js-yaml');
const mdwasm = require('markdown-wasm');
await mdwasm.ready;
const { JSDOM } = await import('jsdom');
const { default: createDOMPurify } = await import('dompurify');
const DOMPurify = createDOMPurify(new JSDOM('').window);

const candidates = makeCandidates({
  renderPost: inkpost.renderPost,
  bareRender: bare.render,
  marked,
  markdownit,
  mdwasmParse: (s) => mdwasm.parse(s),
  yamlLoad: yaml.load,
  DOMPurify,
});

const settings = quick ? { rounds: 5, batchMs: 10, warmupMs: 50, minTotalMs: 50 } : { rounds: 15, batchMs: 40, warmupMs: 250, minTotalMs: 500 };
const results = {};
const started = Date.now();
for (const id of inputs) {
  const input = INPUTS.find((i) => i.id === id);
  const text = readFileSync(path.join(BENCH, 'inputs', input.file), 'utf8');
  const t0 = Date.now();
  results[id] = await measureInput(candidates, text, settings);
  console.error(`node: ${id} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
const out = {
  env: 'node',
  version: process.version,
  settings,
  candidates: candidates.map(({ id, label }) => ({ id, label })),
  results,
  seconds: (Date.now() - started) / 1000,
};
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(out, null, 2));
console.log(throughputTable(out));
