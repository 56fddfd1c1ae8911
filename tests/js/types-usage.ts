// Compiled with `tsc --noEmit` by `make test`: the published types describe the API as used.
import init, { renderPost, type Options, type Rendered } from '../../www/pkg/inkpost.js';
import { setWasmUrl, type InkPostElement } from '../../www/ink-post.js';

export async function example(el: InkPostElement): Promise<string> {
  await init();
  setWasmUrl('https://cdn.example.org/inkpost_bg.wasm');
  const options: Options = {
    fileName: '_posts/2026-01-02-hello.md',
    site: { timezone: 'UTC', baseurl: '/blog', title: 'anything else' },
    rawHtml: 'sanitize',
    allowIframeHosts: ['www.youtube.com'],
  };
  const out: Rendered = renderPost('# Hi', options);
  const noOptions = renderPost('# Hi');
  el.source = '# Inline';
  el.addEventListener('inkpost-rendered', (e) => console.log(e.detail.meta.title, e.detail.stats.readingMinutes));
  const first = document.querySelector('ink-post')?.rendered?.toc[0]?.id;
  return `${out.meta.title} ${noOptions.html} ${out.warnings.map((w) => `${w.kind}:${w.line}`).join()} ${first}`;
}
