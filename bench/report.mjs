// Writes bench/RESULTS.md from bench/results/ (made by bench/bench.sh).
import { readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { INPUTS, fmtMs, fmtRatio, fmtBytes, throughputTable } from './lib/report.mjs';
import { pairedRatio } from './lib/measure.mjs';
import { WWW, RESULTS } from './lib/server.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, '..');
const R = RESULTS;
const read = (name) => (existsSync(path.join(R, name)) ? readFileSync(path.join(R, name), 'utf8') : null);
const json = (name) => (read(name) ? JSON.parse(read(name)) : null);
const sh = (cmd) => {
  try {
    return execSync(cmd, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '?';
  }
};

const node = json('node.json');
const chromium = json('chromium.json');
const sizes = json('sizes.json');
const growth = read('growth.md');
const manifest = JSON.parse(readFileSync(path.join(BENCH, 'inputs/manifest.json'), 'utf8'));
const steps = (read('steps.tsv') ?? '').trim().split('\n').filter(Boolean).map((l) => l.split('\t'));
const seconds = Number(read('seconds.txt') ?? NaN);

const KB = (n) => `${(n / 1024).toFixed(1)} KiB`;
const ok = (good) => (good ? '**yes**' : '**no**');
const cell = (s) => (s ? `${fmtMs(s.median)} (${fmtMs(s.p25)}–${fmtMs(s.p75)})` : '–');

const lines = [];
const p = (...a) => lines.push(...a);

// ------------------------------------------------------------------ header
const wasm = path.join(WWW, 'pkg/inkpost_bg.wasm');
const wasmTime = statSync(wasm).mtime;
const newestSource = sh(`find src Cargo.toml Cargo.lock -type f -newer '${wasm}' | head -5`);
const dirty = sh('git status --porcelain -- src Cargo.toml Cargo.lock www');
p('# inkpost benchmarks: results', '');
p(`Made by \`bench/bench.sh\` on ${read('started.txt')?.trim() ?? '?'} (UTC), in ${Number.isFinite(seconds) ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : '?'}. ` +
  'Every figure below comes from that one run; `bench/bench.sh` writes this file again.', '');

p('## Machine', '');
p(`- ${os.cpus().length} cores (\`nproc\`: ${sh('nproc')}), ${os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB memory, Linux ${os.release()}`);
p(`- load average (1, 5, 15 min) at the start ${read('loadavg-start.txt')?.split(' ').slice(0, 3).join(', ') ?? '?'}, at the end ${read('loadavg-end.txt')?.split(' ').slice(0, 3).join(', ') ?? '?'} ` +
  '(anything else running on the 2 cores adds noise: the A/A rows say how much it disturbed each table)');
p(`- ${sh('chromium --version')} (\`/usr/bin/chromium\`, headless, through playwright-core ${JSON.parse(readFileSync(path.join(ROOT, 'node_modules/playwright-core/package.json'), 'utf8')).version})`);
p(`- Node ${process.version}; ${sh('rustc --version')}; ${sh('wasm-pack --version')}; wasm-bindgen ${sh('wasm-bindgen --version').replace('wasm-bindgen ', '')}`);
// The commit and the uncommitted changes when `bench.sh` started the run
// (a report written later, or from a run by hand, says the commit now).
const runCommit = read('commit.txt')?.trim();
const runDirty = read('dirty.txt')?.split('\n').filter((l) => l.trim()).map((l) => l.slice(3));
const codeLine = runCommit
  ? `commit ${runCommit} when the run started${runDirty?.length ? `, plus uncommitted changes to ${runDirty.map((f) => `\`${f}\``).join(', ')}` : ', nothing uncommitted'}`
  : `commit ${sh('git rev-parse --short HEAD')} when this report was written${dirty && dirty !== '?' ? ' plus uncommitted changes in src/ (the wasm measured is the build described next)' : ''}`;
p(`- inkpost: ${codeLine}; ` +
  `www/pkg/inkpost_bg.wasm ${statSync(wasm).size} bytes, built ${wasmTime.toISOString().replace(/\.\d+Z/, 'Z')}` +
  `${WWW !== path.join(ROOT, 'www') ? ` (copied with all of www/ to \`${path.relative(ROOT, WWW)}\` when the run started; every part of the run used that copy)` : ''}` +
  `${newestSource && newestSource !== '?' ? `; src/ has changed since that build (${newestSource.split('\n').join(', ')})` : ''}`);
const pk = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).devDependencies;
p(`- peers (npm, exact): marked ${pk.marked}, markdown-it ${pk['markdown-it']}, markdown-wasm ${pk['markdown-wasm']}, dompurify ${pk.dompurify}, js-yaml ${pk['js-yaml']}, jsdom ${pk.jsdom} (Node only), commonmark-spec ${pk['commonmark-spec']}; ` +
  `bare pulldown-cmark ${sh("grep -A1 'name = \"pulldown-cmark\"' bench/bare-pulldown/Cargo.lock | sed -n 's/version = \"\\(.*\\)\"/\\1/p'")} (inkpost's: ${sh("grep -A1 'name = \"pulldown-cmark\"' Cargo.lock | sed -n 's/version = \"\\(.*\\)\"/\\1/p'")})`);
p('');

// ------------------------------------------------------------------ targets
const ct = chromium?.throughput;
const res = (env, input, id) => env?.results?.[input]?.[id]?.median;
// Throughput ratios pair the two candidates' times round by round.
const ratio = (env, input, a, b) => pairedRatio(env?.results?.[input]?.[a], env?.results?.[input]?.[b]);
const targets = [];
const T = (what, figure, met) => targets.push(`| ${what} | ${figure} | ${met === null ? '–' : ok(met)} |`);
// A verdict only when every ratio it rests on is a number (results from before
// the rounds were kept have none).
const verdict = (ratios, good) => (ratios.every(Number.isFinite) ? good : null);
// The issue's limits on inkpost ÷ markdown-wasm's bare Markdown, by input.
const MDWASM_LIMITS = [['post', 1.25], ['draft', 1], ['mixed', 1]];
if (ct) {
  for (const [input, limit] of MDWASM_LIMITS) {
    const r = ratio(ct, input, 'inkpost', 'mdwasm');
    T(`inkpost ≤ ${limit === 1 ? '' : `${limit}× `}markdown-wasm's bare Markdown, ${INPUTS.find((i) => i.id === input).label} (${fmtBytes(manifest[`${input}.md`])}), Chromium`,
      `inkpost ÷ markdown-wasm = ${fmtRatio(r)} (medians ${fmtMs(res(ct, input, 'inkpost'))} vs ${fmtMs(res(ct, input, 'mdwasm'))} ms)`, verdict([r], r <= limit));
  }
  const every = (id, limit) => {
    const rs = INPUTS.filter((i) => ct.results[i.id]).map((i) => [i, ratio(ct, i.id, id, 'inkpost')]);
    return [rs.map(([i, r]) => `${i.label} ${fmtRatio(r)}`).join(', '), verdict(rs.map(([, r]) => r), rs.every(([, r]) => r >= limit))];
  };
  T('inkpost ≥ 8× faster than js-yaml + marked + DOMPurify, every input, Chromium', ...every('marked', 8));
  T('inkpost ≥ 5× faster than js-yaml + markdown-wasm + DOMPurify, every input, Chromium', ...every('mdwasm-purify', 5));
  const bare = INPUTS.filter((i) => ct.results[i.id]).map((i) => [i, ratio(ct, i.id, 'inkpost-body', 'bare'), ratio(ct, i.id, 'inkpost', 'bare')]);
  T('inkpost whole pipeline ≤ 1.5× bare pulldown-cmark wasm on the same body, Chromium',
    `inkpost on the body ÷ bare: ${bare.map(([i, r]) => `${i.label} ${fmtRatio(r)}`).join(', ')} (whole post incl. front matter: ${bare.map(([i, , r]) => fmtRatio(r)).join(', ')})`,
    verdict(bare.map(([, r]) => r), bare.every(([, r]) => r <= 1.5)));
}
if (sizes) {
  const s = sizes.sets.find((x) => x.id === 'inkpost');
  T('whole download ≤ 150 KB (taken as KiB) gzipped (wasm + inkpost.js + ink-post.js + inkpost-view.js)', `${KB(s.gzip)} gzip -9 (${s.gzip} bytes; brotli ${KB(s.brotli)})`, s.gzip <= 150 * 1024);
}
const load = chromium?.load;
if (load) {
  const L = (net, page) => load.results[`${net}/${page}`];
  const cold = L('10mbit', 'inkpost').cold.median / L('10mbit', 'marked').cold.median;
  T('cold load at 10 Mbit/s within 1.1× of marked + DOMPurify', `inkpost ${fmtMs(L('10mbit', 'inkpost').cold.median)} ms vs ${fmtMs(L('10mbit', 'marked').cold.median)} ms = ${fmtRatio(cold)}`, cold <= 1.1);
  for (const net of ['10mbit', 'loopback']) {
    const w = L(net, 'inkpost').warm.median / L(net, 'marked').warm.median;
    T(`warm load faster than marked + DOMPurify (${load.networks.find((n) => n.id === net).label})`, `inkpost ${fmtMs(L(net, 'inkpost').warm.median)} ms vs ${fmtMs(L(net, 'marked').warm.median)} ms = ${fmtRatio(w)}`, w < 1);
  }
}
const pv = chromium?.preview;
if (pv) T('100 KB draft: input event → preview updated, median < 8 ms', `${fmtMs(pv.total.median)} ms (p25–p75 ${fmtMs(pv.total.p25)}–${fmtMs(pv.total.p75)}; renderPost alone ${fmtMs(pv.renderOnly.median)} ms)`, pv.total.median < 8);
if (ct) {
  const aa = INPUTS.filter((i) => ct.results[i.id]).map((i) => [i, ratio(ct, i.id, 'inkpost-aa', 'inkpost')]);
  const aaN = node ? INPUTS.filter((i) => node.results[i.id]).map((i) => [i, ratio(node, i.id, 'inkpost-aa', 'inkpost')]) : [];
  const aaText = (list) => list.map(([i, r]) => (Number.isFinite(r) ? `${i.label} ${r.toFixed(3)}${Math.abs(r - 1) <= 0.03 ? '' : ' (outside)'}` : `${i.label} –`)).join(', ');
  const aaMet = (list) => verdict(list.map(([, r]) => r), list.every(([, r]) => Math.abs(r - 1) <= 0.03));
  T('(trust) A/A control: inkpost again ÷ inkpost within 0.97–1.03 on every input, Chromium', aaText(aa), aaMet(aa));
  if (aaN.length) T('(trust) A/A control within 0.97–1.03 on every input, Node', aaText(aaN), aaMet(aaN));
}
p('## The issue\'s targets', '');
p('| target | figure | met |', '|---|---|---|', ...targets, '');
// What pulldown-cmark (which inkpost must run) measures alone, against the
// targets set relative to markdown-wasm and to the download budget.
const floors = [];
if (ct) {
  for (const [input, limit] of MDWASM_LIMITS) {
    const bareMd = ratio(ct, input, 'bare', 'mdwasm');
    if (!Number.isFinite(bareMd)) continue;
    floors.push(`| ${INPUTS.find((i) => i.id === input).label} | ≤ ${limit.toFixed(2)}× | ${fmtRatio(bareMd)} | ${bareMd >= limit ? 'none: the parser alone is over it' : `≤ ${fmtRatio(limit / bareMd)}`} | ${fmtRatio(ratio(ct, input, 'inkpost', 'bare'))} |`);
  }
}
const bareSize = sizes?.sets.find((x) => x.id === 'bare');
const inkSize = sizes?.sets.find((x) => x.id === 'inkpost');
if (floors.length || (bareSize && inkSize)) {
  p('### What the parser alone leaves for these targets', '');
  p('inkpost renders with pulldown-cmark (a fixed dependency). The bare pulldown-cmark wasm of this run (`bench/bare-pulldown`: the same parser and options and its own HTML writer, nothing else, unsanitized) bounds what the targets set against markdown-wasm and against the download budget leave for everything else inkpost does (front matter, Liquid, sanitizer, kramdown, metadata, the result object).', '');
}
if (floors.length) {
  p('| input | target: inkpost ÷ markdown-wasm | bare pulldown-cmark ÷ markdown-wasm (Chromium, paired) | so inkpost may cost at most, ÷ bare | inkpost ÷ bare in this run |', '|---|---:|---:|---:|---:|', ...floors, '');
}
if (bareSize && inkSize) {
  const budget = 150 * 1024;
  p(`Download: the bare pulldown-cmark wasm and its glue alone are ${KB(bareSize.gzip)} gzip -9 of the ${KB(budget)} budget, which leaves ${KB(budget - bareSize.gzip)} for everything else; inkpost's download is ${KB(inkSize.gzip)}, ${KB(inkSize.gzip - bareSize.gzip)} more than the bare parser's.`, '');
}
p('Throughput ratios are medians over rounds of one candidate\'s time ÷ the other\'s in the same round, over the rounds both ran: candidates run different numbers of rounds (each until it has run long enough), so their medians cover different stretches of the run, and this machine drifts between fast and slow ones. A round runs every candidate once, from a fraction of a second on the news post to several seconds on 1 MB, where a slow peer\'s call takes 0.6–2.3 s; the A/A pair has equal batches, so it checks pairing only for similar batch lengths. Load ratios are of medians. "Faster by N×" is the peer ÷ inkpost.', '');

