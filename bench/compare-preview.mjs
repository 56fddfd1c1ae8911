// Compares the live preview of two builds of www/ (each a copy of www/ with
// its pkg/ built) in headless Chromium: `node bench/compare-preview.mjs
// WWW_A WWW_B`. Each round opens preview.html from A and from B (the order
// alternating), puts the 100 KB draft in the editor, then types KEYS
// characters (after 5 unmeasured) in the middle of it, as bench/browser.mjs
// does, timing input event -> first change of #preview. Prints each round's
// medians and B/A, the median of those ratios, and whether both pages ended
// with the same DOM. ROUNDS (default 6) and KEYS (default 30) set the size.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { installChangeProbe } from './lib/preview.mjs';

if (process.argv.length < 4) {
  console.error('usage: node bench/compare-preview.mjs WWW_A WWW_B');
  process.exit(2);
}
const [A, B] = process.argv.slice(2);
const ROUNDS = Number(process.env.ROUNDS ?? 6);
const KEYS = Number(process.env.KEYS ?? 30);
const types = {
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.html': 'text/html',
  '.css': 'text/css',
  '.md': 'text/markdown',
  '.json': 'application/json',
};

/** A static server for one www/ copy, cross-origin isolated (5 µs timers) as the bench's. */
function serve(root) {
  root = path.resolve(root);
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      let file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
      if (file.endsWith('/')) file += 'index.html';
      let body = null;
      try {
        if (file.startsWith(root + path.sep)) body = readFileSync(file);
      } catch {}
      if (!body) {
        res.writeHead(404);
        res.end();
        return;
      }
      res.writeHead(200, {
        'content-type': types[path.extname(file)] ?? 'application/octet-stream',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      });
      res.end(body);
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
const sa = await serve(A);
const sb = await serve(B);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const draft = readFileSync(new URL('inputs/draft.md', import.meta.url), 'utf8');

/** One page load of `server`'s preview: the times of KEYS keystrokes, and the preview's DOM at the end. */
async function measure(server) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await installChangeProbe(page);
  await page.goto(`http://127.0.0.1:${server.address().port}/preview.html`);
  await page.waitForSelector('body[data-ready="true"]');
  const result = await page.evaluate(async ([text, keys]) => {
    localStorage.clear();
    const editor = document.getElementById('editor');
    const preview = document.getElementById('preview');
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    // Resolves with the time of the next change of #preview.
    const changed = () => window.nextChange(preview);
    editor.focus();
    editor.value = text;
    let next = changed();
    editor.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await next;
    await sleep(300);
    let at = text.indexOf('. ', text.length >> 1) + 1;
    const times = [];
    for (let k = 0; k < keys + 5; k++) {
      await sleep(20 + Math.random() * 17); // a random phase against the frame clock
      editor.setRangeText('abcdefghij'[k % 10], at, at, 'end');
      at += 1;
      next = changed();
      const t0 = performance.now();
      editor.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
      const t1 = await next;
      if (k >= 5) times.push(t1 - t0);
    }
    // The caret's highlight and the page's own address differ between pages.
    const html = document.querySelector('.inkpost-body').innerHTML
      .replace(/ class="synced"| data-line="\d+"/g, '')
      .replace(/127\.0\.0\.1:\d+/g, '');
    return { times, html };
  }, [draft, KEYS]);
  await context.close();
  return result;
}

const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const all = { A: [], B: [] };
const html = {};
const ratios = [];
for (let i = 0; i < ROUNDS; i++) {
  const round = {};
  for (const which of i % 2 ? ['B', 'A'] : ['A', 'B']) {
    const r = await measure(which === 'A' ? sa : sb);
    round[which] = median(r.times);
    all[which].push(...r.times);
    html[which] = r.html;
  }
  ratios.push(round.B / round.A);
  console.log(`round ${i}: A ${round.A.toFixed(2)} ms, B ${round.B.toFixed(2)} ms, B/A ${(round.B / round.A).toFixed(3)}`);
}
console.log(
  `all keys: A ${median(all.A).toFixed(2)} ms, B ${median(all.B).toFixed(2)} ms; ` +
  `median of the rounds' B/A ${median(ratios).toFixed(3)}; same DOM: ${html.A === html.B}`,
);
await browser.close();
sa.close();
sb.close();
