// Formatting shared by the runners and bench/report.mjs.
import { pairedRatio } from './measure.mjs';

export const INPUTS = [
  { id: 'post', file: 'post.md', label: 'news post' },
  { id: 'draft', file: 'draft.md', label: 'draft' },
  { id: 'spec', file: 'spec.md', label: 'CommonMark spec' },
  { id: 'mixed', file: 'mixed.md', label: 'mixed real posts' },
];

export function fmtMs(ms) {
  if (!Number.isFinite(ms)) return '–';
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  if (ms >= 0.1) return ms.toFixed(3);
  return ms.toFixed(4);
}

export const fmtRatio = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : '–');

export function fmtBytes(n) {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(2)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

function inputHeader(out, sizes) {
  return out.inputs ?? INPUTS.filter((i) => out.results[i.id]).map((i) => ({ ...i, bytes: sizes?.[i.file] }));
}

/** Two Markdown tables: time per call (median, p25–p75), and each candidate's paired ratio to inkpost. */
export function throughputTable(out, sizes) {
  const inputs = inputHeader(out, sizes);
  const head = (extra) => `| candidate | ${inputs.map((i) => `${i.label}${i.bytes ? ` (${fmtBytes(i.bytes)})` : ''}${extra}`).join(' | ')} |\n|---|${inputs.map(() => '---:').join('|')}|`;
  const lines = [];
  lines.push(`Time per call, ms: median (p25–p75), in ${out.env === 'node' ? `Node ${out.version}` : out.version}.`, '');
  lines.push(head(''));
  for (const c of out.candidates) {
    lines.push(`| ${c.label} | ${inputs.map((i) => {
      const r = out.results[i.id][c.id];
      return r ? `${fmtMs(r.median)} (${fmtMs(r.p25)}–${fmtMs(r.p75)})` : '–';
    }).join(' | ')} |`);
  }
  lines.push('', 'Ratio: the median, over the rounds both ran, of candidate ÷ inkpost timed in the same round (above 1: inkpost is faster; for the A/A row, within 0.97–1.03 means the run is trustworthy). Each ratio rests on as many pairs as the fewer rounds of the two (25 or more).', '');
  lines.push(head(''));
  for (const c of out.candidates) {
    if (c.id === 'inkpost') continue;
    const digits = c.id === 'inkpost-aa' ? 3 : 2;
    lines.push(`| ${c.label} | ${inputs.map((i) => {
      const r = pairedRatio(out.results[i.id][c.id], out.results[i.id].inkpost);
      return Number.isFinite(r) ? `${r.toFixed(digits)}×` : '–';
    }).join(' | ')} |`);
  }
  lines.push('', `Samples per candidate and input: ${inputs.map((i) => {
    const rs = Object.values(out.results[i.id]);
    return `${i.label} ${Math.min(...rs.map((r) => r.n))}–${Math.max(...rs.map((r) => r.n))} batches, ≥ ${(Math.min(...rs.map((r) => r.totalMs)) / 1000).toFixed(2)} s`;
  }).join('; ')}.`);
  return lines.join('\n');
}
