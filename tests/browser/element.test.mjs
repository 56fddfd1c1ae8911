// The <ink-post> element in headless Chromium: sample posts, inline source, the
// source property, options, and the loading and error states.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, openPage, clobberPost, waitForTop, ROOT, OUT } from './helpers.mjs';

const index = JSON.parse(readFileSync(path.join(ROOT, 'www/posts/index.json'), 'utf8'));
let server, browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

const ELEMENT = '<script type="module" src="/ink-post.js"></script>';

/**
 * Serves a page holding `head` and `body` at the server's origin and returns
 * its URL; a test sets any other routes, then navigates there.
 */
async function serveTestPage(page, { head, body, lang = 'en' }) {
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><link rel="icon" href="data:,">
    ${head}</head>
    <body>${body}</body></html>`;
  await page.route(`${server.url}/__test.html`, (r) => r.fulfill({ contentType: 'text/html', body: html }));
  return `${server.url}/__test.html`;
}

/** A page at the server's origin holding `body`, with ink-post.js imported. */
async function pageWith(body, { lang = 'en' } = {}) {
  const { page, context, problems } = await openPage(browser);
  await page.goto(await serveTestPage(page, { head: `<link rel="stylesheet" href="/inkpost.css">${ELEMENT}`, body, lang }));
  return { page, context, problems };
}

test('every sample post renders through <ink-post src>', async () => {
  const tags = index.map((p) => `<ink-post src="/posts/${p.file}"></ink-post>`).join('\n');
  const { page, context, problems } = await pageWith(tags);
  await page
    .waitForFunction((n) => document.querySelectorAll('ink-post[data-state="ready"]').length === n, index.length, { timeout: 10000 })
    .catch(async (e) => {
      const states = await page.$$eval('ink-post', (els) => els.map((el) => `${el.getAttribute('src')}: ${el.dataset.state} ${el.textContent.slice(0, 80)}`));
      throw new Error(`${e.message}\n${states.join('\n')}`);
    });
  const titles = await page.$$eval('ink-post h1.inkpost-title', (hs) => hs.map((h) => h.textContent));
  assert.deepEqual(titles, index.map((p) => p.title));
  const bodies = await page.$$eval('ink-post .inkpost-body', (bs) => bs.map((b) => b.textContent.trim().length > 100));
  assert.deepEqual(bodies, index.map(() => true));
  // Front matter, footnotes, the numbered highlight block and the placeholder all reach the page.
  assert.equal(await page.textContent('ink-post[src*="tables"] .footnotes li:first-child p'), 'As kramdown does, so a post looks the same here and on the Jekyll site.\u00a0↩');
  assert.equal(await page.$$eval('ink-post[src*="code-and"] .rouge-table .lineno', (l) => l[0].textContent), '1\n2\n3\n4\n');
  assert.equal(await page.textContent('ink-post[src*="liquid-in"] .inkpost-liquid'), 'include newsletter-signup.html');
  assert.equal(await page.textContent('ink-post[src*="code-and"] .inkpost-author'), 'Lee Park');
  assert.deepEqual(problems, []);
  await context.close();
});

test('date in the page locale, hero image, relative images resolved against the post, lazy', async () => {
  const { page, context } = await pageWith('<ink-post src="/posts/2025-09-20-images-and-figures.md"></ink-post>', { lang: 'de' });
  await page.waitForSelector('ink-post[data-state="ready"]');
  assert.equal(await page.textContent('.inkpost-date'), '20. September 2025');
  assert.equal(await page.getAttribute('.inkpost-hero img', 'src'), `${server.url}/assets/images/lighthouse.jpg`);
  // Lazy images load after the element is ready: wait for them (the
  // assertion below says which one did not load if this times out).
  await page
    .waitForFunction(() => [...document.querySelectorAll('.inkpost-body img')].every((i) => i.complete && i.naturalWidth > 0), null, { timeout: 5000 })
    .catch(() => {});
  const imgs = await page.$$eval('.inkpost-body img', (is) => is.map((i) => [i.getAttribute('src'), i.getAttribute('loading'), i.complete && i.naturalWidth > 0]));
  assert.deepEqual(imgs, [
    [`${server.url}/assets/images/lighthouse.jpg`, 'lazy', true],
    [`${server.url}/assets/images/figure.jpg`, 'lazy', true],
  ]);
  assert.equal(await page.getAttribute('.inkpost-body p.notice', 'class'), 'notice');
  await page.screenshot({ path: path.join(OUT, 'element-images.png'), fullPage: true });
  await context.close();
});

test('the wasm is fetched while the post is on its way, not after it', async () => {
  const { page, context, problems } = await openPage(browser);
  const url = await serveTestPage(page, {
    head: ELEMENT,
    body: `<ink-post src="/posts/${index[0].file}"></ink-post>`,
  });
  // The post takes 500 ms to arrive; the page has no preload links.
  const events = [];
  let postArrived = null;
  await page.route(`${server.url}/posts/**`, async (route) => {
    events.push('post requested');
    await new Promise((resolve) => setTimeout(resolve, 500));
    events.push('post sent');
    postArrived = Date.now();
    await route.continue();
  });
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) events.push('wasm requested');
  });
  await page.goto(url);
  await page.waitForSelector('ink-post[data-state="ready"]', { timeout: 10000 });
  // Both requests go out at once (in either order); the post arrives last.
  assert.deepEqual([...events].sort(), ['post requested', 'post sent', 'wasm requested']);
  assert.equal(events.at(-1), 'post sent');
  assert.ok(postArrived);
  assert.equal(await page.textContent('ink-post h1.inkpost-title'), index[0].title);
  assert.deepEqual(problems, []);
  await context.close();
});

test('with only the script tag, the glue and the wasm are fetched alongside the view module', async () => {
  const { page, context, problems } = await openPage(browser);
  const url = await serveTestPage(page, {
    head: ELEMENT,
    body: `<ink-post src="/posts/${index[0].file}"></ink-post>`,
  });
  // inkpost-view.js takes 500 ms to arrive; the page has no preload links.
  const events = [];
  await page.route(`${server.url}/inkpost-view.js`, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    events.push('view sent');
    await route.continue();
  });
  page.on('request', (r) => {
    const { pathname } = new URL(r.url());
    if (pathname === '/pkg/inkpost_bg.wasm') events.push('wasm requested');
    if (pathname === '/pkg/inkpost.js') events.push('glue requested');
    if (pathname.startsWith('/posts/')) events.push('post requested');
  });
  await page.goto(url);
  await page.waitForSelector('ink-post[data-state="ready"]', { timeout: 10000 });
  // Everything goes out while the view module is on its way (in any order).
  assert.deepEqual(events.slice(0, 3).sort(), ['glue requested', 'post requested', 'wasm requested']);
  assert.equal(events[3], 'view sent');
  assert.equal(events.length, 4);
  assert.equal(await page.textContent('ink-post h1.inkpost-title'), index[0].title);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a page that loads the module itself gets no second .wasm download from the element', async () => {
  const { page, context, problems } = await openPage(browser);
  const url = await serveTestPage(page, {
    head: `<script type="module">import { load } from '/inkpost-view.js'; load();</script>${ELEMENT}`,
    body: `<ink-post src="/posts/${index[0].file}"></ink-post>`,
  });
  const wasmRequests = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) wasmRequests.push(new URL(r.url()).pathname);
  });
  await page.goto(url);
  await page.waitForSelector('ink-post[data-state="ready"]', { timeout: 10000 });
  assert.deepEqual(wasmRequests, ['/pkg/inkpost_bg.wasm']);
  assert.equal(await page.textContent('ink-post h1.inkpost-title'), index[0].title);
  assert.deepEqual(problems, []);
  await context.close();
});

test('setWasmUrl with an empty string keeps the default .wasm', async () => {
  const { page, context, problems } = await openPage(browser);
  const url = await serveTestPage(page, {
    head: `<script type="module">import { setWasmUrl } from '/ink-post.js'; setWasmUrl('');</script>`,
    body: `<ink-post src="/posts/${index[0].file}"></ink-post>`,
  });
  await page.goto(url);
  await page.waitForSelector('ink-post:is([data-state="ready"], [data-state="error"])', { timeout: 10000 });
  assert.equal(await page.getAttribute('ink-post', 'data-state'), 'ready');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a missing post with a missing wasm reports the post, and nothing unhandled', async () => {
  const { page, context, problems } = await openPage(browser);
  const url = await serveTestPage(page, {
    head: `<script type="module">import { setWasmUrl } from '/ink-post.js'; setWasmUrl('/nowhere/inkpost_bg.wasm');</script>`,
    body: `<ink-post src="/posts/nope.md"></ink-post>`,
  });
  await page.goto(url);
  await page.waitForSelector('ink-post[data-state="error"]');
  assert.equal(await page.textContent('ink-post .inkpost-error'), 'Could not load /posts/nope.md: HTTP 404 Not Found');
  // Give an unhandled rejection time to surface.
  await page.waitForTimeout(200);
  assert.deepEqual(problems.filter((p) => !p.startsWith('console: Failed to load resource')), []);
  await context.close();
});

test('a missing file shows an error in the element, not a blank', async () => {
  const { page, context } = await pageWith('<ink-post src="/posts/nope.md"></ink-post>');
  await page.waitForSelector('ink-post[data-state="error"]');
  assert.equal(await page.textContent('ink-post .inkpost-error'), 'Could not load /posts/nope.md: HTTP 404 Not Found');
  assert.equal(await page.getAttribute('ink-post .inkpost-error', 'role'), 'alert');
  await context.close();
});

test('inline <script type="text/markdown"> content renders', async () => {
  const { page, context } = await pageWith(`<ink-post>
      <script type="text/markdown">
        ---
        title: Inline post
        tags: [a, b]
        ---
        Hello *inline* world.
      </script>
    </ink-post>`);
  await page.waitForSelector('ink-post[data-state="ready"]');
  assert.equal(await page.textContent('ink-post h1'), 'Inline post');
  assert.equal(await page.innerHTML('ink-post .inkpost-body'), '<p>Hello <em>inline</em> world.</p>\n');
  assert.deepEqual(await page.$$eval('.inkpost-tags li', (l) => l.map((x) => x.textContent)), ['a', 'b']);
  await context.close();
});

test('the source property and attribute changes re-render and fire inkpost-rendered', async () => {
  const { page, context } = await pageWith('<ink-post id="p"></ink-post>');
  const events = await page.evaluate(async () => {
    const el = document.getElementById('p');
    const seen = [];
    el.addEventListener('inkpost-rendered', (e) => seen.push(e.detail.meta.title));
    const next = () => new Promise((r) => el.addEventListener('inkpost-rendered', r, { once: true }));
    let done = next();
    el.source = '---\ntitle: One\n---\nfirst';
    await done;
    done = next();
    el.source = '---\ntitle: Two\n---\n[x](https://example.org/)';
    await done;
    const firstHtml = el.querySelector('.inkpost-body').innerHTML;
    done = next();
    el.setAttribute('id-prefix', 'p-');
    el.source = '# Head';
    await done;
    return { seen, firstHtml, heading: el.querySelector('h1[id]').id, state: el.dataset.state };
  });
  assert.deepEqual(events, {
    seen: ['One', 'Two', null],
    firstHtml: '<p><a href="https://example.org/" rel="noopener noreferrer">x</a></p>\n',
    heading: 'p-head',
    state: 'ready',
  });
  await context.close();
});

test('attributes set the main options: raw-html, allow-iframe-hosts, base-url, site-baseurl', async () => {
  const { page, context } = await pageWith(`
    <ink-post id="a" raw-html="escape"><script type="text/markdown">Hi <b>there</b></script></ink-post>
    <ink-post id="b" allow-iframe-hosts="www.youtube.com"><script type="text/markdown"><iframe src="https://www.youtube.com/embed/x"></iframe></script></ink-post>
    <ink-post id="c" base-url="https://cdn.example.org/blog/" site-baseurl="/blog"><script type="text/markdown">![i](img.png) [home]({{ site.baseurl }}/)</script></ink-post>`);
  await page.waitForFunction(() => document.querySelectorAll('ink-post[data-state="ready"]').length === 3);
  assert.equal(await page.innerHTML('#a .inkpost-body'), '<p>Hi &lt;b&gt;there&lt;/b&gt;</p>\n');
  assert.equal(await page.getAttribute('#b iframe', 'sandbox'), 'allow-scripts allow-same-origin allow-presentation');
  assert.equal(await page.getAttribute('#c img', 'src'), 'https://cdn.example.org/blog/img.png');
  assert.equal(await page.getAttribute('#c a', 'href'), 'https://cdn.example.org/blog/');
  await context.close();
});

/** A page with an <ink-post> of clobberPost() (arriving after `delay` ms), and room below it to scroll. */
async function clobberPage(hash = '', attributes = '', delay = 0) {
  const { page, context, problems } = await openPage(browser);
  const url = await serveTestPage(page, {
    head: ELEMENT,
    body: `<ink-post src="/posts/__clobber.md"${attributes}></ink-post><div style="height: 3000px"></div>`,
  });
  await page.route(`${server.url}/posts/__clobber.md`, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, delay));
    await route.fulfill({ contentType: 'text/markdown', body: clobberPost() });
  });
  await page.goto(url + hash);
  await page.waitForSelector('ink-post[data-state="ready"]');
  return { page, context, problems };
}

