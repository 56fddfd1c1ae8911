// The no-server reader (www/reader.html) in headless Chromium: list, filters, post view, 404, history.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, openPage, clobberPost, waitForTop, ROOT, OUT, assertNoClobbering } from './helpers.mjs';

const index = JSON.parse(readFileSync(path.join(ROOT, 'www/posts/index.json'), 'utf8'));
// A posts folder of file names a URL would misread (`%25`, `?`, `#`), and a
// post whose ids are names the page has; served with an index made on the fly.
const odd = mkdtempSync(path.join(os.tmpdir(), 'inkpost-reader-'));
const ODD_POSTS = {
  '2026-01-02-a%25b.md': 'Percent in the name',
  '2026-01-03-what?.md': 'A question in the name',
  '2026-01-04-c#sharp.md': 'A hash in the name',
  '2026-01-06-back\\slash.md': 'A backslash in the name',
};
for (const [file, title] of Object.entries(ODD_POSTS)) writeFileSync(path.join(odd, file), `---\ntitle: ${title}\n---\nThe body of ${file}.\n`);
writeFileSync(path.join(odd, '2026-01-05-named-like-the-page.md'), clobberPost());
let server, oddServer, browser;
before(async () => {
  server = await startServer();
  oddServer = await startServer({ posts: odd });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.stop();
  oddServer?.stop();
  rmSync(odd, { recursive: true, force: true });
});

