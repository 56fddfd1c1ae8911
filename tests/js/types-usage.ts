// Compiled with `tsc --noEmit` by `make test`: the published types describe the API as used.
import init, { renderPost, PostPreview, type Options, type PreviewUpdate, type Rendered } from '../../www/pkg/inkpost.js';
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
  const preview = new PostPreview();
  const update: PreviewUpdate = preview.render('# Hi\n\nText.', options);
  const changed = update.blocks.map((b) => `${b.line}:${b.html}`).join() + update.lines.length + update.from + update.removed;
  const whole: string = preview.html();
  preview.free();
  return `${changed} ${whole} ${update.meta.title} ${out.meta.title} ${noOptions.html} ${out.warnings.map((w) => `${w.kind}:${w.line}`).join()} ${first}`;
}
