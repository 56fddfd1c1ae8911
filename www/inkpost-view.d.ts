// Types for www/inkpost-view.js: loading the module and laying a post out.
import type { Meta, Rendered } from './pkg/inkpost.js';
export { renderPost, renderPostBlocks, PostPreview } from './pkg/inkpost.js';

/** Loads the wasm module once; `wasmUrl` overrides where the .wasm comes from (a URL, or its `Response` or a promise of one, already fetched). */
export declare function load(wasmUrl?: string | URL | Response | Promise<Response> | null): Promise<unknown>;
/** `'user-content-'`: the `idPrefix` `<ink-post>`, the reader and the preview render with, so a post's ids cannot clobber the page's. */
export declare const ID_PREFIX: string;
/** The element in `container` a URL fragment (`location.hash`) names in a post rendered with `prefix` (default `ID_PREFIX`): the id `prefix + name`, or `name` when it carries the prefix already; null when there is none. */
export declare function fragmentTarget(container: ParentNode, hash: string, prefix?: string): Element | null;
/** A post's date in the page's locale, on the day the post carries. */
export declare function formatDate(iso: string | null, locale?: string, options?: Intl.DateTimeFormatOptions): string;
/** Makes the date format for `locale` in a task of its own (a page's first `Intl.DateTimeFormat` is slow), to call while the post loads. */
export declare function prepareDateFormat(locale?: string): void;
/** The article header: hero image, title, date, author, categories, tags (all as text). */
export declare function renderHeader(meta: Meta, options?: { locale?: string }): HTMLElement;
/** Replaces `container`'s content with the post as an <article class="inkpost">. */
export declare function showRendered(container: Element, rendered: Rendered, options?: { locale?: string }): HTMLElement;
