// The npm package made by `make package`: fields, files, and the module working in Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../pkg');
const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));

test('package.json names the module, its types, the element and the licence', () => {
  assert.equal(pkg.name, 'inkpost');
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.license, 'MIT');
  assert.equal(pkg.main ?? pkg.module, 'inkpost.js');
  assert.equal(pkg.types, 'inkpost.d.ts');
  assert.deepEqual(pkg.exports['./ink-post'], { types: './ink-post.d.ts', default: './ink-post.js' });
  for (const file of pkg.files) assert.ok(existsSync(path.join(pkgDir, file)), `${file} is listed but missing`);
  for (const file of ['inkpost_bg.wasm', 'inkpost.js', 'inkpost.d.ts', 'ink-post.js', 'inkpost.css']) {
    assert.ok(pkg.files.includes(file), `${file} is not in files`);
  }
  assert.match(readFileSync(path.join(pkgDir, 'inkpost-view.js'), 'utf8'), /from '\.\/inkpost\.js'/);
});

test('the packaged module renders a post in Node', async () => {
  const mod = await import(path.join(pkgDir, 'inkpost.js'));
  mod.initSync({ module: readFileSync(path.join(pkgDir, 'inkpost_bg.wasm')) });
  const out = mod.renderPost('---\ntitle: From npm\n---\nHello <script>x</script>*world*', { fileName: '2026-01-02-npm.md' });
  assert.equal(out.meta.title, 'From npm');
  assert.equal(out.meta.date, '2026-01-02T00:00:00');
  assert.equal(out.html, '<p>Hello <em>world</em></p>\n');
  assert.throws(() => mod.renderPost('x', { nope: 1 }), /inkpost: invalid options: unknown field `nope`, expected one of `fileName`/);
});
