// Checks tests/specs against Jekyll itself: each NAME.md through Jekyll's
// Markdown converter (../shared/tools/jekyll-markdown.rb: kramdown, GFM
// input, Rouge) and through inkpost (target/debug/inkpost), both normalised
// for what no reader sees, then compared; and inkpost's body against the
// committed NAME.html. Needs Debian's jekyll (`apt-get install jekyll`).
//
//   node scripts/spec-oracle.mjs [DIR]      (default tests/specs)
//
// Normalisation: white space between tags, attribute order, HTML comments
// (kramdown writes {::comment} as one), and what inkpost adds on purpose
// (loading="lazy" on images, rel on external links).
// Rouge's highlighting spans are left out until inkpost highlights (#24).
import { readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const dir = process.argv[2] ?? 'tests/specs';
const tool = path.resolve('../shared/tools/jekyll-markdown.rb');

function normalise(html) {
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<span class="[a-z0-9]+">([^<]*)<\/span>/g, '$1')
    .replace(/ (loading="lazy"|rel="noopener noreferrer")/g, '')
    .replace(/<([a-z0-9]+)((?: [a-z:-]+(?:="[^"]*")?)+)( ?\/?)>/g, (_, name, attrs, end) =>
      `<${name}${attrs.match(/ [a-z:-]+(?:="[^"]*")?/g).sort().join('')}${end}>`)
    .replace(/>\s+</g, '><')
    .replace(/\s+/g, ' ')
    .trim();
}

let bad = 0;
const names = readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)).sort();
for (const name of names) {
  const source = readFileSync(path.join(dir, `${name}.md`), 'utf8');
  const jekyll = spawnSync('ruby', [tool, '-'], { input: source, encoding: 'utf8' });
  const ink = spawnSync('target/debug/inkpost', ['render', '-'], { input: source, encoding: 'utf8' });
  if (jekyll.status !== 0 || ink.status !== 0) {
    console.log(`${name}: a tool failed\n${jekyll.stderr}${ink.stderr}`);
    bad++;
    continue;
  }
  const committed = readFileSync(path.join(dir, `${name}.html`), 'utf8');
  const [want, got] = [normalise(jekyll.stdout), normalise(ink.stdout)];
  if (want !== got || ink.stdout !== committed) {
    bad++;
    console.log(`${name}: ${want !== got ? 'differs from Jekyll' : 'differs from the committed .html'}\n  jekyll:  ${want}\n  inkpost: ${got}`);
  } else {
    console.log(`${name}: agrees with Jekyll`);
  }
}
console.log(`${names.length - bad} of ${names.length} specs agree with Jekyll and with their .html`);
process.exit(bad ? 1 : 0);
