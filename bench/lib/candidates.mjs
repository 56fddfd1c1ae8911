// The candidates every runner (Node and Chromium) measures, built from the
// libraries the runner loaded. Each one takes a post's whole text; the
// Markdown-only ones get the body after the front matter, split before timing.
import { splitFrontMatter } from './frontmatter.mjs';

/**
 * libs: { renderPost, bareRender, marked, markdownit, mdwasmParse, yamlLoad, DOMPurify }
 * DOMPurify may be null (then its candidates are left out).
 * Returns [{ id, label, prepare(text) -> arg, run(arg) -> output length }].
 */
export function makeCandidates(libs) {
  const { renderPost, bareRender, marked, markdownit, mdwasmParse, yamlLoad, DOMPurify } = libs;
  const md = markdownit({ html: true, typographer: true });
  const whole = (text) => text;
  const body = (text) => splitFrontMatter(text).body;
  // The peers' pipeline: front matter with js-yaml, Markdown, then DOMPurify.
  const pipeline = (toHtml) => (text) => {
    const { yaml, body: b } = splitFrontMatter(text);
    const meta = yaml == null ? {} : yamlLoad(yaml);
    const html = DOMPurify.sanitize(toHtml(b));
    return html.length + (meta ? 1 : 0);
  };
  const list = [
    { id: 'inkpost', label: 'inkpost renderPost (whole pipeline)', prepare: whole, run: (t) => renderPost(t, {}).html.length },
    { id: 'inkpost-aa', label: 'inkpost again (A/A control)', prepare: whole, run: (t) => renderPost(t, {}).html.length },
    { id: 'inkpost-body', label: 'inkpost renderPost, body only', prepare: body, run: (t) => renderPost(t, {}).html.length },
    { id: 'bare', label: 'bare pulldown-cmark wasm (body, unsafe)', prepare: body, run: (b) => bareRender(b).length },
    { id: 'mdwasm', label: 'markdown-wasm alone (body, unsafe)', prepare: body, run: (b) => mdwasmParse(b).length },
  ];
  if (DOMPurify) {
    list.push(
      { id: 'marked', label: 'js-yaml + marked + DOMPurify', prepare: whole, run: pipeline((b) => marked.parse(b)) },
      { id: 'markdown-it', label: 'js-yaml + markdown-it + DOMPurify', prepare: whole, run: pipeline((b) => md.render(b)) },
      { id: 'mdwasm-purify', label: 'js-yaml + markdown-wasm + DOMPurify', prepare: whole, run: pipeline((b) => mdwasmParse(b)) },
    );
  }
  return list;
}
