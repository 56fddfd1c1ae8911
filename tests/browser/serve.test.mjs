// `inkpost serve` on a temporary Jekyll _posts folder: index on the fly, MIME types, no path traversal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, openPage, ROOT } from './helpers.mjs';

const site = mkdtempSync(path.join(os.tmpdir(), 'inkpost-site-'));
const posts = path.join(site, '_posts');
mkdirSync(posts);
writeFileSync(path.join(posts, '2024-05-06-first.md'), '---\ntitle: First post\ntags: [one]\n---\nHello from a _posts folder.\n');
writeFileSync(path.join(posts, '2024-05-07-draft.md'), '---\ntitle: Not yet\npublished: false\n---\nHidden.\n');
writeFileSync(path.join(site, 'secret.txt'), 'outside the roots');

let server;
before(async () => {
  server = await startServer({ posts });
});
after(() => server?.stop());

/** A raw GET that keeps the path as written (fetch would normalize `..`). */
function get(pathname, base = server.url) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    http.get({ hostname, port, path: pathname }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], headers: res.headers, body }));
    }).on('error', reject);
  });
}

test('the index of a _posts folder is made on the fly, unpublished posts left out', async () => {
  const res = await get('/posts/index.json');
  assert.equal(res.status, 200);
  assert.equal(res.type, 'application/json; charset=utf-8');
  const entries = JSON.parse(res.body);
  assert.deepEqual(entries.map((e) => [e.file, e.title, e.url]), [['2024-05-06-first.md', 'First post', '/2024/05/06/first.html']]);
});

test('files are served with their MIME types', async () => {
  assert.equal((await get('/posts/2024-05-06-first.md')).type, 'text/markdown; charset=utf-8');
  assert.equal((await get('/pkg/inkpost_bg.wasm')).type, 'application/wasm');
  assert.equal((await get('/ink-post.js')).type, 'text/javascript; charset=utf-8');
  assert.equal((await get('/')).type, 'text/html; charset=utf-8');
  assert.equal((await get('/nope.html')).status, 404);
});

test('paths that leave the served folders are refused', async () => {
  for (const p of ['/../Cargo.toml', '/posts/../secret.txt', '/posts/../../etc/passwd', '/posts/%2e%2e/secret.txt', '/%2e%2e/%2e%2e/etc/passwd', '/posts/..%2fsecret.txt']) {
    const res = await get(p);
    assert.ok(res.status === 403 || res.status === 404, `${p} gave ${res.status}`);
    assert.doesNotMatch(res.body, /outside the roots|root:/, p);
  }
});

test('the reader shows the folder\'s posts', async () => {
  const browser = await launchBrowser();
  const { page, context } = await openPage(browser);
  await page.goto(`${server.url}/reader.html`);
  await page.waitForSelector('body[data-ready="true"]');
  assert.deepEqual(await page.$$eval('.reader-item h2', (hs) => hs.map((h) => h.textContent)), ['First post']);
  await context.close();
  await browser.close();
});

test('a _posts folder inside a site: its folders above _posts are categories, in the index and in the reader', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'inkpost-site-root-'));
  writeFileSync(path.join(root, '_config.yml'), 'title: A site\n');
  const news = path.join(root, 'news', '_posts');
  mkdirSync(news, { recursive: true });
  writeFileSync(path.join(news, '2024-05-08-second.md'), '---\ntitle: Second post\n---\nFrom news.\n');
  const inSite = await startServer({ posts: news });
  const browser = await launchBrowser();
  try {
    const entries = await (await fetch(`${inSite.url}/posts/index.json`)).json();
    assert.deepEqual(
      entries.map((e) => [e.file, e.path, e.categories, e.url]),
      [['2024-05-08-second.md', 'news/_posts/2024-05-08-second.md', ['news'], '/news/2024/05/08/second.html']],
    );
    const { page, context } = await openPage(browser);
    await page.goto(`${inSite.url}/reader.html#/2024/05/08/second`);
    await page.waitForSelector('article.inkpost h1:text-is("Second post")');
    // The post renders as its path in the site, as the index did.
    assert.equal(await page.textContent('.inkpost-categories li'), 'news');
    await context.close();
  } finally {
    await browser.close();
    inSite.stop();
  }
});

test('inkpost\'s pages carry a Content-Security-Policy they work under', async () => {
  // The sample posts: the demo page embeds one of them; the table's aligned
  // cells have style attributes, the figures images.
  const samples = await startServer();
  const browser = await launchBrowser();
  try {
    const policy = (await get('/index.html', samples.url)).headers['content-security-policy'];
    assert.match(policy ?? '', /^default-src 'self'; script-src 'self' 'wasm-unsafe-eval' /);
    // Each inline script of the pages is allowed by its hash: one edited
    // without updating PAGE_CSP in serve.rs fails here, by name.
    for (const name of ['index.html', 'reader.html', 'preview.html']) {
      const html = readFileSync(path.join(ROOT, 'www', name), 'utf8');
      for (const [, script] of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
        const hash = `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
        assert.ok(policy.includes(hash), `${name}'s inline script needs ${hash} in PAGE_CSP (cli/src/serve.rs)`);
      }
    }
    for (const [name, shown] of [
      ['index.html', 'article.inkpost .inkpost-body p'],
      ['reader.html#/2025/11/14/tables-footnotes-and-tasks', 'article.inkpost td[style]'],
      ['reader.html#/2025/09/20/images-and-figures', 'article.inkpost h1'],
      ['preview.html', '#preview .inkpost-body p'],
    ]) {
      const { page, context, problems } = await openPage(browser);
      await page.addInitScript(() => {
        window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      const response = await page.goto(`${samples.url}/${name}`);
      assert.equal(response.headers()['content-security-policy'], policy, name);
      await page.waitForSelector(shown);
      // Images load (or fail) after the text is shown.
      await page.waitForLoadState('load');
      assert.deepEqual(await page.evaluate(() => window.cspViolations), [], name);
      assert.deepEqual(problems, [], name);
      await context.close();
    }
  } finally {
    await browser.close();
    samples.stop();
  }
});

test('a port that is taken is a clear error', () => {
  const port = new URL(server.url).port;
  const run = spawnSync(path.join(ROOT, 'target/debug/inkpost'), ['serve', posts, '--www', 'www', '--port', port], { cwd: ROOT, encoding: 'utf8', timeout: 5000 });
  assert.equal(run.status, 2);
  assert.equal(run.stderr, `inkpost: cannot listen on 127.0.0.1:${port}: the port is already in use (try --port ${Number(port) + 1})\n`);
});
