// web-platform-tests' URL parser cases (tests/fixtures/url/urltestdata.json)
// rendered by the wasm in Chromium, where src/url.rs is the browser's own URL:
// each case as a link and an iframe, checked with the same rules and on the
// same cases as tests/url.rs checks the native build (the url crate), so both
// builds give the URL Standard's answers on them, and so each other's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, openModulePage, ROOT } from './helpers.mjs';

// tests/url.rs's CASES: the two tests must use the same cases.
const CASES = 691;

// Hosts the URL Standard's host parser refuses (with spaces, with a `%` that
// is fullwidth or percent-encoded, IPv6 with a `%` or an encoded `[`) and
// Chromium 156 accepts: there the
// wasm keeps an http link that the native build refuses. Both are safe (an
// http URL either way, or none); the wasm does what the browser showing the
// post does. Listed so a change in Chromium shows here.
const CHROMIUM_ACCEPTS = [
  'http://example example.com',
  'http://GOO\u00a0\u3000goo.com',
  'http://\uff05\uff14\uff11.com',
  'http://%ef%bc%85%ef%bc%94%ef%bc%91.com',
  'http://192.168.0.1 hello',
  'http://[::%31]',
  'http://%5B::1]',
];

let server, browser, page, context;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ page, context } = await openModulePage(browser, server));
});
after(async () => {
  await context?.close();
  await browser?.close();
  server?.stop();
});

/** The cases tests/url.rs uses: no base or an http(s) one, no control
 * character but tab and line breaks, no U+FDD0 to U+FDEF (Liquid's markers). */
function cases() {
  const all = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/url/urltestdata.json'), 'utf8'));
  return all
    .filter((c) => typeof c === 'object')
    .filter((c) => c.base == null || c.base.startsWith('http:') || c.base.startsWith('https:'))
    .filter((c) => ![...c.input].some((ch) => {
      const code = ch.codePointAt(0);
      return (code < 0x20 && !'\t\n\r'.includes(ch)) || code === 0x7f || (code >= 0xfdd0 && code <= 0xfdef);
    }))
    .map((c) => ({
      input: c.input,
      base: c.base ?? null,
      expected: c.failure ? null : { protocol: c.protocol, hostname: c.hostname, href: c.href },
    }));
}