// ------------------------------------------------------------------ inputs
p('## Inputs (`bench/make_inputs.mjs` → `bench/inputs/`)', '');
p('| input | file | bytes | what |', '|---|---|---:|---|');
const what = {
  post: 'the demo\'s sample news post (`www/posts/2026-01-02-latest-maduro-says-venezuela-open-to-us-talks.md`), front matter + 16 paragraphs',
  draft: 'a generated draft (fixed seed): front matter, headings, paragraphs with emphasis/links/code, nested lists, task items, code fences, tables, blockquotes, images, definition lists, footnotes',
  spec: 'the CommonMark spec text, `spec.txt` of npm `commonmark-spec` (it has its own front matter, closed by `...`)',
  mixed: 'the 196 posts of `../shared/corpus/posts` (13 Jekyll sites: raw HTML, Liquid, kramdown), front matter stripped, repeated to ~1 MiB under one front matter',
};
for (const i of INPUTS) p(`| ${i.label} | \`bench/inputs/${i.file}\` | ${manifest[i.file]} | ${what[i.id]} |`);
p('');

// ------------------------------------------------------------------ throughput
const withSizes = (out) => out && ({ ...out, inputs: INPUTS.filter((i) => out.results[i.id]).map((i) => ({ ...i, bytes: manifest[i.file] })) });
if (ct) {
  p('## Throughput in Chromium', '');
  p(`All candidates in one page (\`bench/pages/throughput.html\`, cross-origin isolated: ${ct.crossOriginIsolated}, so \`performance.now()\` has 5 µs resolution), DOMPurify on the page's own DOM.`, '');
  p(throughputTable(withSizes(ct)), '');
}
if (node) {
  p('## Throughput in Node', '');
  p('The same candidates in Node (`bench/run.mjs`; each input in a child process of its own, as jsdom keeps about 50 MB per sanitized megabyte): the wasm modules through `initSync`, markdown-wasm\'s Node build, and DOMPurify on a jsdom window — jsdom\'s DOM is much slower than a browser\'s, so the DOMPurify rows here say little about a page; the Chromium table is the one the targets use.', '');
  p(throughputTable(withSizes(node)), '');
}
if (ct || node) {
  p('### inkpost ÷ bare pulldown-cmark (target ≤ 1.5)', '');
  p('The bare peer is pulldown-cmark 0.13 with inkpost\'s parser options and `pulldown_cmark::html::push_html`, nothing else (`bench/bare-pulldown`, opt-level "z"). It gets the body after the front matter; "inkpost on the body" renders that same body, "whole post" the file with its front matter (YAML, Jekyll metadata and excerpt included).', '');
  p('| input | Chromium: body | Chromium: whole post | Node: body | Node: whole post |', '|---|---:|---:|---:|---:|');
  for (const i of INPUTS) {
    p(`| ${i.label} | ${fmtRatio(ratio(ct, i.id, 'inkpost-body', 'bare'))} | ${fmtRatio(ratio(ct, i.id, 'inkpost', 'bare'))} | ${fmtRatio(ratio(node, i.id, 'inkpost-body', 'bare'))} | ${fmtRatio(ratio(node, i.id, 'inkpost', 'bare'))} |`);
  }
  p('', 'inkpost\'s stages cannot be timed one by one from outside the crate (no stage timing is exported and `src/` was not changed for this); the difference between the two columns is what the front-matter stage costs, and the body column is the rest of the pipeline (Liquid, raw-HTML sanitizer, kramdown, headings, links, inkpost\'s writer, excerpt, serde-wasm-bindgen) over bare parsing and `push_html`.', '');
}

