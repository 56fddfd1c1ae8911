// The security suite: every attack post in tests/security/attacks.txt is rendered
// by the wasm module and inserted with innerHTML in headless Chromium. It fails
// if a payload runs (a dialog, a call to window.__pwn, a request to a host the
// page did not choose, a navigation) or if the browser's DOM of the output
// holds anything outside the policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, ROOT } from './helpers.mjs';

function loadAttacks() {
  const text = readFileSync(path.join(ROOT, 'tests/security/attacks.txt'), 'utf8');
  const attacks = [];
  let current = null;
  for (const line of text.split('\n')) {
    const head = line.match(/^=== (\S+)(?: (\{.*\}))?$/);
    if (head) {
      current = { name: head[1], options: head[2] ? JSON.parse(head[2]) : {}, lines: [] };
      attacks.push(current);
    } else if (current) {
      current.lines.push(line);
    }
  }
  return attacks.map(({ name, options, lines }) => ({
    name,
    options,
    source: lines.join('\n').replace(/\n$/, ''),
  }));
}

const HARNESS = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>harness</title></head><body><main id="page"></main>
<script type="module">
  import * as view from '/inkpost-view.js';
  await view.load();
  window.view = view;
  window.__pwned = [];
  window.__pwn = (what) => window.__pwned.push(String(what ?? 'pwn'));
  window.__ready = true;
</script></body></html>`;

// What the browser's DOM of a rendered post may hold.
const SCAN = () => {
  const ALLOWED_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:']);
  const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'poster', 'cite', 'background', 'data', 'xlink:href', 'ping', 'lowsrc', 'dynsrc'];
  const FORBIDDEN = new Set(['script', 'style', 'template', 'noscript', 'title', 'textarea', 'xmp', 'object', 'embed',
    'applet', 'frame', 'frameset', 'noframes', 'noembed', 'plaintext', 'svg', 'math', 'base', 'meta', 'link', 'form',
    'input', 'button', 'select', 'option', 'keygen', 'isindex', 'marquee', 'bgsound']);
  const bad = [];
  const box = document.getElementById('box');
  for (const el of box.querySelectorAll('*')) {
    const tag = el.localName;
    if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml') bad.push(`foreign element <${tag}>`);
    if (FORBIDDEN.has(tag)) bad.push(`element <${tag}>`);
    if (tag === 'input' && el.type === 'checkbox' && el.disabled && el.className === 'task-list-item-checkbox') bad.pop();
    if (tag === 'iframe' && el.getAttribute('sandbox') !== 'allow-scripts allow-same-origin allow-presentation') bad.push('iframe without sandbox');
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) bad.push(`event handler ${name} on <${tag}>`);
      if (name === 'style' && !/^text-align: (left|center|right)$/.test(attr.value)) bad.push(`style="${attr.value}"`);
      if (['name', 'srcdoc', 'formaction', 'xlink:href', 'target'].includes(name) && !(name === 'target' && attr.value === '_blank' && /noopener/.test(el.rel))) bad.push(`attribute ${name} on <${tag}>`);
      const urls = name === 'srcset' ? attr.value.split(',').map((c) => c.trim().split(/\s+/)[0]) : URL_ATTRS.includes(name) ? [attr.value] : [];
      for (const value of urls) {
        let url;
        try { url = new URL(value, location.href); } catch { continue; }
        const isImage = (tag === 'img' && (name === 'src' || name === 'srcset')) || (tag === 'source' && name === 'srcset');
        const okData = isImage && /^data:image\/(png|gif|jpeg|webp)[;,]/i.test(url.href);
        if (!ALLOWED_SCHEMES.has(url.protocol) && !okData) bad.push(`${name}="${value}" on <${tag}>`);
      }
    }
  }
  if (document.getElementById.constructor !== Function) bad.push('document.getElementById clobbered');
  if (typeof document.cookie !== 'string') bad.push('document.cookie clobbered');
  if (window.inkpostConfig !== undefined) bad.push('window.inkpostConfig clobbered');
  if (document.inkpostHook !== undefined) bad.push('document.inkpostHook clobbered');
  return bad;
};

let server, browser, context, page, origin;
const events = [];

before(async () => {
  server = await startServer();
  origin = server.url;
  browser = await launchBrowser();
  context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
  page = await context.newPage();
  await page.route(`${origin}/__harness.html`, (route) =>
    route.fulfill({ contentType: 'text/html; charset=utf-8', body: HARNESS }));
  // Nothing may leave the machine: other hosts are answered here and recorded.
  await page.route((url) => url.origin !== origin, (route) => {
    events.push(`request ${route.request().url()}`);
    route.abort();
  });
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.origin === origin && /pwn|evil/.test(url.pathname)) events.push(`request ${req.url()}`);
  });
  page.on('dialog', (dialog) => {
    events.push(`dialog ${dialog.type()} ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && !frame.url().endsWith('/__harness.html')) events.push(`navigated to ${frame.url()}`);
  });
  await page.goto(`${origin}/__harness.html`);
  await page.waitForFunction(() => window.__ready === true);
});

