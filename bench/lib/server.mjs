// A small static server for the browser benchmarks, so that all three pages
// (inkpost and its peers) are served the same way:
//   /                   www/ (inkpost's pages, pkg/, posts/), or BENCH_WWW
//   /bench/pages/       bench/pages/ (the peers' pages, the throughput page)
//   /bench/lib/         bench/lib/
//   /bench/inputs/      bench/inputs/
//   /bench/bare/        bench/bare-pulldown/pkg/ (the bare pulldown-cmark wasm)
//   /vendor/NAME        the peers' dist files from node_modules (VENDOR below)
// Like a typical static host (GitHub Pages): gzip (level 9, made once) when the
// browser accepts it, ETag + Last-Modified with 304s, Cache-Control max-age=600.
// `isolate: true` adds COOP/COEP so pages are cross-origin isolated and
// performance.now() has 5 µs resolution instead of 100 µs.
import http from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { gzipSync, constants } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(BENCH, '..');
/**
 * inkpost's www/ (pages, pkg/, posts/). bench.sh sets BENCH_WWW to a copy taken
 * when the run starts, so every part of one run measures the same wasm build
 * even while someone rebuilds www/pkg.
 */
export const WWW = process.env.BENCH_WWW ? path.resolve(ROOT, process.env.BENCH_WWW) : path.join(ROOT, 'www');
/** Where results go: bench/results, or BENCH_RESULTS (bench.sh uses its own folder, so a run by hand does not mix in). */
export const RESULTS = process.env.BENCH_RESULTS ? path.resolve(ROOT, process.env.BENCH_RESULTS) : path.join(BENCH, 'results');
const NM = path.join(ROOT, 'node_modules');

/** The peers' browser files: what their pages download (and what the size table counts). */
export const VENDOR = {
  'marked.umd.js': 'marked/lib/marked.umd.js',
  'purify.min.js': 'dompurify/dist/purify.min.js',
  'js-yaml.umd.min.js': 'js-yaml/dist/browser/js-yaml.umd.min.js',
  'markdown-it.umd.min.js': 'markdown-it/dist/browser/markdown-it.umd.min.js',
  'markdown.es.js': 'markdown-wasm/dist/markdown.es.js',
  'markdown.wasm': 'markdown-wasm/dist/markdown.wasm',
};

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.md': 'text/markdown; charset=utf-8',
  '.markdown': 'text/markdown; charset=utf-8',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};
const COMPRESS = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.md', '.markdown', '.svg']);

function resolve(urlPath) {
  let p;
  try {
    p = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (p.includes('\0') || p.split('/').includes('..')) return null;
  // markdown-wasm's ES module fetches `markdown.wasm` relative to the page.
  if (p.startsWith('/bench/pages/') && p.endsWith('/markdown.wasm')) return path.join(NM, VENDOR['markdown.wasm']);
  if (p.startsWith('/vendor/')) {
    const file = VENDOR[p.slice('/vendor/'.length)];
    return file ? path.join(NM, file) : null;
  }
  const mounts = [
    ['/bench/pages/', path.join(BENCH, 'pages')],
    ['/bench/lib/', path.join(BENCH, 'lib')],
    ['/bench/inputs/', path.join(BENCH, 'inputs')],
    ['/bench/bare/', path.join(BENCH, 'bare-pulldown/pkg')],
    ['/', WWW],
  ];
  for (const [prefix, dir] of mounts) {
    if (p.startsWith(prefix)) {
      let file = path.join(dir, p.slice(prefix.length));
      if (p.endsWith('/')) file = path.join(file, 'index.html');
      return file;
    }
  }
  return null;
}

/** Starts the server on 127.0.0.1 and a free port; resolves to { url, close, requests }. */
export function startStaticServer({ isolate = false } = {}) {
  const cache = new Map(); // file -> { mtimeMs, body, gz, etag, lastModified }
  const stats = { requests: 0 };
  function load(file) {
    const st = statSync(file);
    if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
    let entry = cache.get(file);
    if (!entry || entry.mtimeMs !== st.mtimeMs || entry.size !== st.size) {
      const body = readFileSync(file);
      const ext = path.extname(file);
      entry = {
        mtimeMs: st.mtimeMs,
        size: st.size,
        body,
        gz: COMPRESS.has(ext) ? gzipSync(body, { level: constants.Z_BEST_COMPRESSION }) : null,
        etag: `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`,
        lastModified: st.mtime.toUTCString(),
        type: TYPES[ext] ?? 'application/octet-stream',
      };
      cache.set(file, entry);
    }
    return entry;
  }
  const server = http.createServer((req, res) => {
    stats.requests++;
    const url = new URL(req.url, 'http://x');
    const file = resolve(url.pathname);
    const headers = { 'x-content-type-options': 'nosniff', 'cache-control': 'public, max-age=600' };
    if (isolate) {
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'require-corp';
    }
    let entry;
    try {
      if (!file) throw Object.assign(new Error('bad path'), { code: 'ENOENT' });
      entry = load(file);
    } catch {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain', 'cache-control': 'no-cache' });
      res.end('not found');
      return;
    }
    headers['content-type'] = entry.type;
    headers.etag = entry.etag;
    headers['last-modified'] = entry.lastModified;
    headers.vary = 'accept-encoding';
    if (req.headers['if-none-match'] === entry.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    let body = entry.body;
    if (entry.gz && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      body = entry.gz;
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolvePromise) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolvePromise({
        url: `http://127.0.0.1:${port}`,
        stats,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

/**
 * Serves folders to one playwright page by request interception, then opens
 * it: `${origin}/NAME/...` is `roots[NAME]/...`; any other path is an empty
 * HTML page. For scripts that load builds from anywhere on disk
 * (bench/compare-chromium.mjs, bench/first-render.mjs).
 */
export async function openWithFolders(page, origin, roots) {
  await page.route(`${origin}/**`, (route) => {
    const [, name, ...rest] = new URL(route.request().url()).pathname.split('/');
    if (!Object.hasOwn(roots, name)) {
      return route.fulfill({ contentType: TYPES['.html'], body: '<!doctype html><title>bench</title>' });
    }
    const file = path.join(roots[name], ...rest);
    return route.fulfill({
      contentType: TYPES[path.extname(file)] ?? 'application/octet-stream',
      body: readFileSync(file),
    });
  });
  await page.goto(`${origin}/`);
}

// `node bench/lib/server.mjs` serves until stopped (to look at the pages by hand).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const s = await startStaticServer({ isolate: process.argv.includes('--isolate') });
  console.error(`serving at ${s.url}/`);
}
