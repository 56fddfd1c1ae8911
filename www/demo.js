// The demo page: fetches the sample post's raw file and renders it with inkpost.
import { load, renderPost, showRendered } from './inkpost-view.js';

const POST = 'posts/2026-01-02-latest-maduro-says-venezuela-open-to-us-talks.md';
const main = document.getElementById('post');

function showError(message) {
  const p = document.createElement('p');
  p.className = 'inkpost-error';
  p.textContent = message;
  main.replaceChildren(p);
}

try {
  const postUrl = new URL(POST, location.href);
  const [response] = await Promise.all([fetch(postUrl), load()]);
  if (!response.ok) throw new Error(`Could not load ${POST}: HTTP ${response.status}`);
  const source = await response.text();
  const rendered = renderPost(source, { fileName: POST, baseUrl: postUrl.href });
  showRendered(main, rendered);
  document.title = `${rendered.meta.title} · inkpost`;
  for (const w of rendered.warnings) console.warn(`inkpost: ${POST}:${w.line}:${w.column}: ${w.message}`);
} catch (err) {
  showError(err.message);
}
