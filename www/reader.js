// The no-server reader: posts/index.json (made by `inkpost index`) as a list with
// category and tag filters, and each post at #/YYYY/MM/DD/slug. Hash routes, so
// any static host serves it and back/forward work. Each part of a route is
// written with encodeURIComponent and read back with decodeURIComponent, so a
// file name or slug may hold any character (`#`, `?`, `%`, `/`, `\`).
import { load, renderPost, showRendered, formatDate, ID_PREFIX } from './inkpost-view.js';

const main = document.getElementById('reader');
const SITE_TITLE = 'inkpost reader';
let posts = [];

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c != null));
  return node;
}

/** `decodeURIComponent`, or null for a malformed escape (`%`, `%zz`, `%C3`). */
function decode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** An index entry's route, as its parts: `['2026', '01', '02', slug]`, or `['post', file]` for a post with no date. */
function routePartsOf(post) {
  const day = (post.date || '').slice(0, 10).split('-');
  return day.length === 3 ? [...day, String(post.slug)] : ['post', String(post.file)];
}

/** `#/2026/01/02/slug` for an index entry, each part escaped. */
function routeOf(post) {
  return `#/${routePartsOf(post).map(encodeURIComponent).join('/')}`;
}

/** A route's parts, unescaped; null when an escape is malformed. */
function partsOf(hash) {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decode);
  return parts.includes(null) ? null : parts;
}

function findByParts(parts) {
  if (!parts) return undefined;
  return posts.find((p) => {
    const own = routePartsOf(p);
    return own.length === parts.length && own.every((part, i) => part === parts[i]);
  });
}

function findByRoute(hash) {
  return findByParts(partsOf(hash));
}

/** The post's file under posts/, each path segment escaped (a `#` or `?` in a name is not a fragment or query). */
function fileUrl(file) {
  return new URL(`posts/${String(file).split('/').map(encodeURIComponent).join('/')}`, location.href);
}

/** A link in a post to another post (by date and slug in its path) routes inside the reader. */
function postForHref(href) {
  let url;
  try {
    url = new URL(href, location.href);
  } catch {
    return null;
  }
  if (url.origin !== location.origin) return null;
  const m = /\/(\d{4})\/(\d{2})\/(\d{2})\/([^/]+?)(?:\.html|\/)?$/.exec(url.pathname);
  if (!m) return null;
  const slug = decode(m[4]);
  return slug == null ? null : findByParts([m[1], m[2], m[3], slug]) ?? null;
}

function filterLinks(kind, values, current) {
  if (!values.length) return null;
  const box = el('p', { class: 'filters' }, el('span', { class: 'label', text: kind === 'tag' ? 'Tags' : 'Categories' }));
  for (const value of values) {
    const href = `#/${kind}/${encodeURIComponent(value)}`;
    box.append(el('a', { href, 'aria-current': String(current === value), text: value }));
  }
  return box;
}

function unique(key) {
  return [...new Set(posts.flatMap((p) => p[key] ?? []))].sort((a, b) => a.localeCompare(b));
}

function showList(filter) {
  const shown = posts.filter((p) => !filter || (p[filter.kind === 'tag' ? 'tags' : 'categories'] ?? []).includes(filter.value));
  const heading = filter ? `${filter.kind === 'tag' ? 'Tag' : 'Category'}: ${filter.value}` : 'All posts';
  document.title = filter ? `${filter.value} · ${SITE_TITLE}` : SITE_TITLE;
  const list = el('ol', { class: 'reader-list' });
  for (const post of shown) {
    const meta = el('p', { class: 'meta' }, el('time', { datetime: post.date ?? '', text: formatDate(post.date) }));
    if (post.categories?.length) meta.append(` · ${post.categories.join(', ')}`);
    list.append(el('li', { class: 'reader-item' },
      el('h2', {}, el('a', { href: routeOf(post), text: post.title ?? post.file })),
      meta,
      post.excerpt ? el('p', { class: 'excerpt', text: post.excerpt }) : null));
  }
  const all = el('p', { class: 'filters' }, el('a', { href: '#/', 'aria-current': String(!filter), text: 'All posts' }));
  main.replaceChildren(
    el('h1', { text: heading }),
    all,
    filterLinks('category', unique('categories'), filter?.kind === 'category' ? filter.value : null),
    filterLinks('tag', unique('tags'), filter?.kind === 'tag' ? filter.value : null),
    shown.length ? list : el('p', { class: 'inkpost-status', text: 'No posts here.' }),
  );
}

