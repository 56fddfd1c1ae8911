// The no-server reader (www/reader.html) in headless Chromium: list, filters, post view, 404, history.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, openPage, ROOT, OUT } from './helpers.mjs';

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
