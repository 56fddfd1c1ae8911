// Interleaved round-robin timing, the same in Node and in a page.
//
// Per input: every candidate is warmed up, its time per call estimated, and a
// batch size chosen so one batch takes about `batchMs`. Then `rounds` rounds
// run; each round runs every candidate's batch once, in a new shuffled order
// (fixed seed), so slow drift (thermal, another process) falls on all of them
// alike, and no candidate always follows the same one (whose garbage and cache
// footprint it would otherwise always inherit). A sample is one batch's time divided by its calls; the
// report gives the median and the p25–p75 of the samples, and compares two
// candidates by the median of their samples divided round by round
// (`pairedRatio`). Rounds are added until every candidate has run for at
// least `minTotalMs`.

/** The `--quick` run's settings (a smoke test). */
export const QUICK_SETTINGS = { rounds: 5, batchMs: 10, warmupMs: 50, minTotalMs: 50 };

/**
 * The full run's settings: 25 rounds, and at least `seconds` (default 0.5) of
 * each candidate on each input, which adds rounds where its calls are short.
 * `seconds` comes from `--seconds`: `null` when the flag is absent, any other
 * value must be a number above 0.
 */
export function fullSettings(seconds) {
  const s = seconds == null ? 0.5 : /^\d*\.?\d+$/.test(seconds) ? Number(seconds) : NaN;
  if (!(s > 0)) throw new Error(`--seconds must be a number above 0 (such as 2 or 0.5), not ${JSON.stringify(seconds)}`);
  return { rounds: 25, batchMs: 25, warmupMs: 250, minTotalMs: s * 1000 };
}

/** The settings the command line asks for: `--quick`, or `--seconds S` (not both). */
export function settingsFromArgs(args) {
  if (args.some((a) => a.startsWith('--rounds') || a.startsWith('--seconds='))) {
    throw new Error('the option is `--seconds S` (--rounds is gone)');
  }
  const i = args.indexOf('--seconds');
  const seconds = i >= 0 ? (args[i + 1] ?? '') : null;
  if (args.includes('--quick')) {
    if (seconds != null) throw new Error('--seconds and --quick do not go together');
    return QUICK_SETTINGS;
  }
  return fullSettings(seconds);
}

export function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function summarize(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), p25: quantile(s, 0.25), p75: quantile(s, 0.75), n: s.length };
}

/**
 * The median of `a`'s time ÷ `b`'s in the same round, over the rounds both
 * ran (two results of `measureInput`). Candidates run different numbers of
 * rounds (each until it has run `minTotalMs`), so their medians cover
 * different stretches of the run; on a machine that drifts between fast and
 * slow stretches, a ratio of the two medians compares different times. A
 * round is short next to those stretches for small inputs; on large ones a
 * slow candidate's batch can take seconds. NaN when they share no round.
 */
export function pairedRatio(a, b) {
  if (!a?.rounds || !b?.rounds) return NaN;
  const bByRound = new Map(b.rounds.map((round, j) => [round, b.times[j]]));
  const ratios = [];
  a.rounds.forEach((round, j) => {
    if (bByRound.has(round)) ratios.push(a.times[j] / bByRound.get(round));
  });
  return summarize(ratios).median;
}

/**
 * candidates: from makeCandidates; text: the input.
 * Returns { [id]: { median, p25, p75, n, batch, totalMs, outputLength, rounds, times } }
 * (ms per call; `times[j]` is the sample of round `rounds[j]`, for `pairedRatio`).
 */
export async function measureInput(candidates, text, { rounds = 15, batchMs = 40, warmupMs = 250, minTotalMs = 500, pause } = {}) {
  const now = () => performance.now();
  const args = candidates.map((c) => c.prepare(text));
  const est = [];
  const outputLength = [];
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    const times = [];
    const start = now();
    while (times.length < 3 || now() - start < warmupMs) {
      const t0 = now();
      outputLength[i] = c.run(args[i]);
      times.push(now() - t0);
      if (times.length >= 2 && now() - start > 20 * warmupMs) break;
    }
    times.sort((a, b) => a - b);
    est[i] = Math.max(times[Math.floor(times.length / 2)], 0.001);
    if (pause) await pause();
  }
  const batch = est.map((t) => Math.max(1, Math.round(batchMs / t)));
  const samples = candidates.map(() => []);
  const sampleRounds = candidates.map(() => []);
  const total = candidates.map(() => 0);
  let r = 0;
  let seed = 12345;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const order = candidates.map((_, i) => i);
  while (r < rounds || total.some((t) => t < minTotalMs)) {
    for (let j = order.length - 1; j > 0; j--) {
      const k = Math.floor(random() * (j + 1));
      [order[j], order[k]] = [order[k], order[j]];
    }
    for (const i of order) {
      if (r >= rounds && total[i] >= minTotalMs) continue;
      const { run } = candidates[i];
      const arg = args[i];
      const k = batch[i];
      const t0 = now();
      for (let n = 0; n < k; n++) run(arg);
      const dt = now() - t0;
      total[i] += dt;
      samples[i].push(dt / k);
      sampleRounds[i].push(r);
    }
    r++;
    if (pause) await pause();
  }
  const out = {};
  candidates.forEach((c, i) => {
    out[c.id] = {
      ...summarize(samples[i]),
      batch: batch[i],
      totalMs: total[i],
      outputLength: outputLength[i],
      rounds: sampleRounds[i],
      times: samples[i],
    };
  });
  return out;
}
