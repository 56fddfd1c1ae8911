// Makes the npm package in pkg/: wasm-pack's build (www/pkg, with package.json)
// plus the <ink-post> element, its view helpers, stylesheet and types, with the
// element's imports pointed at the package's own module.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const from = path.join(root, 'www/pkg');
const to = path.join(root, 'pkg');
rmSync(to, { recursive: true, force: true });
mkdirSync(to);
cpSync(from, to, { recursive: true });

const element = ['ink-post.js', 'ink-post.d.ts', 'inkpost-view.js', 'inkpost-view.d.ts', 'inkpost.css'];
for (const file of element) {
  const text = readFileSync(path.join(root, 'www', file), 'utf8').replaceAll("'./pkg/inkpost.js'", "'./inkpost.js'").replaceAll("'./pkg/inkpost_bg.wasm'", "'./inkpost_bg.wasm'");
  writeFileSync(path.join(to, file), text);
}

const pkg = JSON.parse(readFileSync(path.join(to, 'package.json'), 'utf8'));
pkg.files = [...new Set([...(pkg.files ?? []), ...element])];
pkg.exports = {
  '.': { types: './inkpost.d.ts', default: './inkpost.js' },
  './ink-post': { types: './ink-post.d.ts', default: './ink-post.js' },
  './ink-post.js': { types: './ink-post.d.ts', default: './ink-post.js' },
  './view': { types: './inkpost-view.d.ts', default: './inkpost-view.js' },
  './inkpost.css': './inkpost.css',
  './inkpost_bg.wasm': './inkpost_bg.wasm',
};
pkg.sideEffects = ['./ink-post.js', './inkpost.js', './snippets/*'];
writeFileSync(path.join(to, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
console.log(`package: ${pkg.name}@${pkg.version} in pkg/ (${pkg.files.length} files)`);
