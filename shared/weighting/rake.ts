// Raking (iterative proportional fitting) on typed arrays, stopping on the distance to the targets.
import { DomainError } from '../domain/errors';
import { describeEmpty, emptyCombinations } from './feasibility';

/** One margin for the raking kernel: category index per case and target per category. */
export interface RakeMargin {
  /** Category index (0..k-1) per case. */
  index: Int32Array;
  /** Target (population count) per category; length k. */
  targets: Float64Array;
  /** Name for messages. */
  variable?: string;
  /** Category codes for messages (index c → code). */
  codes?: readonly number[];
}

/** Options of {@link rakeWeights}. */
export interface RakeOptions {
  /** Stop when max over categories (target > 0) of |achieved - target| / target is below this (default 1e-10). */
  tolerance?: number;
  /** Maximum passes; one pass adjusts every margin once, in the given order (default 1000). */
  maxIterations?: number;
  /** Optional output buffer of length n for the weights (reused instead of allocating). */
  into?: Float64Array;
}

/** Result of {@link rakeWeights}. */
export interface RakeResult {
  /** The raked weights (a new array). */
  weights: Float64Array;
  /** Passes run. */
  iterations: number;
  /** Max relative margin deviation after the last pass. */
  maxRelDeviation: number;
}

/**
 * Rakes start weights to population margins by iterative proportional fitting (Deming & Stephan (1940);
 * R survey::rake, which post-stratifies on each margin in turn). One pass multiplies the weights of every
 * category of margin 1 by target / achieved, then margin 2, …; after every pass the largest relative distance
 * between achieved and target margins, max_{m,c: t>0} |achieved_mc - t_mc| / t_mc, is compared with the
 * tolerance. This is NOT R rake()'s default rule (change of the weighted table between passes, epsilon = 1),
 * which can stop far from the targets. The converged solution is unique and does not depend on margin order.
 *
 * Implementation: every raking factor is constant within a cell of the cross-classification of the margin
 * variables, so w_i = d_i · W_c / D_c, where D_c = Σ_{i∈c} d_i and W is the IPF solution on the table of
 * cell totals (Deming & Stephan's own formulation on the contingency table). When that table has at most n
 * non-empty cells (e.g. 4 × 2 × 6 × 12 = 576), the sample is aggregated once, raked as a table and expanded
 * once — the same passes and the same solution as case-level IPF, up to floating-point association. Otherwise
 * the case-level kernel runs: each adjustment loop also accumulates the achieved sums of the next margin, and
 * the last margin's loop those of every margin, so a pass reads the data once per margin (Int32Array indices,
 * Float64Array weights, no allocation per pass).
 *
 * @param start start (base) weights, length n, > 0 (not modified)
 * @param margins margins in raking order; categories with target 0 must have no respondents (validated before)
 * @param options tolerance (relative, default 1e-10) and maximum passes (default 1000)
 * @returns weights, passes and final max relative deviation
 * @throws DomainError 'NOT_CONVERGED' with the passes run, the remaining deviation and its category, and the
 *   empty combinations of the sample (the usual cause)
 */
export function rakeWeights(start: Float64Array, margins: readonly RakeMargin[], options: RakeOptions = {}): RakeResult {
  const n = start.length;
  let cells = 1;
  for (const m of margins) cells *= Math.max(1, m.targets.length);
  if (margins.length < 2 || cells > Math.min(n, 1 << 22)) return rakeCases(start, margins, options);
  // aggregate to the cells of the cross-classification
  const strides = margins.map(() => 1);
  for (let m = margins.length - 2; m >= 0; m--) strides[m] = strides[m + 1]! * margins[m + 1]!.targets.length;
  const M = margins.length;
  const D = new Float64Array(cells);
  const cnt = new Int32Array(cells);
  const ixs = margins.map((m) => m.index);
  // the cell of case i is recomputed from the indices (no n-sized scratch array: fresh memory is costly)
  const cellOf = cellIndexer(ixs, strides);
  for (let i = 0; i < n; i++) {
    const c = cellOf(i);
    D[c]! += start[i]!;
    cnt[c]!++;
  }
  const present = new Int32Array(cells).fill(-1);
  let C = 0;
  for (let c = 0; c < cells; c++) if (cnt[c]! > 0) present[c] = C++;
  const dC = new Float64Array(C);
  const cellMargins: RakeMargin[] = margins.map((m) => ({ ...m, index: new Int32Array(C) }));
  for (let c = 0; c < cells; c++) {
    const k = present[c]!;
    if (k < 0) continue;
    dC[k] = D[c]!;
    let rest = c;
    for (let m = 0; m < M; m++) {
      cellMargins[m]!.index[k] = Math.floor(rest / strides[m]!);
      rest %= strides[m]!;
    }
  }
  const r = rakeCases(dC, cellMargins, { ...(options.tolerance !== undefined ? { tolerance: options.tolerance } : {}), ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}) });
  const factor = new Float64Array(cells);
  for (let c = 0; c < cells; c++) {
    const k = present[c]!;
    if (k >= 0) factor[c] = dC[k]! > 0 ? r.weights[k]! / dC[k]! : 0;
  }
  const w = options.into ?? new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = start[i]! * factor[cellOf(i)]!;
  return { weights: w, iterations: r.iterations, maxRelDeviation: r.maxRelDeviation };
}