// ------------------------------------------------------------------ sizes
if (sizes) {
  p('## Download size (`bench/sizes.mjs`)', '');
  p('Each file compressed on its own with Node\'s zlib (gzip level 9, brotli quality 11) and summed: what a page downloads from a server that compresses. The CSS (`inkpost.css`, 2.4 KB, the same on every page) and the post are left out.', '');
  p('| code | raw | gzip -9 | brotli | files |', '|---|---:|---:|---:|---|');
  for (const s of sizes.sets) p(`| ${s.label} | ${KB(s.raw)} | ${KB(s.gzip)} | ${KB(s.brotli)} | ${s.files.map((f) => `\`${f}\``).join(', ')} |`);
  p('', '| file | raw | gzip -9 | brotli |', '|---|---:|---:|---:|');
  for (const [f, s] of Object.entries(sizes.files)) p(`| \`${f}\` | ${s.raw} | ${s.gzip} | ${s.brotli} |`);
  p('');
}

// ------------------------------------------------------------------ load
if (load) {
  p('## Page load (navigation start → post visible)', '');
  p(`Three pages that show the same post with the same layout and CSS: inkpost's demo \`www/index.html\` (\`<ink-post>\`), \`bench/pages/marked.html\` and \`bench/pages/markdown-wasm.html\` (each fetches the post, splits the front matter with js-yaml, renders, DOMPurify, inserts). ` +
    'The time is `performance.now()` (ms since navigation start) when a MutationObserver, installed before any page script, first sees the title (`.inkpost-title`) and a body element (`.inkpost-body > *`); "next frame" is the next `requestAnimationFrame` after that. ' +
    `Cold: a new browser context (empty cache). Warm: a second page in the same context (everything from the HTTP cache: the server sends \`Cache-Control: max-age=600\`, ETag and gzip, like a static host). ${load.loads} cold and ${load.loads} warm loads per page and network, pages interleaved. ` +
    'Throttled: CDP `Network.emulateNetworkConditions` with 10 Mbit/s down and up and 40 ms latency, set on each page before it navigates.', '');
  p('| page | network | cold, ms | cold, next frame | warm, ms | warm, next frame | transferred cold | cold ÷ marked | warm ÷ marked |', '|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const net of load.networks) {
    for (const pg of load.pages) {
      const r = load.results[`${net.id}/${pg.id}`];
      const m = load.results[`${net.id}/marked`];
      p(`| ${pg.label} | ${net.label} | ${cell(r.cold)} | ${fmtMs(r.coldFrame.median)} | ${cell(r.warm)} | ${fmtMs(r.warmFrame.median)} | ${KB(r.coldBytes)} | ${fmtRatio(r.cold.median / m.cold.median)} | ${fmtRatio(r.warm.median / m.warm.median)} |`);
    }
  }
  p('', 'Median (p25–p75). "Transferred" is the sum of `transferSize` of the document and its resources (compressed bytes).', '');
  p('Where the time goes, for the last cold load of each page at 10 Mbit/s (resource timing: ms since navigation start):', '');
  p('| page | file | requested | arrived | transferred | post visible |', '|---|---|---:|---:|---:|---:|');
  for (const pg of load.pages) {
    const r = load.results[`10mbit/${pg.id}`];
    const visible = r.raw?.cold?.at(-1);
    for (const [k, e] of (r.coldWaterfall ?? []).entries()) {
      p(`| ${k === 0 ? pg.id : ''} | \`${e.name}\` | ${e.start.toFixed(0)} | ${e.end.toFixed(0)} | ${e.bytes ? KB(e.bytes) : 'cache'} | ${k === 0 && visible != null ? visible.toFixed(0) : ''} |`);
    }
  }
  p('');
}

