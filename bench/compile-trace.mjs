// Which wasm functions V8 compiles for the first render, and how long each
// takes: `node bench/compile-trace.mjs [RUNS] [INPUT]` (default 3 runs of the
// news post; INPUT names a file in bench/inputs/ without `.md`, made by `node
// bench/make_inputs.mjs`). Each run starts Debian's Chromium headless with
// --trace-wasm-compilation-times on bench/pages/first-render.html (served by
// bench/lib/server.mjs, www/pkg as /pkg), which loads the module and renders
// the input once. V8 compiles a wasm function with Liftoff on its first call,
// so this is the compile work the first render pays for. Prints, per run, the
// number of functions, their total body bytes and Liftoff time, the largest
// ones (function index, body bytes, µs), and the page's own init and
// first-render times. A function that inlines others is compiled whole, also
// the parts the render never reaches: that is why the build keeps wasm-opt
// from inlining big single-caller functions (Cargo.toml).
// Times are from a busy 2-core machine: a small function can show a
// millisecond when its thread was descheduled, and the first run of a fresh
// browser is slower, so compare several runs.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BENCH, startStaticServer } from './lib/server.mjs';

const runs = Number(process.argv[2] ?? 3);
const input = process.argv[3] ?? 'post';
if (!existsSync(path.join(BENCH, 'inputs', `${input}.md`))) {
  console.error(`bench/inputs/${input}.md does not exist: run \`node bench/make_inputs.mjs\` (or name another input)`);
  process.exit(2);
}
const server = await startStaticServer({ isolate: false });
try {
  for (let r = 0; r < runs; r++) {
    const log = await traceOnce(`${server.url}/bench/pages/first-render.html?input=${encodeURIComponent(input)}`);
    const fns = [...log.matchAll(/#(\d+) using Liftoff, took (\d+) μs and \d+ bytes; bodysize (\d+)/g)]
      .map((m) => ({ index: Number(m[1]), us: Number(m[2]), body: Number(m[3]) }));
    const total = fns.reduce((s, f) => s + f.us, 0);
    const bytes = fns.reduce((s, f) => s + f.body, 0);
    const largest = [...fns].sort((a, b) => b.body - a.body).slice(0, 5)
      .map((f) => `#${f.index} ${f.body} B ${f.us} µs`).join(', ');
    const page = log.match(/INKPOST_DONE ([^"]*)/)?.[1] ?? 'page did not finish';
    if (page.startsWith('error')) throw new Error(`first-render.html: ${page}`);
    console.log(`run ${r + 1}: ${fns.length} functions, ${bytes} bytes, Liftoff ${(total / 1000).toFixed(1)} ms; largest: ${largest}; ${page}`);
  }
} finally {
  await server.close();
}

function traceOnce(url) {
  return new Promise((resolve, reject) => {
    const chromium = spawn(process.env.CHROMIUM ?? '/usr/bin/chromium', [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--js-flags=--trace-wasm-compilation-times', '--enable-logging=stderr',
      url,
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const timer = setTimeout(() => { chromium.kill(); reject(new Error('no INKPOST_DONE within 30 s')); }, 30000);
    const take = (d) => {
      log += d;
      if (log.includes('INKPOST_DONE')) {
        clearTimeout(timer);
        // Let the last lines through, then stop the browser.
        setTimeout(() => { chromium.kill(); resolve(log); }, 200);
      }
    };
    chromium.stdout.on('data', take);
    chromium.stderr.on('data', take);
    chromium.on('error', reject);
  });
}
