// The live preview: a textarea and the rendered post side by side. A keystroke
// after a pause renders at once; a burst (key repeat, paste) renders once per
// animation frame. Only the blocks that changed are replaced in the page, so
// the browser lays out only those, and the preview follows the caret. The
// wasm side (PostPreview) keeps the last render and says which blocks changed:
// only their HTML crosses into JS.
import { load, PostPreview, renderHeader, ID_PREFIX, fragmentTarget } from './inkpost-view.js';

const SAMPLE = 'posts/2026-01-02-latest-maduro-says-venezuela-open-to-us-talks.md';
const DRAFT_KEY = 'inkpost-draft';
const NAME_KEY = 'inkpost-draft-name';
// The post's ids carry a prefix, so a heading named `editor` or `preview`
// cannot shadow the page's own ids (or names on window); its fragment links
// are written to match.
const OPTIONS = { baseUrl: location.href, idPrefix: ID_PREFIX };

const editor = document.getElementById('editor');
const pane = document.getElementById('preview-pane');
const preview = document.getElementById('preview');
const fmError = document.getElementById('fm-error');
const warningsBox = document.getElementById('warnings-box');
const warningsSummary = document.getElementById('warnings-summary');
const warningsList = document.getElementById('warnings');
const timing = document.getElementById('timing');
const fileLabel = document.getElementById('file-name');

let fileName = localStorage.getItem(NAME_KEY) || 'draft.md';
let lastGoodMeta = null;
let lastHeaderKey = '';
let lastWarningsKey = '';
let frame = 0;
let lastRenderAt = -Infinity;
let saveTimer = 0;
let syncedLine = 0;
// The renderer (made once the module has loaded), and what the page shows: how
// many blocks (-1 when they are not one element each), and the source line
// each starts on.
let previewer = null;
let shownCount = 0;
let shownLines = [];
let article = null;
let body = null;

async function sample() {
  const response = await fetch(SAMPLE);
  fileName = SAMPLE.split('/').pop();
  return response.ok ? response.text() : '---\ntitle: A new post\n---\n\nWrite here.\n';
}

function schedule() {
  if (frame) return;
  // Idle since the last frame: answer this keystroke now.
  if (performance.now() - lastRenderAt > 16) return render();
  frame = requestAnimationFrame(() => {
    frame = 0;
    render();
  });
}

/**
 * Replaces the blocks that changed. A block is one element, except raw HTML,
 * which may make several (or none), or take the blocks after it in; then the
 * page is laid out again from the whole HTML.
 */
function update({ from, removed, blocks, lines }) {
  const kids = body.children;
  const template = document.createElement('template');
  let fresh = null;
  if (kids.length === shownCount) {
    template.innerHTML = blocks.map((b) => b.html).join('');
    if (template.content.children.length === blocks.length) fresh = template.content;
  }
  if (fresh) {
    const before = kids[from + removed] ?? null;
    for (let i = from + removed - 1; i >= from; i--) kids[i].remove();
    body.insertBefore(fresh, before);
  } else {
    template.innerHTML = previewer.html();
    body.replaceChildren(template.content);
  }
  shownLines = lines;
  shownCount = body.children.length === lines.length ? lines.length : -1;
}

function render() {
  const started = performance.now();
  lastRenderAt = started;
  const source = editor.value;
  const rendered = previewer.render(source, { ...OPTIONS, fileName });
  const fmProblem = rendered.warnings.find((w) => w.kind === 'frontMatter');
  // A front matter that does not parse keeps the last good header on screen.
  const meta = fmProblem && lastGoodMeta ? lastGoodMeta : rendered.meta;
  if (!fmProblem) lastGoodMeta = rendered.meta;

  if (!article) {
    article = document.createElement('article');
    article.className = 'inkpost';
    body = document.createElement('div');
    body.className = 'inkpost-body';
    article.append(document.createElement('header'), body);
    preview.append(article);
  }
  const headerKey = JSON.stringify(meta);
  if (headerKey !== lastHeaderKey) {
    article.firstElementChild.replaceWith(renderHeader(meta));
    lastHeaderKey = headerKey;
  }
  // No layout reads here: reading one would force the browser to lay out the
  // editor's whole text (tens of ms for a 100 KB draft) inside this handler.
  // Replacing blocks in the middle keeps the scroll position (scroll anchoring).
  update(rendered);

  if (fmProblem) {
    fmError.textContent = `Front matter, line ${fmProblem.line}, column ${fmProblem.column}: ${fmProblem.message}`;
    fmError.hidden = false;
  } else if (!fmError.hidden) {
    fmError.hidden = true;
    fmError.textContent = '';
  }
  showWarnings(rendered.warnings.filter((w) => w !== fmProblem));
  timing.textContent = `${rendered.stats.words} words · rendered in ${(performance.now() - started).toFixed(1)} ms`;
  // Following the caret reads layout: do it when the frame lays out anyway.
  requestAnimationFrame(syncToCaret);

  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    localStorage.setItem(DRAFT_KEY, source);
    localStorage.setItem(NAME_KEY, fileName);
  }, 300);
}

