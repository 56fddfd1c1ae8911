// ink-post.js: the <ink-post> custom element. Importing this module is all a page needs.
//
//   <script type="module" src="ink-post.js"></script>
//   <ink-post src="posts/2026-01-02-hello.md"></ink-post>
//
// The post is fetched as a raw file, rendered by the inkpost wasm module (loaded
// from next to its glue, inkpost.js, or from setWasmUrl()), and laid out in light
// DOM so the page's CSS styles it. Front-matter values go in through textContent;
// the body is HTML inkpost sanitized.

// No static imports: a page that has only the script tag fetches this file,
// and then the view module, the wasm glue, the .wasm and the post all at once
// (static imports would fetch this file, then inkpost-view.js, then the glue
// inkpost.js, and only then the .wasm: two more round trips).

let wasmUrl = null;
let viewModule = null;
// The view module once it has loaded (the hashchange handler needs it at once).
let loadedView = null;

/**
 * inkpost-view.js with the wasm loading: on the first render, starts fetching
 * the view module, the glue and the .wasm in parallel.
 */
function view() {
  if (!viewModule) {
    // Unless the page already loads the module through inkpost-view.js's load().
    let wasm = null;
    if (!globalThis[Symbol.for('inkpost.wasm-loading')]) {
      wasm = fetch(wasmUrl || new URL('./pkg/inkpost_bg.wasm', import.meta.url));
      // A failure is reported where the module is awaited (in #render).
      wasm.catch(() => {});
    }
    import('./pkg/inkpost.js').catch(() => {});
    viewModule = import('./inkpost-view.js').then((v) => {
      v.load(wasm ?? wasmUrl).catch(() => {});
      loadedView = v;
      return v;
    });
  }
  return viewModule;
}

/** Load the .wasm from another URL (a CDN); call before the first element renders. */
export function setWasmUrl(url) {
  wasmUrl = url;
}

const OPTION_ATTRIBUTES = [
  'base-url',
  'site-url',
  'site-baseurl',
  'timezone',
  'raw-html',
  'allow-iframe-hosts',
  'id-prefix',
  'classes',
  'remote-media',
  'permalink',
];

function status(className, text, role) {
  const p = document.createElement('p');
  p.className = className;
  if (role) p.setAttribute('role', role);
  p.textContent = text;
  return p;
}

export class InkPostElement extends HTMLElement {
  static observedAttributes = ['src', ...OPTION_ATTRIBUTES];

  #source = null;
  #inline = null;
  #rendered = null;
  #generation = 0;
  #scheduled = false;
  // The page URL whose fragment this element last scrolled to, so that a
  // re-render at the same URL keeps the reader where they are.
  #revealedFor = null;

