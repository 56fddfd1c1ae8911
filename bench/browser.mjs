// The Chromium benchmarks (Debian's /usr/bin/chromium through playwright-core,
// launched as tests/browser/helpers.mjs does):
//   throughput  the inputs through every candidate in one page (bench/pages/throughput.html),
//               DOMPurify on the page's own DOM
//   load        navigation start → post visible for inkpost's demo page and the two peer
//               pages, cold (fresh context) and warm (second load in the same context),
//               on loopback and throttled (CDP: 10 Mbit/s down and up, 40 ms latency)
//   preview     www/preview.html with the 100 KB draft: input event → #preview updated
//   node bench/browser.mjs [--quick | --seconds 0.5] [--only throughput,load,preview] [--loads 12] [--keys 60]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startStaticServer, RESULTS } from './lib/server.mjs';
import { summarize, settingsFromArgs } from './lib/measure.mjs';
import { INPUTS } from './lib/report.mjs';
import { TEN_MBIT, visibleProbe } from './lib/load.mjs';
import { installChangeProbe } from './lib/preview.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const quick = args.includes('--quick');
// Checked before anything runs: the throughput settings.
const settings = settingsFromArgs(args);
const only = option('--only', 'throughput,load,preview').split(',');
const inputs = option('--inputs', INPUTS.map((i) => i.id).join(',')).split(',');
const LOADS = Number(option('--loads', quick ? 3 : 12));
const KEYS = Number(option('--keys', quick ? 10 : 60));
const outFile = option('--out', path.join(RESULTS, 'chromium.json'));
const log = (...a) => console.error('chromium:', ...a);

function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

function watchProblems(page, problems) {
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
}

const browser = await launchBrowser();
const out = { env: 'chromium', version: `Chromium ${browser.version()}`, problems: [] };

