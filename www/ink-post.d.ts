// Types for www/ink-post.js, the <ink-post> custom element.
import type { Meta, Rendered, Stats, TocEntry, Warning } from './pkg/inkpost.js';

/** Load the .wasm from another URL (a CDN); call before the first element renders. */
export declare function setWasmUrl(url: string | URL): void;

/** `event.detail` of `inkpost-rendered`. */
export interface InkPostRenderedDetail {
  meta: Meta;
  toc: TocEntry[];
  stats: Stats;
  warnings: Warning[];
}

/**
 * `<ink-post src="posts/2026-01-02-hello.md">`: fetches a raw post file and renders
 * it as an article in light DOM. Attributes: `src`, `base-url`, `site-url`,
 * `site-baseurl`, `timezone`, `permalink`, `raw-html`, `allow-iframe-hosts`,
 * `id-prefix`, `classes` (`keep`, `drop` or `prefix:P`), `remote-media`
 * (`allow`, `block` or host names). Inline content: a `<script type="text/markdown">` child.
 * `data-state` is `loading`, `ready` or `error`.
 *
 * The post's ids start with `user-content-` (`ID_PREFIX` of inkpost-view.js),
 * so they cannot clobber the page's ids or names on `window`; `id-prefix`
 * sets another prefix (`""`: none). The post's `#name` links carry the prefix;
 * a page URL's unprefixed `#name` scrolls to the post's element once it has
 * rendered.
 */
export declare class InkPostElement extends HTMLElement {
  static observedAttributes: string[];
  /** The post's raw text when given by script instead of `src`; setting it renders. */
  source: string | null;
  /** The last render, or null before the first one or after an error. */
  readonly rendered: Rendered | null;
}

declare global {
  interface HTMLElementTagNameMap {
    'ink-post': InkPostElement;
  }
  interface HTMLElementEventMap {
    'inkpost-rendered': CustomEvent<InkPostRenderedDetail>;
    'inkpost-error': CustomEvent<{ message: string }>;
  }
}