test('lists the sample posts newest first, filters by tag, opens a post, goes back', async () => {
  const { page, context, problems } = await openPage(browser);
  await page.goto(`${server.url}/reader.html`);
  await page.waitForSelector('body[data-ready="true"]');
  const titles = await page.$$eval('.reader-item h2', (hs) => hs.map((h) => h.textContent));
  assert.deepEqual(titles, [
    'Latest: Maduro says Venezuela open to US talks on drug trafficking',
    'Tables, footnotes and task lists',
    'Code, highlighting and raw Liquid',
    'Images, figures and attribute lists',
    'Liquid in a post',
    'Headings, a table of contents and math',
  ]);
  assert.equal(titles.length, index.length);
  await page.screenshot({ path: path.join(OUT, 'reader-list.png'), fullPage: true });

  await page.click('.filters a:text-is("liquid")');
  await page.waitForURL(/#\/tag\/liquid$/);
  // The URL changes first; the list follows in the hashchange handler.
  await page.waitForSelector('h1:text-is("Tag: liquid")');
  assert.deepEqual(await page.$$eval('.reader-item h2', (hs) => hs.map((h) => h.textContent)), ['Code, highlighting and raw Liquid', 'Liquid in a post']);
  assert.equal(await page.title(), 'liquid · inkpost reader');

  await page.click('.reader-item h2 a:text-is("Liquid in a post")');
  await page.waitForSelector('article.inkpost h1');
  assert.equal(page.url(), `${server.url}/reader.html#/2025/08/08/liquid-in-a-post`);
  assert.equal(await page.textContent('article.inkpost h1'), 'Liquid in a post');
  assert.equal(await page.title(), 'Liquid in a post · inkpost reader');
  assert.equal(await page.textContent('.post-nav a[rel="prev"]'), '← Headings, a table of contents and math');
  assert.equal(await page.textContent('.post-nav a[rel="next"]'), 'Images, figures and attribute lists →');

  // A link in the post to another post stays in the reader.
  await page.click('article.inkpost a:text-is("tables and footnotes")');
  await page.waitForURL(/#\/2025\/11\/14\/tables-footnotes-and-tasks$/);
  await page.waitForSelector('article.inkpost h1:text-is("Tables, footnotes and task lists")');
  await page.screenshot({ path: path.join(OUT, 'reader-post.png') });

  await page.goBack();
  await page.waitForSelector('article.inkpost h1:text-is("Liquid in a post")');
  await page.goBack();
  await page.waitForURL(/#\/tag\/liquid$/);
  await page.waitForSelector('h1:text-is("Tag: liquid")');
  assert.equal(await page.$$eval('.reader-item', (l) => l.length), 2);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an unknown route shows a 404 view', async () => {
  const { page, context } = await openPage(browser);
  await page.goto(`${server.url}/reader.html#/1999/01/01/nothing-here`);
  await page.waitForSelector('.inkpost-error');
  assert.equal(await page.textContent('h1'), 'Not found');
  assert.equal(await page.textContent('.inkpost-error'), 'There is no post at #/1999/01/01/nothing-here.');
  assert.equal(await page.title(), 'Not found · inkpost reader');
  await context.close();
});

test('posts whose file names hold %, ? or # open from the list, and their routes load again', async () => {
  const { page, context, problems } = await openPage(browser);
  await page.goto(`${oddServer.url}/reader.html`);
  await page.waitForSelector('body[data-ready="true"]');
  const routes = [
    ['Percent in the name', '#/2026/01/02/a%2525b'],
    ['A question in the name', '#/2026/01/03/what%3F'],
    ['A hash in the name', '#/2026/01/04/c%23sharp'],
  ];
  for (const [title, hash] of routes) {
    await page.click(`.reader-item h2 a:text-is("${title}")`);
    await page.waitForSelector(`article.inkpost h1:text-is("${title}")`);
    assert.equal(new URL(page.url()).hash, hash);
    assert.match(await page.textContent('article.inkpost .inkpost-body'), /^The body of 2026-01-0\d-/);
    await page.click('a.back');
    await page.waitForSelector('h1:text-is("All posts")');
  }
  // The same routes typed into the address bar (a fresh load, not a click).
  for (const [title, hash] of routes) {
    await page.goto(`${oddServer.url}/reader.html${hash}`);
    await page.waitForSelector('body[data-ready="true"]');
    assert.equal(await page.textContent('article.inkpost h1'), title);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a file name with a backslash is indexed, served and fetched with it escaped', async () => {
  const { page, context, problems } = await openPage(browser);
  const requested = [];
  page.on('request', (r) => { if (r.url().includes('back')) requested.push(new URL(r.url()).pathname); });
  await page.goto(`${oddServer.url}/reader.html`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.click('.reader-item h2 a:text-is("A backslash in the name")');
  await page.waitForSelector('article.inkpost h1:text-is("A backslash in the name")');
  assert.deepEqual(requested, ['/posts/2026-01-06-back%5Cslash.md']);
  assert.match(await page.textContent('article.inkpost .inkpost-body'), /^The body of 2026-01-06-back\\slash\.md/);
  // Its route loads it again.
  const route = new URL(page.url()).hash;
  await page.goto(`${oddServer.url}/reader.html${route}`);
  await page.waitForSelector('article.inkpost h1:text-is("A backslash in the name")');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a malformed escape in the route is a 404 view, on load and on hashchange, with nothing thrown', async () => {
  const { page, context, problems } = await openPage(browser);
  await page.goto(`${server.url}/reader.html#/%`);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.textContent('h1'), 'Not found');
  assert.equal(await page.textContent('.inkpost-error'), 'There is no post at #/%.');
  for (const hash of ['#/2026/01/02/%E0%A4%A', '#/tag/%zz', '#/%/%']) {
    await page.evaluate((h) => { location.hash = h; }, hash);
    await page.waitForSelector(`.inkpost-error:text-is("There is no post at ${hash}.")`);
    assert.equal(await page.textContent('h1'), 'Not found');
  }
  // The reader still works afterwards.
  await page.evaluate(() => { location.hash = '#/'; });
  await page.waitForSelector('h1:text-is("All posts")');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a post\'s ids carry the prefix, and its fragment links scroll within the post without changing the route', async () => {
  const { page, context, problems } = await openPage(browser);
  await page.setViewportSize({ width: 900, height: 700 });
  const route = '#/2026/01/05/named-like-the-page';
  await page.goto(`${oddServer.url}/reader.html${route}`);
  await page.waitForSelector('article.inkpost h1:text-is("Named like the page")');
  await assertNoClobbering(assert, page, 'article.inkpost');

  await page.click('article.inkpost [id$="markdown-toc"] a:text-is("Alert box")');
  await waitForTop(page, '#user-content-alert');
  await page.screenshot({ path: path.join(OUT, 'reader-toc-click.png') });
  await page.click('article.inkpost a.footnote');
  await page.waitForFunction(() => {
    const box = document.getElementById('user-content-fn:n').getBoundingClientRect();
    return box.top >= 0 && box.bottom <= innerHeight && scrollY > 0;
  }, null, { timeout: 3000 });
  await page.click('article.inkpost a.reversefootnote');
  await waitForTop(page, '[id="user-content-fnref:n"]');
  // Still the same post, at the same route.
  assert.equal(new URL(page.url()).hash, route);
  assert.equal(await page.textContent('article.inkpost h1'), 'Named like the page');
  assert.deepEqual(problems, []);
  await context.close();
});