// ---------------------------------------------------------------- throughput
if (only.includes('throughput')) {
  const server = await startStaticServer({ isolate: true });
  const context = await browser.newContext();
  const page = await context.newPage();
  watchProblems(page, out.problems);
  await page.goto(`${server.url}/bench/pages/throughput.html`);
  const info = await page.evaluate(() => window.benchReady);
  const results = {};
  const started = Date.now();
  for (const id of inputs) {
    const input = INPUTS.find((i) => i.id === id);
    const t0 = Date.now();
    results[id] = await page.evaluate(([file, s]) => window.runInput(file, s), [input.file, settings]);
    log(`throughput ${id} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  out.throughput = {
    env: 'chromium',
    version: out.version,
    crossOriginIsolated: info.crossOriginIsolated,
    settings,
    candidates: info.candidates,
    results,
    seconds: (Date.now() - started) / 1000,
  };
  await context.close();
  await server.close();
}

// ---------------------------------------------------------------- page load
const PAGES = [
  { id: 'inkpost', label: 'inkpost (`www/index.html`, `<ink-post>`)', path: '/index.html' },
  { id: 'marked', label: 'js-yaml + marked + DOMPurify (`bench/pages/marked.html`)', path: '/bench/pages/marked.html' },
  { id: 'mdwasm', label: 'js-yaml + markdown-wasm + DOMPurify (`bench/pages/markdown-wasm.html`)', path: '/bench/pages/markdown-wasm.html' },
];
const NETWORKS = [
  { id: 'loopback', label: 'loopback', conditions: null },
  { id: '10mbit', label: '10 Mbit/s, 40 ms', conditions: TEN_MBIT },
];

async function loadOnce(context, url, conditions) {
  const page = await context.newPage();
  watchProblems(page, out.problems);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (conditions) await cdp.send('Network.emulateNetworkConditions', conditions);
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__visibleAt != null && window.__frameAt != null, null, { timeout: 60000, polling: 50 });
  const r = await page.evaluate(() => ({
    visible: window.__visibleAt,
    frame: window.__frameAt,
    // When each file was requested and arrived (ms since navigation start).
    waterfall: [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')].map((e) => ({
      name: new URL(e.name).pathname,
      start: e.startTime,
      end: e.responseEnd,
      bytes: e.transferSize,
    })),
    bytes: performance.getEntriesByType('resource').reduce((n, e) => n + (e.transferSize || 0), 0)
      + (performance.getEntriesByType('navigation')[0]?.transferSize || 0),
  }));
  await cdp.detach().catch(() => {});
  await page.close();
  return r;
}

if (only.includes('load')) {
  const server = await startStaticServer({ isolate: false });
  const samples = {};
  for (const net of NETWORKS) {
    for (const p of PAGES) samples[`${net.id}/${p.id}`] = { cold: [], warm: [], coldFrame: [], warmFrame: [], coldBytes: [], warmBytes: [] };
    for (let r = 0; r < LOADS; r++) {
      for (let j = 0; j < PAGES.length; j++) {
        const p = PAGES[(j + r) % PAGES.length];
        const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
        await context.addInitScript(visibleProbe);
        const cold = await loadOnce(context, server.url + p.path, net.conditions);
        const warm = await loadOnce(context, server.url + p.path, net.conditions);
        await context.close();
        const s = samples[`${net.id}/${p.id}`];
        s.cold.push(cold.visible);
        s.warm.push(warm.visible);
        s.coldFrame.push(cold.frame);
        s.warmFrame.push(warm.frame);
        s.coldBytes.push(cold.bytes);
        s.warmBytes.push(warm.bytes);
        s.coldWaterfall = cold.waterfall; // the last one
      }
    }
    log(`load ${net.id} done`);
  }
  out.load = {
    loads: LOADS,
    pages: PAGES,
    networks: NETWORKS.map(({ id, label, conditions }) => ({ id, label, conditions })),
    results: Object.fromEntries(Object.entries(samples).map(([k, s]) => [k, {
      cold: summarize(s.cold),
      warm: summarize(s.warm),
      coldFrame: summarize(s.coldFrame),
      warmFrame: summarize(s.warmFrame),
      coldBytes: summarize(s.coldBytes).median,
      warmBytes: summarize(s.warmBytes).median,
      coldWaterfall: s.coldWaterfall,
      raw: { cold: s.cold, warm: s.warm },
    }])),
  };
  await server.close();
}

// ---------------------------------------------------------------- live preview
if (only.includes('preview')) {
  const server = await startStaticServer({ isolate: true });
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  watchProblems(page, out.problems);
  await installChangeProbe(page);
  await page.goto(`${server.url}/preview.html`);
  await page.waitForSelector('body[data-ready="true"]');
  const draft = readFileSync(path.join(BENCH, 'inputs/draft.md'), 'utf8');
  const result = await page.evaluate(async ([text, keys, warmup]) => {
    const editor = document.getElementById('editor');
    const preview = document.getElementById('preview');
    const timing = document.getElementById('timing');
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    // Resolves with the time of the first mutation of #preview after now.
    const nextMutation = () => window.nextChange(preview);
    editor.focus();
    editor.value = text;
    let mutated = nextMutation();
    editor.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    await mutated;
    await sleep(200);
    // Type in the middle of the draft: after the first sentence past the halfway mark.
    let at = text.indexOf('. ', text.length >> 1) + 1;
    const total = [];
    const frameWait = [];
    const work = [];
    const reported = [];
    for (let k = 0; k < keys + warmup; k++) {
      await sleep(20 + Math.random() * 17); // a random phase against the frame clock
      const ch = 'abcdefghij'[k % 10];
      editor.setRangeText(ch, at, at, 'end');
      at += 1;
      mutated = nextMutation();
      let frameAt = null;
      requestAnimationFrame(() => { frameAt = performance.now(); }); // runs just before the preview's own callback
      const t0 = performance.now();
      editor.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: ch }));
      const t1 = await mutated;
      if (k < warmup) continue;
      // A page that renders in the input handler itself updates before any frame.
      const renderStart = frameAt != null && frameAt <= t1 ? frameAt : t0;
      total.push(t1 - t0);
      frameWait.push(renderStart - t0);
      work.push(t1 - renderStart);
      const m = /rendered in ([\d.]+) ms/.exec(timing.textContent);
      if (m) reported.push(Number(m[1]));
    }
    // renderPost alone on the same text with the preview's options, to split the
    // work between the wasm and the DOM (innerHTML, warnings, caret sync).
    const { renderPost } = await import('/inkpost-view.js');
    const source = editor.value;
    const options = { fileName: 'draft.md', baseUrl: location.href };
    const renderOnly = [];
    for (let k = 0; k < 30; k++) {
      const t = performance.now();
      renderPost(source, options);
      renderOnly.push(performance.now() - t);
    }
    const html = renderPost(source, options).html;
    const parseOnly = [];
    for (let k = 0; k < 10; k++) {
      const div = document.createElement('div');
      const t = performance.now();
      div.innerHTML = html;
      parseOnly.push(performance.now() - t);
    }
    return { total, frameWait, work, reported, renderOnly, parseOnly, length: editor.value.length };
  }, [draft, KEYS, 5]);
  out.preview = {
    keys: KEYS,
    draftBytes: Buffer.byteLength(draft),
    total: summarize(result.total),
    frameWait: summarize(result.frameWait),
    work: summarize(result.work),
    reported: summarize(result.reported),
    renderOnly: summarize(result.renderOnly),
    parseOnly: summarize(result.parseOnly),
    raw: result,
  };
  log(`preview done: median ${out.preview.total.median.toFixed(2)} ms`);
  await context.close();
  await server.close();
}

await browser.close();
mkdirSync(path.dirname(outFile), { recursive: true });
let previous = {};
try {
  previous = JSON.parse(readFileSync(outFile, 'utf8'));
} catch {}
// A run of some parts keeps the others from the last run.
writeFileSync(outFile, JSON.stringify({ ...previous, ...out, problems: out.problems }, null, 2));
if (out.problems.length) log(`problems in the pages:\n  ${[...new Set(out.problems)].join('\n  ')}`);