/** A function from case to cell of the cross-classification, unrolled for 2–4 margins (hot loops). */
function cellIndexer(ixs: Int32Array[], strides: number[]): (i: number) => number {
  const M = ixs.length;
  if (M === 2) {
    const [i0, i1] = ixs as [Int32Array, Int32Array];
    const s0 = strides[0]!;
    return (i) => i0[i]! * s0 + i1[i]!;
  }
  if (M === 3) {
    const [i0, i1, i2] = ixs as [Int32Array, Int32Array, Int32Array];
    const [s0, s1] = strides as [number, number];
    return (i) => i0[i]! * s0 + i1[i]! * s1 + i2[i]!;
  }
  if (M === 4) {
    const [i0, i1, i2, i3] = ixs as [Int32Array, Int32Array, Int32Array, Int32Array];
    const [s0, s1, s2] = strides as [number, number, number];
    return (i) => i0[i]! * s0 + i1[i]! * s1 + i2[i]! * s2 + i3[i]!;
  }
  return (i) => {
    let c = 0;
    for (let m = 0; m < M; m++) c += ixs[m]![i]! * strides[m]!;
    return c;
  };
}

/** Case-level IPF kernel (see {@link rakeWeights}); also used on the aggregated table of cells. */
function rakeCases(start: Float64Array, margins: readonly RakeMargin[], options: RakeOptions = {}): RakeResult {
  const tol = options.tolerance ?? 1e-10;
  const maxIt = options.maxIterations ?? 1000;
  const n = start.length;
  const M = margins.length;
  const w = options.into ?? new Float64Array(n);
  if (w !== start) w.set(start);
  if (M === 0) return { weights: w, iterations: 0, maxRelDeviation: 0 };
  const idx = margins.map((m) => m.index);
  const tg = margins.map((m) => m.targets);
  const sums = margins.map((m) => new Float64Array(m.targets.length));
  const fac = margins.map((m) => new Float64Array(m.targets.length));

  // achieved sums of margin 0 at the start weights
  {
    const s = sums[0]!;
    const ix = idx[0]!;
    for (let i = 0; i < n; i++) s[ix[i]!]! += w[i]!;
  }
  let dev = Infinity;
  let worst = { m: 0, c: 0 };
  for (let it = 1; it <= maxIt; it++) {
    for (let m = 0; m < M; m++) {
      const s = sums[m]!;
      const t = tg[m]!;
      const f = fac[m]!;
      for (let c = 0; c < t.length; c++) f[c] = s[c]! > 0 ? t[c]! / s[c]! : t[c] === 0 ? 1 : 0;
      const ix = idx[m]!;
      if (m < M - 1) {
        const s2 = sums[m + 1]!;
        s2.fill(0);
        const ix2 = idx[m + 1]!;
        for (let i = 0; i < n; i++) {
          const v = w[i]! * f[ix[i]!]!;
          w[i] = v;
          s2[ix2[i]!]! += v;
        }
      } else {
        for (const s2 of sums) s2.fill(0);
        applyLast(w, ix, f, idx, sums);
      }
    }
    // deviation from the sums after the pass
    dev = 0;
    for (let m = 0; m < M; m++) {
      const s = sums[m]!;
      const t = tg[m]!;
      for (let c = 0; c < t.length; c++) {
        if (t[c] === 0) continue;
        const d = Math.abs(s[c]! - t[c]!) / t[c]!;
        if (!(d <= dev)) {
          dev = d;
          worst = { m, c };
        }
      }
    }
    if (dev < tol) return { weights: w, iterations: it, maxRelDeviation: dev };
  }
  const wm = margins[worst.m]!;
  const name = wm.variable ?? `margin ${worst.m + 1}`;
  const code = wm.codes?.[worst.c] ?? worst.c;
  let zeros = '';
  for (let a = 0; a < M; a++) {
    for (let b = a + 1; b < M; b++) {
      const ea = asEncoded(margins[a]!, a);
      const eb = asEncoded(margins[b]!, b);
      const e = emptyCombinations(ea, eb);
      if (e.empty.length) zeros += (zeros ? '; ' : '') + describeEmpty(e, 8);
    }
  }
  throw new DomainError('NOT_CONVERGED',
    `Raking did not converge after ${maxIt} passes: the largest relative margin deviation is ${dev.toExponential(3)} ` +
    `(${name} = ${code}: achieved ${sums[worst.m]![worst.c]}, target ${tg[worst.m]![worst.c]}), tolerance ${tol}.` +
    (zeros ? ` Empty combinations in the sample that may make the margins unreachable: ${zeros}. Collapse categories.` : ' Raise the iteration limit or collapse sparse categories.'),
    [{ message: `max relative deviation ${dev}`, path: [name, code], value: String(dev) }]);
}

