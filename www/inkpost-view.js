// inkpost-view.js: loads the wasm module once and lays a rendered post out as an article.
// Front-matter values reach the page through textContent only; the body is the
// HTML inkpost sanitized.

import init, { renderPost } from './pkg/inkpost.js';

let ready = null;

/** Loads the wasm module (once). `wasmUrl` overrides where inkpost_bg.wasm is fetched from. */
export function load(wasmUrl) {
  ready ??= init(wasmUrl ? { module_or_path: wasmUrl } : undefined);
  return ready;
}

export { renderPost };

/** Formats an ISO date in the page's locale; a floating time (no offset) is read as local time. */
export function formatDate(iso, locale, options = { dateStyle: 'long' }) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, options).format(date);
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