function showNotFound(hash) {
  document.title = `Not found · ${SITE_TITLE}`;
  main.replaceChildren(
    el('h1', { text: 'Not found' }),
    el('p', { class: 'inkpost-error', role: 'alert', text: `There is no post at ${decode(hash) ?? hash}.` }),
    el('p', {}, el('a', { href: '#/', text: 'All posts' })),
  );
}

async function showPost(post) {
  main.replaceChildren(el('p', { class: 'inkpost-status', text: 'Loading the post…' }));
  const url = fileUrl(post.file);
  // The wasm loads while the post is fetched; a failure shows where it is awaited.
  const ready = load();
  ready.catch(() => {});
  const response = await fetch(url);
  if (!response.ok) {
    main.replaceChildren(el('p', { class: 'inkpost-error', role: 'alert', text: `Could not load ${post.file}: HTTP ${response.status}` }));
    return;
  }
  const source = await response.text();
  await ready;
  // `path` (when the index has it) is where the post is in its site: its
  // categories and URL come from there, as in the index.
  // The ids carry ID_PREFIX, so a heading named `location` or `main` cannot
  // shadow the page's own; the post's fragment links are written to match.
  const rendered = renderPost(source, { fileName: post.path ?? post.file, baseUrl: url.href, idPrefix: ID_PREFIX });
  const container = el('div');
  showRendered(container, rendered);
  const i = posts.indexOf(post);
  const newer = posts[i - 1];
  const older = posts[i + 1];
  const nav = el('nav', { class: 'post-nav', 'aria-label': 'More posts' },
    older ? el('a', { href: routeOf(older), rel: 'prev', text: `← ${older.title}` }) : el('span'),
    newer ? el('a', { href: routeOf(newer), rel: 'next', text: `${newer.title} →` }) : el('span'));
  main.replaceChildren(el('a', { class: 'back', href: '#/', text: '← All posts' }), container, nav);
  document.title = `${rendered.meta.title ?? post.file} · ${SITE_TITLE}`;
  window.scrollTo(0, 0);
}

function route() {
  const hash = location.hash || '#/';
  if (hash === '#/' || hash === '#') return showList(null);
  const filter = /^#\/(tag|category)\/(.+)$/.exec(hash);
  const value = filter && decode(filter[2]);
  if (value != null) return showList({ kind: filter[1], value });
  const post = findByRoute(hash);
  if (post) return showPost(post);
  return showNotFound(hash);
}

main.addEventListener('click', (event) => {
  const a = event.target.closest('a[href]');
  if (!a) return;
  const href = a.getAttribute('href');
  if (href.startsWith('#')) {
    // The hash is the route: a link to a place in the post (its table of
    // contents, a footnote and its backlink) scrolls there instead.
    if (href.startsWith('#/') || href === '#') return;
    const target = document.getElementById(decode(href.slice(1)) ?? href.slice(1));
    if (target && main.contains(target)) {
      event.preventDefault();
      target.scrollIntoView();
    }
    return;
  }
  const post = postForHref(a.getAttribute('href'));
  if (post) {
    event.preventDefault();
    location.hash = routeOf(post);
  }
});

try {
  const response = await fetch('posts/index.json');
  if (!response.ok) throw new Error(`posts/index.json: HTTP ${response.status} (make it with \`inkpost index posts > posts/index.json\`)`);
  posts = (await response.json()).sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  window.addEventListener('hashchange', route);
  await route();
  document.body.dataset.ready = 'true';
} catch (err) {
  main.replaceChildren(el('p', { class: 'inkpost-error', role: 'alert', text: err.message }));
}
