// What the first render after loading costs in Chromium: `node
// bench/first-render.mjs [PKG_DIR] [INPUT]` (default www/pkg and the news
// post). In each of ROUNDS (default 9) fresh pages it times the module's
// init (fetch, compile, instantiate) and then the first and second renderPost
// calls, and prints the medians. V8 compiles a wasm function on its first
// call, so the first render pays for compiling every function it reaches;
// JSFLAGS=--no-wasm-lazy-compilation moves that into init, to compare. It
// also times the page's first and second Intl.DateTimeFormat (the long date
// `<ink-post>` shows), made first in the fresh page, as `<ink-post>` does
// while the post loads.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { openWithFolders } from './lib/server.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(process.argv[2] ?? path.join(BENCH, '..', 'www', 'pkg'));
const input = process.argv[3] ?? 'post';
const rounds = Number(process.env.ROUNDS ?? 9);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    ...(process.env.JSFLAGS ? [`--js-flags=${process.env.JSFLAGS}`] : []),
  ],
});
const times = { init: [], first: [], second: [], firstDate: [], secondDate: [] };
try {
  for (let r = 0; r < rounds; r++) {
    // A new context each time: nothing compiled or cached from the last round.
    const context = await browser.newContext();
    const page = await context.newPage();
    await openWithFolders(page, 'http://first.test', { pkg: dir, in: path.join(BENCH, 'inputs') });
    const t = await page.evaluate(async (input) => {
      const text = await (await fetch(`/in/${input}.md`)).text();
      const day = new Date(Date.UTC(2026, 0, 2));
      const format = () => new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeZone: 'UTC' }).format(day);
      const d0 = performance.now();
      format();
      const d1 = performance.now();
      format();
      const d2 = performance.now();
      const t0 = performance.now();
      const m = await import('/pkg/inkpost.js');
      await m.default('/pkg/inkpost_bg.wasm');
      const t1 = performance.now();
      m.renderPost(text, {});
      const t2 = performance.now();
      m.renderPost(text, {});
      const t3 = performance.now();
      return { init: t1 - t0, first: t2 - t1, second: t3 - t2, firstDate: d1 - d0, secondDate: d2 - d1 };
    }, input);
    for (const k of Object.keys(times)) times[k].push(t[k]);
    await context.close();
  }
} finally {
  await browser.close();
}
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
console.log(
  `${path.relative(process.cwd(), dir) || '.'} ${input}: init ${median(times.init).toFixed(1)} ms, ` +
    `first render ${median(times.first).toFixed(1)} ms, second ${median(times.second).toFixed(2)} ms; ` +
    `first date format ${median(times.firstDate).toFixed(1)} ms (range ${Math.min(...times.firstDate).toFixed(1)}–` +
    `${Math.max(...times.firstDate).toFixed(1)}), second ${median(times.secondDate).toFixed(2)} ms ` +
    `(medians of ${rounds} fresh pages)`,
);
