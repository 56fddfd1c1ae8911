// The demo page (www/index.html) shows the sample post in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, openPage, OUT } from './helpers.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

test('index.html shows the sample post: title, date, author, category, hero image, body', async () => {
  const { page, context, problems } = await openPage(browser);
  await page.goto(`${server.url}/index.html`);
  await page.waitForSelector('article.inkpost .inkpost-body p');

  assert.equal(
    await page.textContent('h1.inkpost-title'),
    'Latest: Maduro says Venezuela open to US talks on drug trafficking',
  );
  assert.equal(await page.textContent('time.inkpost-date'), 'January 2, 2026');
  assert.equal(await page.getAttribute('time.inkpost-date', 'datetime'), '2026-01-02T02:34:11');
  assert.equal(await page.textContent('.inkpost-author'), 'badely');
  assert.deepEqual(await page.$$eval('.inkpost-categories li', (lis) => lis.map((li) => li.textContent)), ['News']);
  const first = await page.textContent('.inkpost-body p');
  assert.match(first, /^Let’s dive into the details: Venezuelan leader Nicolás Maduro said on Thursday he was open to talks/);
  assert.equal(await page.$$eval('.inkpost-body p', (ps) => ps.length), 16);
  const hero = await page.$eval('.inkpost-hero img', (img) => ({ w: img.naturalWidth, complete: img.complete }));
  assert.deepEqual(hero, { w: 1200, complete: true });
  assert.equal(await page.title(), 'Latest: Maduro says Venezuela open to US talks on drug trafficking · inkpost');

  await page.screenshot({ path: path.join(OUT, 'demo-index.png'), fullPage: false });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a hero image that fails to load is removed, leaving no broken image', async () => {
  const { page, context } = await openPage(browser);
  await page.goto(`${server.url}/index.html`);
  await page.waitForSelector('article.inkpost');
  const result = await page.evaluate(async () => {
    const view = await import('/inkpost-view.js');
    await view.load();
    const box = document.createElement('div');
    document.body.append(box);
    const rendered = view.renderPost('---\ntitle: T\nimage: /missing.jpg\n---\nBody', {});
    view.showRendered(box, rendered);
    const before = box.querySelectorAll('.inkpost-hero').length;
    await new Promise((r) => setTimeout(r, 500));
    return { before, after: box.querySelectorAll('.inkpost-hero img').length, title: box.querySelector('h1').textContent };
  });
  assert.deepEqual(result, { before: 1, after: 0, title: 'T' });
  await context.close();
});

test('front-matter values are shown as text, never parsed as HTML', async () => {
  const { page, context, problems } = await openPage(browser);
  await page.goto(`${server.url}/index.html`);
  await page.waitForSelector('article.inkpost');
  const result = await page.evaluate(async () => {
    const view = await import('/inkpost-view.js');
    const box = document.createElement('div');
    document.body.append(box);
    const post = '---\ntitle: "<img src=x onerror=alert(1)>"\nauthor: "<b>bold</b>"\ncategories: ["<i>x</i>"]\n---\nok';
    view.showRendered(box, view.renderPost(post, {}));
    await new Promise((r) => setTimeout(r, 200));
    return {
      title: box.querySelector('h1').textContent,
      author: box.querySelector('.inkpost-author').textContent,
      imgs: box.querySelectorAll('header img').length,
      bold: box.querySelectorAll('header b, header i').length,
    };
  });
  assert.deepEqual(result, { title: '<img src=x onerror=alert(1)>', author: '<b>bold</b>', imgs: 0, bold: 0 });
  assert.deepEqual(problems, []);
  await context.close();
});
