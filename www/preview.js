// The live preview: a textarea and the rendered post side by side. Every input
// re-renders, at most once per animation frame; the preview follows the caret
// through the blocks' data-line attributes.
import { load, renderPost, renderHeader } from './inkpost-view.js';

const SAMPLE = 'posts/2026-01-02-latest-maduro-says-venezuela-open-to-us-talks.md';
const DRAFT_KEY = 'inkpost-draft';
const NAME_KEY = 'inkpost-draft-name';

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
let header = null;
let frame = 0;
let saveTimer = 0;
let syncedLine = 0;

async function sample() {
  const response = await fetch(SAMPLE);
  fileName = SAMPLE.split('/').pop();
  return response.ok ? response.text() : '---\ntitle: A new post\n---\n\nWrite here.\n';
}

function schedule() {
  if (!frame) frame = requestAnimationFrame(() => {
    frame = 0;
    render();
  });
}

function render() {
  const started = performance.now();
  const source = editor.value;
  const rendered = renderPost(source, { fileName, sourceLines: true, baseUrl: location.href });
  const fmProblem = rendered.warnings.find((w) => w.kind === 'frontMatter');
  // A front matter that does not parse keeps the last good header on screen.
  const meta = fmProblem && lastGoodMeta ? lastGoodMeta : rendered.meta;
  if (!fmProblem) lastGoodMeta = rendered.meta;

  const scrollTop = pane.scrollTop;
  const headerKey = JSON.stringify(meta);
  if (headerKey !== lastHeaderKey || !header) {
    header = renderHeader(meta);
    lastHeaderKey = headerKey;
  }
  let article = preview.firstElementChild;
  if (!article) {
    article = document.createElement('article');
    article.className = 'inkpost';
    preview.append(article);
  }
  const body = document.createElement('div');
  body.className = 'inkpost-body';
  body.innerHTML = rendered.html;
  article.replaceChildren(header, body);
  pane.scrollTop = scrollTop;

  if (fmProblem) {
    fmError.textContent = `Front matter, line ${fmProblem.line}, column ${fmProblem.column}: ${fmProblem.message}`;
    fmError.hidden = false;
  } else {
    fmError.hidden = true;
    fmError.textContent = '';
  }
  showWarnings(rendered.warnings.filter((w) => w !== fmProblem));
  timing.textContent = `${rendered.stats.words} words · rendered in ${(performance.now() - started).toFixed(1)} ms`;
  syncedLine = 0;
  syncToCaret();

  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    localStorage.setItem(DRAFT_KEY, source);
    localStorage.setItem(NAME_KEY, fileName);
  }, 300);
}

function showWarnings(warnings) {
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

/** Scrolls the preview to the block that holds the editor's caret. */
function syncToCaret() {
  const line = editor.value.slice(0, editor.selectionStart).split('\n').length;
  if (line === syncedLine) return;
  syncedLine = line;
  let target = null;
  for (const el of preview.querySelectorAll('[data-line]')) {
    if (Number(el.dataset.line) <= line) target = el;
    else break;
  }
  preview.querySelector('.synced')?.classList.remove('synced');
  if (!target) return;
  target.classList.add('synced');
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

await load();
editor.value = localStorage.getItem(DRAFT_KEY) ?? (await sample());
fileLabel.textContent = fileName;
render();
document.body.dataset.ready = 'true';