test('ids carry the default user-content- prefix: a post cannot clobber window or the page\'s ids', async () => {
  const { page, context, problems } = await clobberPage();
  const ids = await page.$$eval('ink-post [id]', (els) => els.map((el) => el.id));
  assert.deepEqual(ids.filter((id) => !id.startsWith('user-content-')), []);
  for (const id of ['location', 'alert', 'config', 'fnref:n', 'fn:n', 'markdown-toc']) assert.ok(ids.includes(`user-content-${id}`), id);
  assert.deepEqual(await page.evaluate(() => ({
    location: window.location instanceof Location,
    config: typeof window.config,
    alert: typeof window.alert,
    byId: ['alert', 'location', 'config', 'fn:n'].map((id) => document.getElementById(id)),
  })), { location: true, config: 'undefined', alert: 'function', byId: [null, null, null, null] });
  // The post's fragment links carry the prefix too.
  assert.deepEqual(await page.$$eval('ink-post .inkpost-body a[href^="#"]', (as) => as.map((a) => a.getAttribute('href'))), [
    '#user-content-location', '#user-content-alert', '#user-content-config', '#user-content-fn:n', '#user-content-fnref:n',
  ]);

  // A table-of-contents entry, the footnote reference and its backlink scroll to their targets.
  await page.click('ink-post [id$="markdown-toc"] a:text-is("config")');
  await waitForTop(page, '#user-content-config');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.click('ink-post a.footnote');
  await waitForTop(page, '[id="user-content-fn:n"]');
  await page.click('ink-post a.reversefootnote');
  await waitForTop(page, '[id="user-content-fnref:n"]');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a page URL with the unprefixed #name scrolls to the post\'s element once it has rendered', async () => {
  // The post arrives after the page has loaded (and looked for #alert in vain).
  const { page, context, problems } = await clobberPage('#alert', '', 300);
  await waitForTop(page, '#user-content-alert');
  assert.ok(await page.evaluate(() => window.scrollY > 500));
  // A later change of the fragment to a name the page does not have, too.
  await page.evaluate(() => { location.hash = '#config'; });
  await waitForTop(page, '#user-content-config');
  // A re-render at the same URL leaves the reader where they are.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => new Promise((resolve) => {
    const el = document.querySelector('ink-post');
    el.addEventListener('inkpost-rendered', resolve, { once: true });
    el.setAttribute('timezone', 'UTC');
  }));
  assert.equal(await page.evaluate(() => window.scrollY), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('id-prefix overrides the default prefix; id-prefix="" renders the ids as written', async () => {
  for (const [attribute, id] of [[' id-prefix="post-"', 'post-alert'], [' id-prefix=""', 'alert']]) {
    const { page, context, problems } = await clobberPage('', attribute);
    assert.equal(await page.getAttribute('ink-post h2:text-is("Alert box")', 'id'), id);
    assert.equal(await page.getAttribute('ink-post [id$="markdown-toc"] a:text-is("Alert box")', 'href'), `#${id}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('classes and remote-media attributes reach the renderer: no post class, no tracking pixel', async () => {
  for (const [attributes, expected] of [
    ['', { className: 'fixed-top', src: 'https://tracker.test/p.gif', loads: 1 }],
    [' classes="drop" remote-media="block"', { className: '', src: null, loads: 0 }],
    [' classes="prefix:post-" remote-media="cdn.test other.test"', { className: 'post-fixed-top', src: null, loads: 0 }],
  ]) {
    const { page, context, problems } = await openPage(browser);
    let loads = 0;
    await page.route('https://tracker.test/**', (route) => { loads += 1; return route.fulfill({ status: 204, body: '' }); });
    const url = await serveTestPage(page, { head: ELEMENT, body: `<ink-post src="/posts/__classy.md"${attributes}></ink-post>` });
    await page.route(`${server.url}/posts/__classy.md`, (route) => route.fulfill({
      contentType: 'text/markdown',
      body: '<a class="fixed-top" href="/x">x</a>\n\n<img src="https://tracker.test/p.gif" alt="p" loading="eager">\n',
    }));
    await page.goto(url);
    await page.waitForSelector('ink-post[data-state="ready"]');
    await page.waitForTimeout(200);
    const got = await page.evaluate(() => ({
      className: document.querySelector('ink-post .inkpost-body a').className,
      src: document.querySelector('ink-post .inkpost-body img').getAttribute('src'),
    }));
    assert.deepEqual({ ...got, loads }, expected, attributes);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