/** Last margin of a pass: apply the factors and accumulate the sums of every margin (unrolled for ≤ 4). */
function applyLast(w: Float64Array, ix: Int32Array, f: Float64Array, idx: Int32Array[], sums: Float64Array[]): void {
  const n = w.length;
  const M = idx.length;
  if (M === 1) {
    const s0 = sums[0]!;
    for (let i = 0; i < n; i++) {
      const v = w[i]! * f[ix[i]!]!;
      w[i] = v;
      s0[ix[i]!]! += v;
    }
  } else if (M === 2) {
    const [i0, i1] = idx as [Int32Array, Int32Array];
    const [s0, s1] = sums as [Float64Array, Float64Array];
    for (let i = 0; i < n; i++) {
      const v = w[i]! * f[ix[i]!]!;
      w[i] = v;
      s0[i0[i]!]! += v;
      s1[i1[i]!]! += v;
    }
  } else if (M === 3) {
    const [i0, i1, i2] = idx as [Int32Array, Int32Array, Int32Array];
    const [s0, s1, s2] = sums as [Float64Array, Float64Array, Float64Array];
    for (let i = 0; i < n; i++) {
      const v = w[i]! * f[ix[i]!]!;
      w[i] = v;
      s0[i0[i]!]! += v;
      s1[i1[i]!]! += v;
      s2[i2[i]!]! += v;
    }
  } else if (M === 4) {
    const [i0, i1, i2, i3] = idx as [Int32Array, Int32Array, Int32Array, Int32Array];
    const [s0, s1, s2, s3] = sums as [Float64Array, Float64Array, Float64Array, Float64Array];
    for (let i = 0; i < n; i++) {
      const v = w[i]! * f[ix[i]!]!;
      w[i] = v;
      s0[i0[i]!]! += v;
      s1[i1[i]!]! += v;
      s2[i2[i]!]! += v;
      s3[i3[i]!]! += v;
    }
  } else {
    for (let i = 0; i < n; i++) w[i] = w[i]! * f[ix[i]!]!;
    for (let m = 0; m < M; m++) {
      const s = sums[m]!;
      const im = idx[m]!;
      for (let i = 0; i < n; i++) s[im[i]!]! += w[i]!;
    }
  }
}

function asEncoded(m: RakeMargin, k: number): { variable: string; codes: number[]; targets: Float64Array; index: Int32Array; counts: Int32Array } {
  const counts = new Int32Array(m.targets.length);
  for (let i = 0; i < m.index.length; i++) counts[m.index[i]!]!++;
  return { variable: m.variable ?? `margin ${k + 1}`, codes: m.codes ? [...m.codes] : Array.from(m.targets, (_, c) => c), targets: m.targets, index: m.index, counts };
}