  static {
    // A page URL's `#name` that changes after load (a link in the host page)
    // and names no element of the page itself: scroll to the post's element
    // with that id under its prefix, as GitHub does for its user-content- ids.
    window.addEventListener('hashchange', () => {
      if (!loadedView || !location.hash) return;
      if (document.getElementById(fragmentName(location.hash))) return;
      for (const post of document.querySelectorAll('ink-post')) {
        if (post instanceof InkPostElement && post.#reveal()) return;
      }
    });
  }

  /** The post's raw text, when given by script instead of `src`. Setting it renders. */
  get source() {
    return this.#source;
  }

  set source(text) {
    this.#source = text == null ? null : String(text);
    this.#schedule();
  }

  /** The last render: `{ meta, html, excerptHtml, toc, stats, warnings }`, or null. */
  get rendered() {
    return this.#rendered;
  }

  connectedCallback() {
    if (this.#inline == null) {
      const script = this.querySelector('script[type="text/markdown"]');
      if (script) this.#inline = dedent(script.textContent);
    }
    this.#schedule();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#schedule();
  }

  // Attribute and property changes in one task make one render.
  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#render();
    });
  }

  /** The id prefix: the `id-prefix` attribute (`""` for none), or the default. */
  #idPrefix(view) {
    return this.getAttribute('id-prefix') ?? view.ID_PREFIX;
  }

  /**
   * Scrolls to the element the page URL's fragment names in this post, if
   * any (not when it names an element of the page outside the post: the
   * browser has taken care of that). True when it did.
   */
  #reveal() {
    if (!loadedView || this.dataset.state !== 'ready' || !location.hash) return false;
    const own = document.getElementById(fragmentName(location.hash));
    if (own && !this.contains(own)) return false;
    const target = loadedView.fragmentTarget(this, location.hash, this.#idPrefix(loadedView));
    if (!target) return false;
    this.#revealedFor = location.href;
    target.scrollIntoView();
    return true;
  }

  #options(postUrl, view) {
    const site = {};
    if (this.hasAttribute('site-url')) site.url = this.getAttribute('site-url');
    if (this.hasAttribute('site-baseurl')) site.baseurl = this.getAttribute('site-baseurl');
    if (this.hasAttribute('timezone')) site.timezone = this.getAttribute('timezone');
    if (this.hasAttribute('permalink')) site.permalink = this.getAttribute('permalink');
    const options = { site, baseUrl: this.getAttribute('base-url') ?? postUrl };
    if (this.hasAttribute('raw-html')) options.rawHtml = this.getAttribute('raw-html');
    options.idPrefix = this.#idPrefix(view);
    const hosts = this.getAttribute('allow-iframe-hosts');
    if (hosts) options.allowIframeHosts = hosts.split(/[\s,]+/).filter(Boolean);
    if (this.hasAttribute('classes')) options.classes = this.getAttribute('classes');
    const media = this.getAttribute('remote-media');
    if (media) {
      options.remoteMedia = media === 'allow' || media === 'block' ? media : media.split(/[\s,]+/).filter(Boolean);
    }
    return options;
  }

  async #render() {
    const generation = ++this.#generation;
    const src = this.getAttribute('src');
    this.setAttribute('aria-busy', 'true');
    this.dataset.state = 'loading';
    if (this.#source == null && src) this.replaceChildren(status('inkpost-status', 'Loading the post…'));
    const locale = this.closest('[lang]')?.lang || undefined;
    // The wasm loads while the post is fetched, not after it; a failure is
    // reported where it is awaited below (not as an unhandled rejection when
    // the post fails first).
    const viewReady = view();
    viewReady.then((v) => v.prepareDateFormat(locale), () => {});
    try {
      let text = this.#source ?? this.#inline;
      let postUrl = document.baseURI;
      let fileName;
      if (text == null) {
        if (!src) throw new Error('<ink-post> needs a src attribute, a source property or a <script type="text/markdown"> child');
        const url = new URL(src, document.baseURI);
        postUrl = url.href;
        fileName = decodeURIComponent(url.pathname.split('/').pop() || '');
        let response;
        try {
          response = await fetch(url);
        } catch {
          throw new Error(`Could not load ${src}: the network request failed`);
        }
        if (!response.ok) throw new Error(`Could not load ${src}: HTTP ${response.status} ${response.statusText}`.trim());
        text = await response.text();
      }
      const view = await viewReady;
      const { load, renderPost, showRendered } = view;
      await load();
      if (generation !== this.#generation) return;
      const options = this.#options(postUrl, view);
      if (fileName) options.fileName = fileName;
      const rendered = renderPost(text, options);
      this.#rendered = rendered;
      showRendered(this, rendered, { locale });
      this.dataset.state = 'ready';
      this.removeAttribute('aria-busy');
      // The post was not there when the browser looked for the page URL's
      // fragment: look for it now (once per URL).
      if (this.#revealedFor !== location.href) this.#reveal();
      this.dispatchEvent(new CustomEvent('inkpost-rendered', {
        bubbles: true,
        composed: true,
        detail: { meta: rendered.meta, toc: rendered.toc, stats: rendered.stats, warnings: rendered.warnings },
      }));
    } catch (err) {
      if (generation !== this.#generation) return;
      this.#rendered = null;
      this.dataset.state = 'error';
      this.removeAttribute('aria-busy');
      this.replaceChildren(status('inkpost-error', err.message, 'alert'));
      this.dispatchEvent(new CustomEvent('inkpost-error', { bubbles: true, composed: true, detail: { message: err.message } }));
    }
  }
}

/** A URL fragment's name: `#a%20b` is `a b` (as written when the escape is malformed). */
function fragmentName(hash) {
  try {
    return decodeURIComponent(hash.slice(1));
  } catch {
    return hash.slice(1);
  }
}

/** Removes the indentation a post picks up inside HTML. */
function dedent(text) {
  const lines = text.replace(/^\n+|\s+$/g, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => l.match(/^[ \t]*/)[0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n') + '\n';
}

if (!customElements.get('ink-post')) customElements.define('ink-post', InkPostElement);
