// inkpost-view.js: loads the wasm module once and lays a rendered post out as an article.
// Front-matter values reach the page through textContent only; the body is the
// HTML inkpost sanitized.

import init, { renderPost, renderPostBlocks, PostPreview } from './pkg/inkpost.js';

let ready = null;

/**
 * Set (in a registry every copy of this module and `ink-post.js` share) once
 * `load()` has started, so `<ink-post>` does not fetch the .wasm a second time
 * on a page that loaded the module itself.
 */
const LOADING = Symbol.for('inkpost.wasm-loading');

/**
 * Loads the wasm module (once). `wasmUrl` overrides where inkpost_bg.wasm is
 * fetched from; it may also be its `Response`, or a promise of one, already
 * fetched (as `<ink-post>` does, to fetch it alongside this module).
 */
export function load(wasmUrl) {
  if (!ready) {
    ready = init(wasmUrl ? { module_or_path: wasmUrl } : undefined);
    globalThis[LOADING] = true;
  }
  return ready;
}

export { renderPost, renderPostBlocks, PostPreview };

/**
 * The `idPrefix` `<ink-post>`, the reader and the preview render with, as
 * GitHub prefixes the ids in a README: a post's heading and footnote ids
 * (`location`, `config`, `fn:1`) then cannot shadow the page's own ids or
 * names on `window` and `document` (DOM clobbering). The renderer writes the
 * post's `#fragment` links with the prefix too, so they keep working;
 * `fragmentTarget` maps a page URL's unprefixed `#name` to the post's element.
 */
export const ID_PREFIX = 'user-content-';

/**
 * The element in `container` that a URL fragment (`#name`, as `location.hash`
 * gives it) names in a post rendered with `prefix`: the id `prefix + name`, or
 * `name` itself when it already carries the prefix (a link copied from the
 * page). Null when there is none.
 */
export function fragmentTarget(container, hash, prefix = ID_PREFIX) {
  if (typeof hash !== 'string' || !hash.startsWith('#') || hash.length < 2) return null;
  let name = hash.slice(1);
  try {
    name = decodeURIComponent(name);
  } catch {
    // A malformed escape names the id as written.
  }
  const id = name.startsWith(prefix) ? name : prefix + name;
  for (const node of container.querySelectorAll('[id]')) {
    if (node.id === id) return node;
  }
  return null;
}

/**
 * Formats a post's ISO date in the page's locale. The day shown is the day the
 * post carries (in its site's zone, as Jekyll shows it), not the reader's.
 */
export function formatDate(iso, locale, options = { dateStyle: 'long' }) {
  if (!iso) return '';
  const m = /^(\d{4,})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2}))?/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d, h = 0, mi = 0, s = 0] = m;
  const wall = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
  return dateFormat(locale, options).format(wall);
}

const dateFormats = new Map();

function dateFormat(locale, options) {
  const key = JSON.stringify([locale ?? null, options]);
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    dateFormats.set(key, format);
  }
  return format;
}

/**
 * Makes the date format for `locale` in a task of its own, to call while the
 * post and the wasm are on their way: a page's first Intl.DateTimeFormat
 * loads the locale's data (11–19 ms in Chromium: bench/first-render.mjs),
 * time the first render would otherwise spend before the post shows.
 */
export function prepareDateFormat(locale) {
  setTimeout(() => dateFormat(locale, { dateStyle: 'long' }), 0);
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

function authorName(author) {
  if (author == null) return '';
  if (typeof author === 'string') return author;
  if (typeof author === 'object' && typeof author.name === 'string') return author.name;
  return String(author);
}

function list(className, label, items) {
  const ul = el('ul', className);
  ul.setAttribute('aria-label', label);
  for (const item of items) ul.append(el('li', null, item));
  return ul;
}

/** Builds the article header (hero image, title, date, author, categories, tags). */
export function renderHeader(meta, { locale } = {}) {
  const header = el('header', 'inkpost-header');
  if (meta.imageUrl) {
    const figure = el('figure', 'inkpost-hero');
    const img = el('img');
    img.alt = '';
    img.decoding = 'async';
    // A hero image that fails to load leaves no broken-image box behind.
    img.addEventListener('error', () => figure.remove(), { once: true });
    img.src = meta.imageUrl;
    figure.append(img);
    header.append(figure);
  }
  if (meta.title != null) header.append(el('h1', 'inkpost-title', meta.title));
  const byline = el('p', 'inkpost-byline');
  if (meta.date) {
    const time = el('time', 'inkpost-date', formatDate(meta.date, locale));
    time.dateTime = meta.date;
    byline.append(time);
  }
  const author = authorName(meta.author);
  if (author) {
    if (byline.childNodes.length) byline.append(document.createTextNode(' · '));
    byline.append(el('span', 'inkpost-author', author));
  }
  if (byline.childNodes.length) header.append(byline);
  if (meta.categories?.length) header.append(list('inkpost-categories', 'Categories', meta.categories));
  if (meta.tags?.length) header.append(list('inkpost-tags', 'Tags', meta.tags));
  return header;
}

/** Replaces `container`'s content with the rendered post as an <article>. */
export function showRendered(container, rendered, { locale } = {}) {
  const article = el('article', 'inkpost');
  article.append(renderHeader(rendered.meta, { locale }));
  const body = el('div', 'inkpost-body');
  body.innerHTML = rendered.html;
  article.append(body);
  container.replaceChildren(article);
  return article;
}
