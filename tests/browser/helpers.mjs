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