after(async () => {
  await context?.close();
  await browser?.close();
  server?.stop();
});

/**
 * Inserts `html` (or a rendered post) and reports what happened after a frame
 * and 80 ms (a handler or script that runs later is still in the DOM scan; a
 * late request is not). Raw controls first wait for their images' events.
 */
async function attempt({ source, options, raw, allowHosts = [] }) {
  events.length = 0;
  const bad = await page.evaluate(async ({ source, options, raw }) => {
    window.__pwned.length = 0;
    const box = document.createElement('div');
    box.id = 'box';
    document.getElementById('page').append(box);
    if (raw != null) {
      box.innerHTML = raw;
      // An inline `onerror` runs before a listener added now: when the event
      // has come, so has the payload (on a busy machine, later than 80 ms).
      const settled = (img) => new Promise((resolve) => {
        img.addEventListener('error', resolve, { once: true });
        img.addEventListener('load', resolve, { once: true });
        setTimeout(resolve, 5000);
      });
      await Promise.all([...box.querySelectorAll('img')].filter((img) => !img.complete).map(settled));
    } else {
      const rendered = window.view.renderPost(source, options);
      window.view.showRendered(box, rendered);
      if (rendered.meta.title != null) document.title = rendered.meta.title;
      const excerpt = document.createElement('div');
      excerpt.innerHTML = rendered.excerptHtml;
      box.append(excerpt);
    }
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 80)));
    return window.__pwned.map((p) => `__pwn(${p})`);
  }, { source, options, raw });
  const scan = await page.evaluate(SCAN);
  await page.evaluate(() => document.getElementById('box').remove());
  const requests = events.filter((e) => !allowHosts.some((h) => e.startsWith(`request https://${h}/`)));
  return [...bad, ...scan, ...requests];
}

test('the oracle sees a payload run (controls, without inkpost)', async () => {
  assert.match((await attempt({ raw: '<img src=x onerror=alert(1)>' })).join(), /dialog alert 1/);
  assert.match((await attempt({ raw: '<img src=x onerror=__pwn(7)>' })).join(), /__pwn\(7\)/);
  assert.match((await attempt({ raw: '<img src="http://evil.test/p.png">' })).join(), /request http:\/\/evil\.test\/p\.png/);
  assert.match((await attempt({ raw: '<a href="javascript:alert(1)">x</a>' })).join(), /href="javascript:alert\(1\)"/);
  assert.match((await attempt({ raw: '<a id="inkpostConfig"></a>' })).join(), /inkpostConfig clobbered/);
});

test('no attack post runs anything or leaves anything outside the policy', async () => {
  const attacks = loadAttacks();
  assert.ok(attacks.length >= 150, `only ${attacks.length} attacks`);
  const failures = [];
  for (const attack of attacks) {
    const found = await attempt({ ...attack, allowHosts: attack.options.allowIframeHosts ?? [] });
    if (found.length) failures.push(`${attack.name}: ${found.join('; ')}`);
  }
  assert.deepEqual(failures, [], `${failures.length} of ${attacks.length} attacks got through`);
  console.log(`# ${attacks.length} attack posts rendered and inserted; none ran`);
});
