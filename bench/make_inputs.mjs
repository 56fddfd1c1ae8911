// Writes the benchmark inputs to bench/inputs/ (deterministic: the same files every run).
//   post.md   the sample news post from www/posts (a real ~3 KB post with front matter)
//   spec.md   the CommonMark spec text (npm commonmark-spec; it carries its own front matter)
//   draft.md  a ~100 KB draft: front matter + varied Markdown (headings, lists, code,
//             tables, links, emphasis, blockquotes, footnotes)
//   mixed.md  ~1 MB of real-world Markdown with raw HTML and Liquid: the posts of
//             ../shared/corpus (front matter stripped), repeated, under one front matter
import { readFileSync, writeFileSync, mkdirSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { splitFrontMatter } from './lib/frontmatter.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, '..');
const OUT = path.join(BENCH, 'inputs');
const CORPUS = process.env.CORPUS ?? path.resolve(ROOT, '../shared/corpus/posts');
mkdirSync(OUT, { recursive: true });

const require = createRequire(import.meta.url);

// 1. The sample post.
const post = readFileSync(path.join(ROOT, 'www/posts/2026-01-02-latest-maduro-says-venezuela-open-to-us-talks.md'), 'utf8');

// 2. The CommonMark spec.
const spec = readFileSync(require.resolve('commonmark-spec/spec.txt'), 'utf8');

// 3. A generated draft, ~100 KB.
let seed = 42;
function rand() {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x80000000;
}
const pick = (a) => a[Math.floor(rand() * a.length)];
const WORDS = ('the a browser post renders text into safe HTML with front matter every paragraph ' +
  'sentence Jekyll site blog written people plain files markdown table list code block quote link ' +
  'image reader editor preview keystroke module wasm rust parser writer sanitizer attribute heading ' +
  'footnote emphasis strong inline release version update change issue fix measure time budget').split(' ');
function words(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    let w = pick(WORDS);
    const r = rand();
    if (r < 0.04) w = `*${w}*`;
    else if (r < 0.07) w = `**${w}**`;
    else if (r < 0.09) w = `\`${w}()\``;
    else if (r < 0.11) w = `[${w}](https://example.com/${pick(WORDS)}/${pick(WORDS)})`;
    else if (r < 0.12) w = `"${w}"`;
    else if (r < 0.13) w = `${w}'s`;
    out.push(w);
  }
  out[0] = out[0].replace(/^[a-z]/, (c) => c.toUpperCase());
  return out.join(' ');
}
const sentences = (n) => Array.from({ length: n }, () => words(6 + Math.floor(rand() * 14)) + '.').join(' ');

function draftBody(target) {
  const blocks = [];
  let size = 0;
  let section = 0;
  let footnote = 0;
  while (size < target) {
    let b;
    const r = rand();
    if (size === 0 || r < 0.08) b = `${'#'.repeat(2 + (section++ % 3))} ${words(3 + Math.floor(rand() * 5)).replace(/[*`[\]()]/g, '')}`;
    else if (r < 0.45) {
      b = sentences(2 + Math.floor(rand() * 4));
      if (rand() < 0.15) b += `[^${++footnote}]`;
    } else if (r < 0.58) {
      const ordered = rand() < 0.3;
      b = Array.from({ length: 3 + Math.floor(rand() * 5) }, (_, i) => {
        let item = `${ordered ? `${i + 1}.` : '-'} ${rand() < 0.15 ? '[ ] ' : ''}${words(4 + Math.floor(rand() * 10))}`;
        if (rand() < 0.2) item += `\n   ${ordered ? ' ' : ''}- ${words(5)}\n   ${ordered ? ' ' : ''}- ${words(4)}`;
        return item;
      }).join('\n');
    } else if (r < 0.68) {
      const lang = pick(['rust', 'js', 'sh', 'yaml', '']);
      b = '```' + lang + '\n' + Array.from({ length: 3 + Math.floor(rand() * 10) }, (_, i) =>
        `${'    '.repeat(i % 3)}let ${pick(WORDS)}_${i} = ${pick(WORDS)}(${Math.floor(rand() * 100)}); // ${pick(WORDS)} <${pick(WORDS)}> & co`).join('\n') + '\n```';
    } else if (r < 0.76) {
      const cols = 3 + Math.floor(rand() * 3);
      const row = () => '| ' + Array.from({ length: cols }, () => words(1 + Math.floor(rand() * 3))).join(' | ') + ' |';
      b = [row(), '|' + Array.from({ length: cols }, (_, i) => (i === 0 ? ':---' : '---:')).join('|') + '|',
        ...Array.from({ length: 3 + Math.floor(rand() * 6) }, row)].join('\n');
    } else if (r < 0.86) {
      b = sentences(1 + Math.floor(rand() * 3)).split('. ').map((s) => `> ${s}`).join('\n>\n');
      if (rand() < 0.3) b += `\n>\n> > ${words(8)}.`;
    } else if (r < 0.9) {
      b = '---';
    } else if (r < 0.95) {
      b = `![${pick(WORDS)} ${pick(WORDS)}](/assets/images/${pick(['figure', 'lighthouse', 'code-hero'])}.jpg "${words(3)}")\n${words(10)}.`;
    } else {
      b = `${pick(WORDS)}\n: ${words(8)}.\n\n${pick(WORDS)} ${pick(WORDS)}\n: ${words(6)}.`;
    }
    blocks.push(b);
    size += b.length + 2;
  }
  for (let i = 1; i <= footnote; i++) blocks.push(`[^${i}]: ${sentences(1)}`);
  return blocks.join('\n\n') + '\n';
}
const draft = `---
layout: post
title: "A long draft: notes on rendering posts in the browser"
date: 2026-01-20 09:30:00 +0100
categories: [engineering, web]
tags: [markdown, wasm, performance, jekyll]
author: A. Writer
excerpt_separator: <!--more-->
---

${draftBody(100 * 1024 - 400)}`;

// 4. ~1 MB of real posts, front matter stripped, repeated under one front matter.
function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.(md|markdown)$/.test(name)) out.push(p);
  }
  return out;
}
if (!existsSync(CORPUS)) throw new Error(`make_inputs: no corpus at ${CORPUS} (set CORPUS=…)`);
const bodies = walk(CORPUS).map((p) => splitFrontMatter(readFileSync(p, 'utf8').replace(/^\uFEFF/, '')).body.trim());
const MIXED_TARGET = 1024 * 1024;
const mixedHead = `---
layout: post
title: "Everything at once: a megabyte of real posts"
date: 2026-02-01 12:00:00 +0000
categories: [bench]
tags: [corpus, html]
---

`;
// Whole posts, in order, again from the first when the corpus runs out, up to 1 MiB.
const parts = [mixedHead];
let mixedBytes = Buffer.byteLength(mixedHead);
for (let i = 0; ; i = (i + 1) % bodies.length) {
  const part = bodies[i] + '\n\n* * *\n\n';
  const n = Buffer.byteLength(part);
  if (mixedBytes + n > MIXED_TARGET) break;
  parts.push(part);
  mixedBytes += n;
}
const mixed = parts.join('');

const files = { 'post.md': post, 'spec.md': spec, 'draft.md': draft, 'mixed.md': mixed };
for (const [name, text] of Object.entries(files)) {
  writeFileSync(path.join(OUT, name), text);
  console.log(`${name.padEnd(9)} ${String(Buffer.byteLength(text)).padStart(8)} bytes`);
}
writeFileSync(path.join(OUT, 'manifest.json'), JSON.stringify(
  Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Buffer.byteLength(v)])), null, 2));
