// What preload links save an embedding page: `node bench/embed-load.mjs`.
// Cold loads (a fresh browser context each) of the news post over Chromium's
// network emulation (10 Mbit/s, 40 ms, as bench/browser.mjs), alternating two
// pages that show it with `<ink-post>`: the demo's www/index.html (preload
// links for the modules, the wasm and the post) and the same element on a
// page with only `<script type="module" src="ink-post.js">`. The time is
// navigation start → the post's title and first body element in the DOM
// (`visibleProbe` in bench/lib/load.mjs). LOADS (default 7) per page;
// prints medians and every load. Serves www/, or BENCH_WWW.
import { chromium } from 'playwright-core';
import { startStaticServer } from './lib/server.mjs';
import { TEN_MBIT, visibleProbe } from './lib/load.mjs';

const LOADS = Number(process.env.LOADS ?? 7);
const POST = 'posts/2026-01-02-latest-maduro-says-venezuela-open-to-us-talks.md';
const BARE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<link rel="stylesheet" href="inkpost.css"><script type="module" src="ink-post.js"></script></head>
<body><main id="post"><ink-post src="${POST}"></ink-post></main></body></html>`;
const server = await startStaticServer({ isolate: false });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});
const pages = { 'with preloads (www/index.html)': '/index.html', 'script tag only': '/embed.html' };
const times = Object.fromEntries(Object.keys(pages).map((k) => [k, []]));
try {
  for (let r = 0; r < LOADS; r++) {
    for (const [label, path] of Object.entries(pages)) {
      const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
      await context.addInitScript(visibleProbe);
      const page = await context.newPage();
      await page.route(`${server.url}/embed.html`, (route) => route.fulfill({ contentType: 'text/html', body: BARE }));
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', TEN_MBIT);
      await page.goto(server.url + path, { waitUntil: 'commit' });
      await page.waitForFunction(() => window.__visibleAt != null, null, { timeout: 60000, polling: 50 });
      times[label].push(await page.evaluate(() => window.__visibleAt));
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
for (const [label, xs] of Object.entries(times)) {
  xs.sort((a, b) => a - b);
  console.log(`${label}: median ${xs[xs.length >> 1].toFixed(0)} ms (${xs.map((x) => x.toFixed(0)).join(' ')})`);
}
