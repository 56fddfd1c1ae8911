// The wasm module's JS API (renderPost, renderInto) in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, openModulePage } from './helpers.mjs';

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

const render = (source, options) =>
  page.evaluate(([s, o]) => window.inkpost.renderPost(s, o), [source, options]);

test('renderPost returns a plain object with exactly the documented fields', async () => {
  const shape = await page.evaluate(() => {
    const r = window.inkpost.renderPost('---\ntitle: Hi\nextra: {a: 1}\n---\n# Head\n\ntext', {});
    const plain = (o) => Object.getPrototypeOf(o) === Object.prototype;
    return {
      keys: Object.keys(r).sort(),
      plain: plain(r) && plain(r.meta) && plain(r.stats) && plain(r.meta.extra),
      metaKeys: Object.keys(r.meta),
      toc: r.toc,
      stats: r.stats,
    };
  });
  assert.deepEqual(shape.keys, ['excerptHtml', 'html', 'meta', 'stats', 'toc', 'warnings']);
  assert.equal(shape.plain, true);
  assert.deepEqual(shape.metaKeys, [
    'title', 'date', 'slug', 'categories', 'tags', 'published', 'excerpt', 'image', 'imageUrl', 'author', 'layout', 'url', 'extra',
  ]);
  assert.deepEqual(shape.toc, [{ level: 1, id: 'head', text: 'Head' }]);
  assert.deepEqual(shape.stats, { words: 2, readingMinutes: 1 });
});

test('renderPostBlocks: renderPost\'s object plus blocks, each { line, html }, that together make its html', async () => {
  const got = await page.evaluate(() => {
    const source = '---\ntitle: Hi\n---\n# Head\n\nOne — “two” 𝄞.\n\n- a\n- b\n\n<div>raw</div>\n\n```\ncode\n```\n';
    const r = window.inkpost.renderPostBlocks(source, {});
    const { blocks, ...rest } = r;
    return {
      keys: Object.keys(r),
      sameAsRenderPost: JSON.stringify(rest) === JSON.stringify(window.inkpost.renderPost(source, {})),
      blockKeys: [...new Set(blocks.map((b) => Object.keys(b).join()))],
      plain: blocks.every((b) => Object.getPrototypeOf(b) === Object.prototype),
      blocks,
      joined: blocks.map((b) => b.html).join('') === r.html,
    };
  });
  assert.deepEqual(got.keys, ['meta', 'html', 'excerptHtml', 'toc', 'stats', 'warnings', 'blocks']);
  assert.equal(got.sameAsRenderPost, true);
  assert.deepEqual(got.blockKeys, ['line,html']);
  assert.equal(got.plain, true);
  // The astral 𝄞 is two UTF-16 units and four bytes: slices must count units.
  assert.deepEqual(got.blocks, [
    { line: 4, html: '<h1 id="head">Head</h1>\n' },
    { line: 6, html: '<p>One — “two” 𝄞.</p>\n' },
    { line: 8, html: '<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n' },
    { line: 11, html: '<div>raw</div>\n' },
    { line: 13, html: '<pre><code>code\n</code></pre>\n' },
  ]);
  assert.equal(got.joined, true);
});

