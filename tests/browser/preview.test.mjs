// The live preview (www/preview.html) in headless Chromium: typing, errors, warnings, scroll sync, draft.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, openPage, clobberPost, waitForTop, OUT, assertNoClobbering } from './helpers.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

async function openPreview() {
  const opened = await openPage(browser);
  await opened.page.goto(`${server.url}/preview.html`);
  await opened.page.waitForSelector('body[data-ready="true"]');
  return opened;
}

async function setSource(page, text) {
  await page.fill('#editor', text);
  await page.waitForTimeout(50);
}

test('typing updates the preview and the sample loads first', async () => {
  const { page, context, problems } = await openPreview();
  assert.equal(await page.textContent('#preview h1.inkpost-title'), 'Latest: Maduro says Venezuela open to US talks on drug trafficking');
  const before = await page.$$eval('#preview .inkpost-body > *', (els) => els.map((el, i) => (el.dataset.keep = String(i))).length);
  assert.equal(before, 16);
  await page.click('#editor');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n\n## Added while typing\n\nA *new* paragraph.');
  await page.waitForSelector('#preview h2#user-content-added-while-typing');
  await page.waitForFunction(() => document.querySelector('#preview .inkpost-body p:last-child')?.innerHTML === 'A <em>new</em> paragraph.');
  // Only the new blocks were added: the 16 paragraphs already shown are the same elements.
  assert.equal(await page.$$eval('#preview .inkpost-body > [data-keep]', (els) => els.length), 16);
  assert.equal(await page.$$eval('#preview .inkpost-body > *', (els) => els.length), 18);
  assert.match(await page.textContent('#timing'), /rendered in \d+(\.\d)? ms/);
  await page.screenshot({ path: path.join(OUT, 'preview.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a front-matter error shows inline with line and column, keeps the last good header, and clears', async () => {
  const { page, context } = await openPreview();
  await setSource(page, '---\ntitle: Good title\n---\nBody text.\n');
  assert.equal(await page.textContent('#preview h1'), 'Good title');
  assert.equal(await page.isHidden('#fm-error'), true);
  await setSource(page, '---\ntitle: Good title\ntags: [broken\n---\nBody text still shows.\n');
  await page.waitForSelector('#fm-error:not([hidden])');
  assert.match(await page.textContent('#fm-error'), /^Front matter, line 4, column 1: front matter is not valid YAML \(/);
  assert.equal(await page.textContent('#preview h1'), 'Good title');
  assert.equal(await page.textContent('#preview .inkpost-body p'), 'Body text still shows.');
  await page.screenshot({ path: path.join(OUT, 'preview-error.png') });
  await setSource(page, '---\ntitle: Fixed title\ntags: [fixed]\n---\nBody.\n');
  await page.waitForSelector('#fm-error[hidden]', { state: 'attached' });
  assert.equal(await page.textContent('#preview h1'), 'Fixed title');
  await context.close();
});

test('warnings for removed markup and Liquid placeholders are listed under the preview', async () => {
  const { page, context } = await openPreview();
  await setSource(page, 'Hi\n\n<script>alert(1)</script>\n\n{% include x.html %}\n');
  await page.waitForSelector('#warnings-box:not([hidden])');
  assert.equal(await page.textContent('#warnings-summary'), '2 warnings');
  assert.deepEqual(await page.$$eval('#warnings li', (l) => l.map((x) => x.textContent)), [
    'sanitizedline 3, column 1: <script> removed with its content',
    "liquidline 5, column 1: Liquid `include x.html` needs the site's _includes, which only a Jekyll build has; a placeholder is shown instead",
  ]);
  await context.close();
});

test('the preview follows the caret to the block of the caret\'s line', async () => {
  const { page, context } = await openPreview();
  const lines = ['---', 'title: Long', '---', ''];
  for (let i = 1; i <= 80; i++) lines.push(`Paragraph number ${i} with enough words to take some room.`, '');
  await setSource(page, lines.join('\n'));
  // Put the caret on paragraph 60 (line 4 + 2*60 - 1 = 123).
  await page.evaluate(() => {
    const ed = document.getElementById('editor');
    const at = ed.value.indexOf('Paragraph number 60 ');
    ed.focus();
    ed.setSelectionRange(at, at);
    ed.dispatchEvent(new KeyboardEvent('keyup'));
  });
  const synced = await page.$eval('#preview .synced', (el) => {
    const pane = document.getElementById('preview-pane').getBoundingClientRect();
    const box = el.getBoundingClientRect();
    return { line: el.dataset.line, text: el.textContent.slice(0, 20), visible: box.top >= pane.top && box.bottom <= pane.bottom };
  });
  assert.deepEqual(synced, { line: '123', text: 'Paragraph number 60 ', visible: true });
  await context.close();
});

test('the draft is kept across reloads', async () => {
  const { page, context } = await openPreview();
  await setSource(page, '---\ntitle: Kept draft\n---\nStill here.\n');
  await page.waitForTimeout(400);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.inputValue('#editor'), '---\ntitle: Kept draft\n---\nStill here.\n');
  assert.equal(await page.textContent('#preview h1'), 'Kept draft');
  await context.close();
});

test('the preview\'s ids carry the prefix; #name in the page URL and the post\'s fragment links scroll the preview', async () => {
  const { page, context, problems } = await openPage(browser);
  await page.addInitScript((draft) => {
    localStorage.setItem('inkpost-draft', draft);
    localStorage.setItem('inkpost-draft-name', 'draft.md');
  }, clobberPost());
  // The unprefixed name, as the author would link to it on the Jekyll site.
  await page.goto(`${server.url}/preview.html#alert`);
  await page.waitForSelector('body[data-ready="true"]');
  await waitForTop(page, '#user-content-alert', '#preview-pane');
  await assertNoClobbering(assert, page, '#preview');

  await page.click('#preview [id$="markdown-toc"] a:text-is("config")');
  await waitForTop(page, '#user-content-config', '#preview-pane');
  await page.click('#preview a.footnote');
  await page.waitForFunction(() => {
    const pane = document.getElementById('preview-pane').getBoundingClientRect();
    const box = document.getElementById('user-content-fn:n').getBoundingClientRect();
    return box.top >= pane.top && box.bottom <= pane.bottom;
  }, null, { timeout: 3000 });
  await page.click('#preview a.reversefootnote');
  await waitForTop(page, '[id="user-content-fnref:n"]', '#preview-pane');
  assert.deepEqual(problems, []);
  await context.close();
});
