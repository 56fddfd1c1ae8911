// Download size of each page's code: gzip -9 and brotli (quality 11) of every
// file, from Node's zlib, summed per set (files are fetched one by one).
//   node bench/sizes.mjs [--out bench/results/sizes.json]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VENDOR, WWW, RESULTS } from './lib/server.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, '..');
const NM = path.join(ROOT, 'node_modules');
const outFile = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : path.join(RESULTS, 'sizes.json');

const v = (name) => ({ name: `node_modules/${VENDOR[name]}`, file: path.join(NM, VENDOR[name]) });
const r = (name) => ({ name, file: name.startsWith('www/') ? path.join(WWW, name.slice(4)) : path.join(ROOT, name) });

export const SETS = [
  { id: 'inkpost', label: 'inkpost (wasm + glue + `<ink-post>`)', files: [r('www/pkg/inkpost_bg.wasm'), r('www/pkg/inkpost.js'), r('www/ink-post.js'), r('www/inkpost-view.js')] },
  { id: 'marked', label: 'js-yaml + marked + DOMPurify', files: [v('marked.umd.js'), v('purify.min.js'), v('js-yaml.umd.min.js')] },
  { id: 'markdown-it', label: 'js-yaml + markdown-it + DOMPurify', files: [v('markdown-it.umd.min.js'), v('purify.min.js'), v('js-yaml.umd.min.js')] },
  { id: 'mdwasm-purify', label: 'js-yaml + markdown-wasm + DOMPurify', files: [v('markdown.es.js'), v('markdown.wasm'), v('purify.min.js'), v('js-yaml.umd.min.js')] },
  { id: 'mdwasm', label: 'markdown-wasm alone', files: [v('markdown.es.js'), v('markdown.wasm')] },
  { id: 'bare', label: 'bare pulldown-cmark wasm (`bench/bare-pulldown`)', files: [r('bench/bare-pulldown/pkg/bare_pulldown_bg.wasm'), r('bench/bare-pulldown/pkg/bare_pulldown.js')] },
];

function sizes(file) {
  const body = readFileSync(file);
  return {
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }).length,
  };
}

const files = {};
const sets = SETS.map((s) => {
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const f of s.files) {
    files[f.name] ??= sizes(f.file);
    for (const k of Object.keys(total)) total[k] += files[f.name][k];
  }
  return { id: s.id, label: s.label, files: s.files.map((f) => f.name), ...total };
});
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify({ sets, files }, null, 2));
for (const s of sets) console.log(`${s.label.padEnd(50)} raw ${s.raw}  gzip ${s.gzip}  brotli ${s.brotli}`);
