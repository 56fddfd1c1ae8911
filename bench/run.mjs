// Throughput in Node: the inputs through inkpost and its peers, all candidates
// in one process and interleaved (see lib/measure.mjs). DOMPurify runs on jsdom
// here (in Chromium, bench/browser.mjs, it runs on the page's own DOM). jsdom
// keeps about 50 MB per sanitized megabyte that no GC gives back, so each input
// runs in a child process of its own with a larger heap.
//   node bench/run.mjs [--quick | --seconds 0.5] [--inputs post,draft] [--out bench/results/node.json]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { makeCandidates } from './lib/candidates.mjs';
import { measureInput, settingsFromArgs } from './lib/measure.mjs';
import { INPUTS, throughputTable } from './lib/report.mjs';
import { WWW, RESULTS } from './lib/server.mjs';

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
const outFile = option('--out', path.join(RESULTS, 'node.json'));

const settings = settingsFromArgs(args);
const child = option('--child', null);

async function loadCandidates() {
  const inkpost = await import(path.join(WWW, 'pkg/inkpost.js'));
  inkpost.initSync({ module: readFileSync(path.join(WWW, 'pkg/inkpost_bg.wasm')) });
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
  return makeCandidates({
    renderPost: inkpost.renderPost,
    bareRender: bare.render,
    marked,
    markdownit,
    mdwasmParse: (s) => mdwasm.parse(s),
    yamlLoad: yaml.load,
    DOMPurify,
  });
}

if (child) {
  const candidates = await loadCandidates();
  const input = INPUTS.find((i) => i.id === child);
  const text = readFileSync(path.join(BENCH, 'inputs', input.file), 'utf8');
  const results = await measureInput(candidates, text, settings);
  process.stdout.write(JSON.stringify({ candidates: candidates.map(({ id, label }) => ({ id, label })), results }));
  process.exit(0);
}

const results = {};
let candidates;
const started = Date.now();
for (const id of inputs) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', fileURLToPath(import.meta.url), '--child', id, ...(quick ? ['--quick'] : args.includes('--seconds') ? ['--seconds', args[args.indexOf('--seconds') + 1]] : [])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`node: the run for ${id} failed (${r.status ?? r.signal})`);
  const part = JSON.parse(r.stdout);
  candidates = part.candidates;
  results[id] = part.results;
  console.error(`node: ${id} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
const out = {
  env: 'node',
  version: process.version,
  settings,
  candidates,
  results,
  seconds: (Date.now() - started) / 1000,
};
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(out, null, 2));
console.log(throughputTable(out));