// ------------------------------------------------------------------ preview
if (pv) {
  p('## Live preview (`www/preview.html`, 100 KB draft)', '');
  p(`The draft (\`bench/inputs/draft.md\`, ${pv.draftBytes} bytes) is put in \`#editor\`; then ${pv.keys} times (after 5 unmeasured), at a random phase against the frame clock, one character is inserted in the middle of the text (\`setRangeText\`) and an \`input\` event dispatched. ` +
    'The time runs from just before the event to the first MutationObserver callback on `#preview`. It splits into the wait for the next animation frame (a `requestAnimationFrame` callback registered just before the event runs first in that frame; zero when the page renders inside the input handler) and the render itself.', '');
  p('| measure | median, ms | p25–p75 |', '|---|---:|---:|');
  p(`| **input event → #preview updated** | **${fmtMs(pv.total.median)}** | ${fmtMs(pv.total.p25)}–${fmtMs(pv.total.p75)} |`);
  p(`| of which: wait for the animation frame | ${fmtMs(pv.frameWait.median)} | ${fmtMs(pv.frameWait.p25)}–${fmtMs(pv.frameWait.p75)} |`);
  p(`| of which: the preview's render (frame start → DOM updated) | ${fmtMs(pv.work.median)} | ${fmtMs(pv.work.p25)}–${fmtMs(pv.work.p75)} |`);
  p(`| the page's own "rendered in" figure | ${fmtMs(pv.reported.median)} | ${fmtMs(pv.reported.p25)}–${fmtMs(pv.reported.p75)} |`);
  p(`| \`renderPost\` alone, same text and options (30 calls) | ${fmtMs(pv.renderOnly.median)} | ${fmtMs(pv.renderOnly.p25)}–${fmtMs(pv.renderOnly.p75)} |`);
  if (pv.parseOnly) p(`| \`innerHTML\` of its output into a detached div (10 calls) | ${fmtMs(pv.parseOnly.median)} | ${fmtMs(pv.parseOnly.p25)}–${fmtMs(pv.parseOnly.p75)} |`);
  p('', `The page renders with \`PostPreview\` (see \`${path.relative(ROOT, path.join(WWW, 'preview.js'))}\`), not \`renderPost\`: it keeps the last render in the wasm, hands JS only the blocks that changed, and renders a keystroke inside a paragraph by rendering that paragraph alone when nothing else can change (\`src/edit.rs\`), which is why a keystroke can take less than \`renderPost\` of the whole draft. The rest is the page's own DOM work: inserting the changed blocks, the warnings list, following the caret.`, '');
}