test('PostPreview gives only the blocks that changed since its last render, and keeps it when a render throws', async () => {
  const got = await page.evaluate(() => {
    const preview = new window.inkpost.PostPreview();
    const first = preview.render('---\ntitle: Hi\n---\n# Head\n\nOne.\n\nTwo.\n\nThree.\n', {});
    // A word typed in "Two", and a block added above it: lines below move.
    const typed = preview.render('---\ntitle: Hi\n---\n# Head\n\nOne.\n\nTwo x.\n\nThree.\n', {});
    const added = preview.render('---\ntitle: Hi\n---\n# Head\n\nOne.\n\n- new\n\nTwo x.\n\nThree.\n', {});
    let error = null;
    try {
      preview.render('---\ntitle: Hi\n---\nToo long.\n', { maxInputBytes: 4 });
    } catch (e) {
      error = e.message;
    }
    const html = preview.html();
    const same = preview.render('---\ntitle: Hi\n---\n# Head\n\nOne.\n\n- new\n\nTwo x.\n\nThree.\n', {});
    const { from, removed, blocks, lines, ...rest } = typed;
    const post = window.inkpost.renderPost('---\ntitle: Hi\n---\n# Head\n\nOne.\n\nTwo x.\n\nThree.\n', {});
    delete post.html;
    delete post.excerptHtml;
    const unused = new window.inkpost.PostPreview();
    const empty = unused.html();
    unused.free();
    preview.free();
    return {
      keys: Object.keys(first),
      first: [first.from, first.removed, first.blocks, first.lines],
      typed: [from, removed, blocks, lines],
      restIsRenderPost: JSON.stringify(rest) === JSON.stringify(post),
      added: [added.from, added.removed, added.blocks, added.lines],
      error,
      html,
      same: [same.from, same.removed, same.blocks],
      empty,
    };
  });
  assert.deepEqual(got.keys, ['meta', 'toc', 'stats', 'warnings', 'lines', 'from', 'removed', 'blocks']);
  assert.deepEqual(got.first, [0, 0, [
    { line: 4, html: '<h1 id="head">Head</h1>\n' },
    { line: 6, html: '<p>One.</p>\n' },
    { line: 8, html: '<p>Two.</p>\n' },
    { line: 10, html: '<p>Three.</p>\n' },
  ], [4, 6, 8, 10]]);
  assert.deepEqual(got.typed, [2, 1, [{ line: 8, html: '<p>Two x.</p>\n' }], [4, 6, 8, 10]]);
  assert.equal(got.restIsRenderPost, true);
  assert.deepEqual(got.added, [2, 0, [{ line: 8, html: '<ul>\n<li>new</li>\n</ul>\n' }], [4, 6, 8, 10, 12]]);
  assert.match(got.error, /^inkpost: the post is \d+ bytes, more than maxInputBytes \(4\)/);
  assert.equal(got.html, '<h1 id="head">Head</h1>\n<p>One.</p>\n<ul>\n<li>new</li>\n</ul>\n<p>Two x.</p>\n<p>Three.</p>\n');
  assert.deepEqual(got.same, [5, 0, []]);
  assert.equal(got.empty, '');
});

test('PostPreview renders typing in a paragraph as renderPostBlocks renders the whole post', async () => {
  const got = await page.evaluate(async () => {
    const source = await (await fetch('/posts/2026-01-02-latest-maduro-says-venezuela-open-to-us-talks.md')).text();
    const options = { fileName: '2026-01-02-latest.md', baseUrl: 'https://example.com/' };
    const preview = new window.inkpost.PostPreview();
    let shown = preview.render(source, options).blocks.map((b) => b.html);
    // Type a word, an emphasis and a link into a paragraph past the excerpt, then delete the link's `)`.
    let text = source;
    let at = text.indexOf('. ', text.indexOf('\n\n', text.indexOf('\n\n', text.indexOf('---', 3)) + 2)) + 1;
    const steps = [...' word *em*', ' [a](b)'].map((c) => ['type', c]).concat([['delete', 1]]);
    const mismatches = [];
    const changed = [];
    for (const [kind, what] of steps) {
      text = kind === 'type' ? text.slice(0, at) + what + text.slice(at) : text.slice(0, at - what) + text.slice(at);
      at = kind === 'type' ? at + what.length : at - what;
      const r = preview.render(text, options);
      shown.splice(r.from, r.removed, ...r.blocks.map((b) => b.html));
      changed.push(r.removed + r.blocks.length);
      const whole = window.inkpost.renderPostBlocks(text, options);
      const { html, excerptHtml, blocks, ...rest } = whole;
      const { from, removed, blocks: added, lines, ...mine } = r;
      if (shown.join('') !== html || JSON.stringify(lines) !== JSON.stringify(blocks.map((b) => b.line))
        || JSON.stringify(mine) !== JSON.stringify(rest)) {
        mismatches.push(kind + JSON.stringify(what));
      }
    }
    preview.free();
    return { mismatches, changed, steps: steps.length, last: shown.join('').includes('word <em>em</em> [a](b') };
  });
  assert.deepEqual(got.mismatches, []);
  // Each step replaced one block with one, or none (a space typed at a line's end shows nothing).
  assert.deepEqual([...new Set(got.changed)].sort(), [0, 2]);
  assert.ok(got.changed.filter((n) => n === 2).length >= got.steps - 2, String(got.changed));
  assert.equal(got.last, true);
});

