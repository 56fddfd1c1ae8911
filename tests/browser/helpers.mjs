// Shared by the browser tests: the inkpost server on a free port and Debian's headless Chromium.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const OUT = path.join(ROOT, 'test-results');
mkdirSync(OUT, { recursive: true });

const BIN = path.join(ROOT, 'target/debug/inkpost');

/** Starts `inkpost serve` on a free port; resolves to { url, stop }. */
export function startServer({ posts = 'www/posts', www = 'www', extra = [] } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['serve', posts, '--www', www, '--port', '0', ...extra], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const m = stderr.match(/at (http:\/\/[^/\s]+)\//);
      if (m) resolve({ url: m[1], stop: () => child.kill(), child });
    });
    child.on('exit', (code) => reject(new Error(`inkpost serve exited (${code}): ${stderr}`)));
    child.on('error', reject);
  });
}

/** Launches headless Chromium from Debian's package (never a downloaded browser). */
export function launchBrowser() {
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

/** A page that records console errors, uncaught exceptions and dialogs. */
export async function openPage(browser, { locale = 'en-US' } = {}) {
  const context = await browser.newContext({ locale, timezoneId: 'UTC' });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  return { page, context, problems };
}

/**
 * A post whose ids are names a page has (`location`, `alert`, `config`), with
 * a table of contents and a footnote, each section long enough to scroll to.
 */
export function clobberPost(title = 'Named like the page') {
  const filler = Array.from({ length: 20 }, (_, i) => `Paragraph ${i + 1} of filler, long enough to wrap onto a second line in a narrow column, so the sections are taller than a window.`).join('\n\n');
  return `---\ntitle: ${title}\n---\n* TOC\n{:toc}\n\nIntro with a note[^n] before the sections.\n\n# location\n\n${filler}\n\n## Alert box {#alert}\n\n${filler}\n\n## config {#config}\n\n${filler}\n\n[^n]: The note, at the end.\n`;
}

/** Waits until `selector`'s top edge is within 2 px of `top` (a number, or a selector whose top it is). */
export function waitForTop(page, selector, top = 0) {
  return page.waitForFunction(([sel, at]) => {
    const el = document.querySelector(sel);
    if (!el) return false;
    const want = typeof at === 'number' ? at : document.querySelector(at).getBoundingClientRect().top;
    return Math.abs(el.getBoundingClientRect().top - want) < 2;
  }, [selector, top], { timeout: 3000 });
}

/** A page of the test server with the wasm module loaded as `window.inkpost`:
 * `{ page, context }` of a fresh context in `browser`. */
export async function openModulePage(browser, server) {
  const { page, context } = await openPage(browser);
  await page.goto(`${server.url}/index.html`);
  await page.evaluate(async () => {
    const mod = await import('/pkg/inkpost.js');
    await mod.default();
    window.inkpost = mod;
  });
  return { page, context };
}

/** Checks that every id in `container` carries the default prefix and that
 * the post's names reach neither `window` nor `document.getElementById`
 * (the clobberPost post's ids). */
export async function assertNoClobbering(assert, page, container) {
  const ids = await page.$$eval(`${container} [id]`, (els) => els.map((el) => el.id));
  assert.deepEqual(ids.filter((id) => !id.startsWith('user-content-')), []);
  for (const id of ['location', 'alert', 'config', 'fnref:n', 'fn:n']) assert.ok(ids.includes(`user-content-${id}`), id);
  assert.deepEqual(await page.evaluate(() => ({
    location: window.location instanceof Location,
    config: typeof window.config,
    byId: ['alert', 'location', 'config', 'fn:n'].map((id) => document.getElementById(id)),
  })), { location: true, config: 'undefined', byId: [null, null, null, null] });
}