// ------------------------------------------------------------------ growth
if (growth) {
  p('## Linear growth (native, `bench/growth`)', '');
  p('`inkpost::render` (no limits), release build, each shape at 1, 2, 4 and 8 MiB (2^20 bytes). A ratio near 2 is linear, near 4 quadratic.', '');
  const bin = path.join(BENCH, 'growth/target/release/inkpost-growth');
  if (existsSync(bin)) p(`The binary was built ${statSync(bin).mtime.toISOString().replace(/\.\d+Z/, 'Z')} from inkpost's \`src/\` as it was then.`, '');
  p(growth.trim(), '');
}

// ------------------------------------------------------------------ history (hand-written)
const changes = path.join(BENCH, 'changes.md');
if (existsSync(changes)) p(readFileSync(changes, 'utf8').trim(), '');

// ------------------------------------------------------------------ method + commands
p('## How the throughput is measured', '');
const st = (ct ?? node)?.settings ?? {};
p(`\`bench/lib/measure.mjs\`, the same code in Node and in the page. Per input, every candidate is warmed up (≥ ${st.warmupMs} ms and ≥ 3 calls), its time per call estimated, and a batch size chosen so one batch takes about ${st.batchMs} ms. ` +
  `Then ${st.rounds} rounds run;` + ' each round runs every candidate\'s batch once, in a new shuffled order, so drift (another process, frequency) falls on all of them alike and no candidate always inherits the garbage and cache state of the same predecessor. ' + `Rounds go on until every candidate has run ≥ ${st.minTotalMs / 1000} s on that input. ` +
  'A sample is one batch\'s time ÷ its calls (`performance.now()`); the time tables give the median and p25–p75 of the samples, the ratio tables the median over rounds of the two candidates\' samples divided round by round. The Markdown-only candidates get the body after the front matter, split before timing; the pipelines (inkpost, and js-yaml + X + DOMPurify) get the whole file. ' +
  'Options: inkpost `renderPost(text, {})`; marked defaults (GFM); markdown-it `{ html: true, typographer: true }`; markdown-wasm defaults; DOMPurify `sanitize(html)` defaults.', '');
if (steps.length) {
  p('## Commands', '');
  p(`\`bench/bench.sh\` ran, from the repository root, with \`node_modules/.bin\` and \`~/.cargo/bin\` on \`PATH\`, \`BENCH_RESULTS=${path.relative(ROOT, R)}\` and \`BENCH_WWW=${path.relative(ROOT, WWW)}\`:`, '');
  p('| step | seconds | command |', '|---|---:|---|');
  for (const [name, s, cmd] of steps) p(`| ${name} | ${s} | \`${cmd.replaceAll('|', '\\|')}\` |`);
  p('', `then \`node bench/report.mjs\` wrote this file. Raw numbers: \`${path.relative(ROOT, R)}/*.json\` (not committed).`, '');
}
const problems = [...new Set(chromium?.problems ?? [])];
if (problems.length) p('Page problems seen during the Chromium runs:', '', ...problems.map((x) => `- ${x}`), '');

writeFileSync(path.join(BENCH, 'RESULTS.md'), lines.join('\n'));
console.error('report: wrote bench/RESULTS.md');