test('links and iframes follow the URL Standard on its test cases, as natively', async () => {
  const { used, failures } = await page.evaluate((cases) => {
    const attrValue = (s) => s.replace(/[&"\t\n\r]/g, (ch) => ({ '&': '&amp;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' })[ch]);
    const parse = (html) => {
      const template = document.createElement('template');
      template.innerHTML = html;
      return template.content;
    };
    let used = 0;
    const failures = [];
    for (const c of cases) {
      const value = attrValue(c.input);
      const source = `<p><a href="${value}">x</a></p>\n\n<iframe src="${value}"></iframe>\n`;
      const options = { allowIframeHosts: c.expected?.hostname ? [c.expected.hostname] : [] };
      if (c.base != null) options.baseUrl = c.base;
      let html;
      try {
        html = window.inkpost.renderPost(source, options).html;
      } catch {
        continue; // a base Options::validate refuses, as natively
      }
      used += 1;
      const fail = (why) => failures.push({ input: c.input, why: `${JSON.stringify(c.input)} against ${JSON.stringify(c.base)}: ${why}` });
      // Without a base, inkpost reads a URL against a stand-in for the page,
      // where the cases parse with none: a relative URL fails there and is
      // fine here. Those are left out.
      if (c.base == null && c.expected == null) continue;
      const dom = parse(html);
      const a = dom.querySelector('a');
      const href = a?.getAttribute('href') ?? null;
      // A URL that fails to parse is refused, as one whose scheme is not allowed.
      const allowed = c.expected != null && ['http:', 'https:', 'mailto:', 'tel:'].includes(c.expected.protocol);
      if (allowed !== (href != null)) { fail(`link kept: ${href != null}, scheme allowed: ${allowed}`); continue; }
      if (c.base == null) continue;
      if (href != null) {
        // With a base, a URL is written as its resolution, but a
        // fragment-only one, to stay in the page.
        const written = c.input.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
        const expected = written.startsWith('#') ? written : c.expected.href;
        if (href !== expected) { fail(`href ${JSON.stringify(href)}, expected ${JSON.stringify(expected)}`); continue; }
        const baseHost = new URL(c.base).hostname;
        const external = c.expected != null && ['http:', 'https:'].includes(c.expected.protocol) && c.expected.hostname !== baseHost;
        const rel = a.hasAttribute('rel');
        if (rel !== external) { fail(`rel: ${rel}, external: ${external}`); continue; }
      }
      const src = dom.querySelector('iframe')?.getAttribute('src') ?? null;
      const expectedSrc = c.expected?.protocol === 'https:' && c.expected.hostname ? c.expected.href : null;
      if (src !== expectedSrc) fail(`iframe src ${JSON.stringify(src)}, expected ${JSON.stringify(expectedSrc)}`);
    }
    return { used, failures };
  }, cases());
  const unexpected = failures.filter((f) => !CHROMIUM_ACCEPTS.includes(f.input) || !/link kept: true, scheme allowed: false$/.test(f.why));
  assert.deepEqual(unexpected.map((f) => f.why), [], `${unexpected.length} of ${used} cases differ`);
  assert.deepEqual(failures.map((f) => f.input), CHROMIUM_ACCEPTS);
  assert.equal(used, CASES);
  console.log(`# ${used} web-platform-tests URL cases rendered; all but Chromium's ${CHROMIUM_ACCEPTS.length} as the URL Standard says`);
});

test('iframe hosts are the browser\'s: the backslash spoofs load nothing from evil.test', async () => {
  const srcs = [
    'https://evil.test\\@www.youtube.com/embed/x',
    'https://evil.test&bsol;@www.youtube.com/embed/x',
    'https://evil.test\t\\@www.youtube.com/embed/x',
    '//evil.test\\@www.youtube.com/embed/x',
  ];
  const got = await page.evaluate((srcs) => srcs.map((src) => {
    const r = window.inkpost.renderPost(`<iframe src="${src}"></iframe>\n`, { allowIframeHosts: ['www.youtube.com'] });
    return [r.html, r.warnings.map((w) => w.message)];
  }), srcs);
  for (const [html, warnings] of got) {
    assert.equal(html, '');
    assert.deepEqual(warnings, ['<iframe> removed with its content (iframe host `evil.test` is not in allowIframeHosts)']);
  }
});

// src/url.rs reads plain URLs (`https://x.org/a?q`, `img/a.png`, `#f`) without
// a call into the browser's URL; every other one is the browser's. Links
// glued at random from URL pieces, rendered against an absolute baseUrl
// (which writes each resolved href): the href written is the browser's.
test('plain URLs, read without the browser\'s URL, resolve as the browser resolves them', async () => {
  const pieces = ['https://', 'http://', 'HTTP://', '//', '/', '/', './', '../', '.', '..', 'a', 'b', 'ex',
    'org', '.', '-', '0', '9', '1.2', 'xn--', 'x', 'Z', ':', ':80', '@', '?', '#', '%', '%2e', '%41', '~', "'",
    '!', '$', '(', ')', '*', '+', ',', ';', '=', '|', 'é'];
  let state = 0x2545f491;
  const next = () => { state ^= state << 13; state ^= state >>> 17; state ^= state << 5; return state >>> 0; };
  const inputs = [];
  for (let i = 0; i < 3000; i++) {
    const n = 1 + (next() % 6);
    let s = '';
    for (let j = 0; j < n; j++) s += pieces[next() % pieces.length];
    inputs.push(s);
  }
  const bases = ['https://example.org/blog/2026/01/02/post.html?x=1#top', 'http://a-b.example/dir/'];
  for (const base of bases) {
    const wrong = await page.evaluate(([inputs, base]) => {
      const attr = (s) => s.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
      const source = inputs.map((u) => `<a href="${attr(u)}">x</a>`).join('\n\n');
      const box = document.createElement('div');
      box.innerHTML = window.inkpost.renderPost(source, { baseUrl: base }).html;
      const links = [...box.querySelectorAll('a')];
      if (links.length !== inputs.length) return [`${links.length} links for ${inputs.length} inputs`];
      const bad = [];
      links.forEach((a, i) => {
        let expected = null;
        try { expected = new URL(inputs[i], base); } catch { /* refused */ }
        const webScheme = expected && ['http:', 'https:', 'mailto:', 'tel:'].includes(expected.protocol);
        const got = a.getAttribute('href');
        // A fragment-only URL stays as written, to work within the page.
        const want = inputs[i].startsWith('#') ? inputs[i] : expected?.href;
        if (webScheme ? got !== want : got !== null) {
          bad.push(`${JSON.stringify(inputs[i])}: wrote ${got}, URL gives ${expected?.href ?? 'failure'}`);
        }
      });
      return bad;
    }, [inputs, base]);
    assert.deepEqual(wrong.slice(0, 10), [], `against ${base}`);
  }
});