test('the result equals the CLI\'s --json for awkward front-matter values', async () => {
  const source = [
    '---',
    'title: "Quotes \\" and \\\\ back\\tslash, \\x01 control, \\u2028 separator, é, 😀"',
    'count: 12345678901234567',
    'ratio: -0.000001',
    'big: 1.5e300',
    'sexagesimal: 190:20:30.15',
    'exact: 0.1000000000000000055511151231257827',
    'floats: [0.1, 2.5, 1e21, 1.0e-7, 5e-324, 1.7976931348623157e308, 123456.789, -0.0, 3.0]',
    'nan: .nan',
    'inf: -.inf',
    'nested: {list: [1, 2.5, null, true, "x"], map: {"a\\nb": "c"}}',
    '__proto__: {polluted: true}',
    'constructor: x',
    '---',
    '# Head "one"',
    '',
    '<script>alert(1)</script> text {{ page.ratio }} {{ page.big }} {{ page.floats | join: " " }} {{ 2.5 | times: 3 }}',
    '{{ "3.75" | plus: 0.5 }} {{ " -0.125 " | abs }} {{ "1.5e3" | times: 2 }} {{ "7.25abc" | plus: 1 }} {{ 0.1 | plus: 0.2 }} {{ 1e3 | plus: 1 }}',
  ].join('\n');
  const cli = spawnSync('target/debug/inkpost', ['render', '-', '--json'], { input: source, encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  const expected = JSON.parse(cli.stdout);
  const got = await page.evaluate((s) => {
    const r = window.inkpost.renderPost(s, {});
    return {
      json: JSON.stringify(r),
      ownProto: Object.hasOwn(r.meta, '__proto__'),
      plain: Object.getPrototypeOf(r.meta) === Object.prototype,
      polluted: r.meta.polluted,
    };
  }, source);
  // Same keys in the same order, same values (site.time aside, which is now).
  assert.equal(got.json, JSON.stringify(expected));
  assert.equal(expected.meta.nan, null);
  assert.equal(expected.meta.title, 'Quotes " and \\ back\tslash, \x01 control, \u2028 separator, é, 😀');
  // `__proto__` is a key like any other: an own property, no new prototype.
  assert.deepEqual([got.ownProto, got.plain, got.polluted], [true, true, undefined]);
});

test('floats print the same in the wasm (digits from JavaScript) as in the CLI (Rust)', async () => {
  // Random doubles, and halfway cases (a quarter or a half above a large
  // integer), where JavaScript's shortest digits round to even and Rust's up.
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const view = new DataView(new ArrayBuffer(8));
  const floats = [];
  for (let i = 0; i < 600; i++) {
    view.setUint32(0, next() * 2 + (next() & 1));
    view.setUint32(4, next() * 2 + (next() & 1));
    const f = view.getFloat64(0);
    if (Number.isFinite(f)) floats.push(f);
    // Exact, but one digit longer than the shortest that reads back.
    floats.push(2 ** 49 + next() + 0.25, 2 ** 49 + next() + 0.75, 2 ** 50 + next() + 0.5);
  }
  // YAML reads a float only with a point: 1e21 prints as 1e+21 in JavaScript.
  const yaml = floats.map((f) => {
    const s = String(f).replace('e+', 'e');
    return s.includes('.') ? s : s.replace(/^(-?\d)/, '$1.0');
  });
  const source = `---\nfloats: [${yaml.join(', ')}]\n---\n{{ page.floats | join: " " }}\n`;
  const dir = mkdtempSync(path.join(tmpdir(), 'inkpost-floats-'));
  writeFileSync(path.join(dir, 'post.md'), source);
  const cli = spawnSync(path.resolve('target/debug/inkpost'), ['render', 'post.md'], { cwd: dir, encoding: 'utf8' });
  rmSync(dir, { recursive: true });
  assert.equal(cli.status, 0, cli.stderr);
  const got = await render(source, {});
  assert.equal(got.html, cli.stdout);
});

test('case mapping in the wasm (JavaScript\'s) equals the CLI\'s (Rust\'s)', async () => {
  const source = [
    '---',
    'title: ΟΔΟΣ Straße',
    'categories: [Ünïcode, ÜNÏCODE, ΣΟΦΙΑ]',
    'permalink: /:categories/:title/',
    '---',
    '# ΟΔΟΣ İstanbul Straße ǅ ﬃ',
    '',
    '{{ "ΟΔΟΣ straße ﬃ" | upcase }} {{ "ΟΔΟΣ ÉCOLE" | downcase }} {{ "élan ΟΔΟΣ" | capitalize }}',
    '{{ page.date | date: "%^a %^B" }}',
  ].join('\n');
  const options = { fileName: '_posts/2026-03-04-ÉTÉ-ΟΔΟΣ-İz.md' };
  const dir = mkdtempSync(path.join(tmpdir(), 'inkpost-case-'));
  mkdirSync(path.join(dir, '_posts'));
  writeFileSync(path.join(dir, options.fileName), source);
  const cli = spawnSync(path.resolve('target/debug/inkpost'), ['render', options.fileName, '--json'], {
    cwd: dir,
    encoding: 'utf8',
  });
  rmSync(dir, { recursive: true });
  assert.equal(cli.status, 0, cli.stderr);
  const expected = JSON.parse(cli.stdout);
  const got = await page.evaluate(([s, o]) => JSON.stringify(window.inkpost.renderPost(s, o)), [source, options]);
  assert.equal(got, JSON.stringify(expected));
  assert.match(expected.html, /ΟΔΟΣ STRASSE FFI οδος école Élan οδοσ/);
  assert.equal(expected.toc[0].id, 'οδοσ-i̇stanbul-straße-ǆ-ﬃ');
});

test('a post without its excerpt separator is its own excerpt; with it, the excerpt stops there', async () => {
  const whole = await render('---\nexcerpt_separator: <!--more-->\n---\none é\n\ntwo', {});
  assert.equal(whole.html, '<p>one é</p>\n<p>two</p>\n');
  assert.equal(whole.excerptHtml, whole.html);
  const cut = await render('---\nexcerpt_separator: <!--more-->\n---\none é\n<!--more-->\ntwo', {});
  assert.equal(cut.excerptHtml, '<p>one é</p>\n');
});

test('camelCase options: fileName gives date, slug and title; baseUrl resolves links', async () => {
  const r = await render('[a](b.html) ![i](img/x.png)', {
    fileName: '_posts/2017-2-5-i-dont-like-zeroes.md',
    baseUrl: 'https://ex.org/blog/post.html',
  });
  assert.equal(r.meta.title, 'I Dont Like Zeroes');
  assert.equal(r.meta.slug, 'i-dont-like-zeroes');
  assert.equal(r.meta.date, '2017-02-05T00:00:00');
  assert.equal(
    r.html,
    '<p><a href="https://ex.org/blog/b.html">a</a> <img src="https://ex.org/blog/img/x.png" loading="lazy" alt="i" /></p>\n',
  );
});

test('bad YAML is a warning with the line and column in the file; the body still renders', async () => {
  const r = await render('---\ntitle: ok\ntags: [a, b\n---\nStill **here**.\n');
  assert.equal(r.html, '<p>Still <strong>here</strong>.</p>\n');
  assert.equal(r.warnings.length, 1);
  assert.equal(r.warnings[0].kind, 'frontMatter');
  assert.deepEqual([r.warnings[0].line, r.warnings[0].column], [4, 1]);
});

test('the module sanitizes: script and handlers go, safe markup stays, each removal is a warning', async () => {
  const r = await render('<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>', {});
  assert.equal(r.html, '<p>x <img src="x" loading="lazy" /></p>\n');
  assert.deepEqual(
    r.warnings.map((w) => [w.kind, w.line, w.message]),
    [
      ['sanitized', 1, '<script> removed with its content'],
      ['sanitized', 3, 'link URL `javascript:alert(1)` uses a scheme that is not allowed; the link was removed and its text kept'],
      ['sanitized', 3, 'attribute `onerror` removed from <img>'],
    ],
  );
});

test('invalid options throw an Error with a message, and the module keeps working', async () => {
  const message = await page.evaluate(() => {
    try {
      window.inkpost.renderPost('x', { rawHtml: 'yes please' });
      return 'no error';
    } catch (e) {
      return `${e instanceof Error} ${e.message}`;
    }
  });
  assert.equal(message, 'true inkpost: invalid options: `rawHtml` must be "sanitize", "escape" or "drop", not "yes please"');
  const r = await render('still *works*', {});
  assert.equal(r.html, '<p>still <em>works</em></p>\n');
});

test('renderInto puts the HTML into an element and returns the metadata', async () => {
  const result = await page.evaluate(() => {
    const div = document.createElement('div');
    const r = window.inkpost.renderInto(div, '---\ntitle: Into\n---\nHello *there*', undefined);
    return { html: div.innerHTML, title: r.meta.title, excerptHtml: r.excerptHtml };
  });
  // A one-paragraph post is its own excerpt.
  const html = '<p>Hello <em>there</em></p>\n';
  assert.deepEqual(result, { html, title: 'Into', excerptHtml: html });
});

test('renderPostBytes decodes invalid UTF-8 with replacement characters and a warning with the byte offset', async () => {
  const r = await page.evaluate(() => {
    const bytes = new Uint8Array([...new TextEncoder().encode('---\ntitle: B\n---\nok '), 0xff, ...new TextEncoder().encode(' end')]);
    return window.inkpost.renderPostBytes(bytes, {});
  });
  assert.equal(r.meta.title, 'B');
  assert.equal(r.html, '<p>ok \uFFFD end</p>\n');
  assert.equal(r.excerptHtml, r.html);
  assert.deepEqual(r.warnings, [{
    kind: 'encoding', line: 4, column: 4,
    message: 'the file is not valid UTF-8: 1 invalid byte sequence (the first at byte offset 20) became U+FFFD',
  }]);
});

test('unpaired surrogates from JS become U+FFFD with a warning', async () => {
  const r = await render('line one\n\nab\uD800cd', {});
  assert.equal(r.html, '<p>line one</p>\n<p>ab\uFFFDcd</p>\n');
  assert.deepEqual(r.warnings.map((w) => [w.kind, w.line, w.column]), [['encoding', 3, 3]]);
  // A U+FFFD the text really holds is a character, not a repair: no warning.
  const genuine = await render('x \uFFFD y', {});
  assert.equal(genuine.html, '<p>x \uFFFD y</p>\n');
  assert.deepEqual(genuine.warnings, []);
  // The first lone surrogate is found past a genuine U+FFFD, and without
  // String.prototype.isWellFormed (browsers before 2023) too.
  const found = await page.evaluate(() => {
    const source = '\uFFFD\n\nab\uDC00';
    const withMethod = window.inkpost.renderPost(source, {}).warnings;
    const method = String.prototype.isWellFormed;
    delete String.prototype.isWellFormed;
    try {
      return [withMethod, window.inkpost.renderPost(source, {}).warnings];
    } finally {
      String.prototype.isWellFormed = method;
    }
  });
  for (const warnings of found) {
    assert.deepEqual(warnings.map((w) => [w.kind, w.line, w.column]), [['encoding', 3, 3]]);
  }
});

test('the text crosses into wasm once: one encodeInto, no call back into JS per character', async () => {
  // The text is encoded straight into wasm memory by one TextEncoder.encodeInto
  // call. wasm-bindgen's own glue copies an ASCII prefix with charCodeAt, one
  // call per code unit; reading the string back a unit per call (the slow
  // surrogate check) would add as many again.
  const counted = await page.evaluate(() => {
    const source = '---\ntitle: T\n---\n' + 'Some words, and more words.\n\n'.repeat(400) + 'déjà vu';
    const charCodeAt = String.prototype.charCodeAt;
    const encodeInto = TextEncoder.prototype.encodeInto;
    let calls = 0;
    const encoded = [];
    String.prototype.charCodeAt = function (i) {
      calls += 1;
      return charCodeAt.call(this, i);
    };
    TextEncoder.prototype.encodeInto = function (text, into) {
      const result = encodeInto.call(this, text, into);
      encoded.push([text === source, into.length >= text.length, result.written]);
      return result;
    };
    let html;
    try {
      html = window.inkpost.renderPost(source, {}).html;
    } finally {
      String.prototype.charCodeAt = charCodeAt;
      TextEncoder.prototype.encodeInto = encodeInto;
    }
    return { calls, encoded, bytes: new TextEncoder().encode(source).length, tail: html.slice(html.lastIndexOf('<p>Some')) };
  });
  assert.ok(counted.calls < 100, `${counted.calls} charCodeAt calls`);
  assert.deepEqual(counted.encoded, [[true, true, counted.bytes]]);
  assert.equal(counted.tail, '<p>Some words, and more words.</p>\n<p>déjà vu</p>\n');
});

test('a view that encodeInto cannot write (memory grown meanwhile) falls back to the slow copy', async () => {
  const r = await page.evaluate(() => {
    const source = '---\ntitle: Déjà\n---\nNicolás, 中文 and 😀.';
    const expected = window.inkpost.renderPost(source, {});
    const encodeInto = TextEncoder.prototype.encodeInto;
    let first = true;
    // What a detached view gives: nothing read, nothing written.
    TextEncoder.prototype.encodeInto = function (text, into) {
      if (first) {
        first = false;
        return { read: 0, written: 0 };
      }
      return encodeInto.call(this, text, into);
    };
    let got;
    try {
      got = window.inkpost.renderPost(source, {});
    } finally {
      TextEncoder.prototype.encodeInto = encodeInto;
    }
    return { first, same: JSON.stringify(got) === JSON.stringify(expected), html: got.html, title: got.meta.title };
  });
  assert.deepEqual(r, { first: false, same: true, html: '<p>Nicolás, 中文 and 😀.</p>\n', title: 'Déjà' });
});

test('site.time is now, in the format the CLI prints, and asked for only when Liquid runs', async () => {
  const r = await page.evaluate(() => {
    const before = Math.floor(Date.now() / 1000);
    const html = window.inkpost.renderPost('{{ site.time }}', {}).html;
    const after = Math.floor(Date.now() / 1000);
    const now = Date.now;
    let calls = 0;
    Date.now = function () {
      calls += 1;
      return now.call(Date);
    };
    try {
      window.inkpost.renderPost('---\ntitle: T\n---\nNo Liquid here.', {});
    } finally {
      Date.now = now;
    }
    const set = window.inkpost.renderPost('{{ site.time }}', { site: { time: 'then' } }).html;
    return { html, before, after, calls, set };
  });
  const m = /^<p>(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\+00:00<\/p>\n$/.exec(r.html);
  assert.ok(m, r.html);
  const seconds = Date.parse(`${m[1]}Z`) / 1000;
  assert.ok(r.before <= seconds && seconds <= r.after, `${r.before} ${seconds} ${r.after}`);
  assert.equal(r.calls, 0);
  assert.equal(r.set, '<p>then</p>\n');
});

test('limits and bad option values are Errors with a message', async () => {
  const messages = await page.evaluate(() => {
    const attempt = (source, options) => {
      try {
        window.inkpost.renderPost(source, options);
        return 'rendered';
      } catch (e) {
        return e.message;
      }
    };
    return [
      attempt('x'.repeat(50), { maxInputBytes: 10 }),
      attempt('>'.repeat(300) + ' deep', {}),
      attempt('x', { baseUrl: 'not a url' }),
      attempt('x', { site: { timezone: 'Mars/Olympus' } }),
      attempt('x', { maxNesting: 'deep' }),
    ];
  });
  assert.deepEqual(messages.slice(0, 3), [
    'inkpost: the post is 50 bytes, more than maxInputBytes (10); raise the limit to render it',
    'inkpost: the post nests blocks 301 deep, more than maxNesting (128); raise the limit to render it',
    'inkpost: invalid option baseUrl: `not a url` is not an http(s) URL or a path',
  ]);
  assert.match(messages[3], /^inkpost: invalid option site\.timezone: `Mars\/Olympus` is not a zone inkpost knows/);
  assert.equal(messages[4], 'inkpost: invalid options: `maxNesting` must be a whole number');
});

test('classes: "drop" keeps a post from laying its link over a page with utility classes', async () => {
  // A host page whose stylesheet has Bootstrap's `fixed-top`-like utility.
  const hit = (options) => page.evaluate(([o]) => {
    // (A constructed sheet: the page's CSP allows no inline <style>.)
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('.fixed-top { position: fixed; inset: 0; z-index: 1000; }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    const box = document.createElement('div');
    document.body.append(box);
    window.inkpost.renderInto(box, '<a class="fixed-top" href="https://example.org/">x</a>', o);
    const under = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
    const result = { overlaid: box.contains(under), className: box.querySelector('a')?.className ?? null };
    box.remove();
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    return result;
  }, [options]);
  assert.deepEqual(await hit({}), { overlaid: true, className: 'fixed-top' });
  assert.deepEqual(await hit({ classes: 'drop' }), { overlaid: false, className: '' });
  assert.deepEqual(await hit({ classes: 'prefix:post-' }), { overlaid: false, className: 'post-fixed-top' });
});

test('a front-matter url or imageUrl never reaches meta: the computed, checked ones do', async () => {
  const meta = await page.evaluate(() => window.inkpost.renderPost(
    '---\nurl: "javascript:alert(1)"\nimageUrl: "javascript:alert(2)"\nimage: /hero.png\n---\nx\n',
    { fileName: '_posts/2026-01-02-a.md' },
  ).meta);
  assert.equal(meta.url, '/2026/01/02/a.html');
  assert.equal(meta.imageUrl, '/hero.png');
});

test('remoteMedia: "block" keeps a post from loading a tracking pixel; the default loads it', async () => {
  const seen = [];
  await page.route('https://tracker.test/**', (route) => {
    seen.push(route.request().url());
    return route.fulfill({ status: 204, body: '' });
  });
  const show = (options) => page.evaluate(async ([o]) => {
    const box = document.createElement('div');
    document.body.append(box);
    const r = window.inkpost.renderInto(
      box,
      '![pixel](https://tracker.test/p.gif)\n\n<img src="https://tracker.test/q.gif" alt="q" loading="eager">\n',
      { lazyImages: false, ...o },
    );
    await new Promise((done) => setTimeout(done, 300));
    box.remove();
    return r.warnings.map((w) => w.message);
  }, [options]);
  const blocked = await show({ remoteMedia: 'block' });
  assert.deepEqual(seen, []);
  assert.equal(blocked.length, 2);
  assert.deepEqual(await show({ remoteMedia: ['cdn.test'] }), blocked);
  assert.deepEqual(seen, []);
  await show({});
  assert.deepEqual(seen.sort(), ['https://tracker.test/p.gif', 'https://tracker.test/q.gif']);
  await page.unroute('https://tracker.test/**');
});