function showWarnings(warnings) {
  const key = JSON.stringify(warnings);
  if (key === lastWarningsKey) return;
  lastWarningsKey = key;
  warningsBox.hidden = warnings.length === 0;
  warningsSummary.textContent = `${warnings.length} warning${warnings.length === 1 ? '' : 's'}`;
  warningsList.replaceChildren(...warnings.map((w) => {
    const li = document.createElement('li');
    const kind = document.createElement('span');
    kind.className = 'kind';
    kind.textContent = w.kind;
    li.append(kind, `line ${w.line}, column ${w.column}: ${w.message}`);
    return li;
  }));
  if (warnings.length) warningsBox.open = true;
}

/** Scrolls the preview to the block that holds the editor's caret (when the caret's line changed). */
function syncToCaret() {
  const line = editor.value.slice(0, editor.selectionStart).split('\n').length;
  if (line === syncedLine) return;
  syncedLine = line;
  let index = -1;
  for (let i = 0; i < shownLines.length && shownLines[i] <= line; i++) index = i;
  preview.querySelector('.synced')?.classList.remove('synced');
  const target = index >= 0 ? body.children[index] : null;
  if (!target) return;
  target.classList.add('synced');
  target.dataset.line = String(shownLines[index]);
  const paneBox = pane.getBoundingClientRect();
  const box = target.getBoundingClientRect();
  if (box.top < paneBox.top || box.bottom > paneBox.bottom) {
    pane.scrollTop += box.top - paneBox.top - paneBox.height / 3;
  }
}

editor.addEventListener('input', schedule);
for (const type of ['keyup', 'click', 'focus']) editor.addEventListener(type, syncToCaret);

document.getElementById('open').addEventListener('change', async (event) => {
  const file = event.target.files?.[0];
  if (!file) return;
  editor.value = await file.text();
  fileName = file.name;
  fileLabel.textContent = fileName;
  lastGoodMeta = null;
  render();
});

document.getElementById('save').addEventListener('click', () => {
  const blob = new Blob([editor.value], { type: 'text/markdown;charset=utf-8' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
});

document.getElementById('sample').addEventListener('click', async () => {
  editor.value = await sample();
  fileLabel.textContent = fileName;
  lastGoodMeta = null;
  render();
});

/**
 * The browser first runs the module with code compiled for a quick start and
 * optimizes what runs often later: the first renders of a long draft can take
 * ten times longer than the rest. Rendering the draft a few dozen times while
 * the page is idle gets that done before the first keystroke.
 */
function warmUp(rounds) {
  if (rounds <= 0) return;
  const idle = window.requestIdleCallback ?? ((fn) => setTimeout(fn, 50));
  idle(() => {
    if (performance.now() - lastRenderAt > 500) {
      // A preview of its own each time: a second render of the same text
      // would be no render at all.
      const warm = new PostPreview();
      warm.render(editor.value, { ...OPTIONS, fileName });
      warm.free();
    }
    warmUp(rounds - 1);
  });
}

// The wasm loads while the sample post is fetched.
const ready = load();
ready.catch(() => {});
const draft = localStorage.getItem(DRAFT_KEY) ?? (await sample());
await ready;
previewer = new PostPreview();
editor.value = draft;
fileLabel.textContent = fileName;
render();
// A page URL's #name (a heading's id as the author wrote it, without the
// prefix) scrolls to the post's element: once it is there (after the first
// frame's caret sync), and when the fragment changes to a name the page does
// not have itself.
function reveal() {
  let name = location.hash.slice(1);
  try {
    name = decodeURIComponent(name);
  } catch {
    // Looked up as written.
  }
  if (!document.getElementById(name)) fragmentTarget(preview, location.hash)?.scrollIntoView();
}
requestAnimationFrame(() => {
  fragmentTarget(preview, location.hash)?.scrollIntoView();
  document.body.dataset.ready = 'true';
});
window.addEventListener('hashchange', reveal);
warmUp(40);
