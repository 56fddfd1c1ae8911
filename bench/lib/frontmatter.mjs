// The peers' front-matter step: split a Jekyll post into its YAML block and
// its Markdown body, as inkpost does (an opening `---` line, a closing `---`
// or `...` line). Shared by the Node runner and the browser pages.

const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*\r?$/m;

/** `{ yaml, body }`; `yaml` is null when the text has no front matter. */
export function splitFrontMatter(text) {
  const open = OPEN.exec(text);
  if (!open) return { yaml: null, body: text };
  const rest = text.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (!close) return { yaml: null, body: text };
  const yaml = rest.slice(0, close.index);
  let body = rest.slice(close.index + close[0].length);
  if (body.startsWith('\r\n')) body = body.slice(2);
  else if (body.startsWith('\n')) body = body.slice(1);
  return { yaml, body };
}
