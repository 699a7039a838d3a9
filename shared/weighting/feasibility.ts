// Structural zeros: empty combinations of two weighting variables and whether both margins can still be met.
import type { ErrorIssue } from '../domain/errors';
import type { EncodedMargin } from './types';

/** Empty combinations (structural zeros of the sample) of two encoded margins: pairs of category indices. */
export interface EmptyCombinations {
  a: EncodedMargin;
  b: EncodedMargin;
  /** Respondents per combination, row-major [ka × kb]. */
  table: Int32Array;
  /** Combinations with no respondent, as [index in a, index in b]; only categories with respondents. */
  empty: [number, number][];
}

/**
 * Cross-tabulates two encoded margins and lists the empty combinations among categories that have respondents.
 *
 * @param a first margin (category index per case)
 * @param b second margin
 * @returns respondent counts per combination and the empty combinations
 */
export function emptyCombinations(a: EncodedMargin, b: EncodedMargin): EmptyCombinations {
  const ka = a.codes.length;
  const kb = b.codes.length;
  const table = new Int32Array(ka * kb);
  const ia = a.index;
  const ib = b.index;
  for (let i = 0; i < ia.length; i++) table[ia[i]! * kb + ib[i]!]!++;
  const empty: [number, number][] = [];
  for (let x = 0; x < ka; x++) {
    if (a.counts[x] === 0) continue;
    for (let y = 0; y < kb; y++) if (b.counts[y]! > 0 && table[x * kb + y] === 0) empty.push([x, y]);
  }
  return { a, b, table, empty };
}

/** A category of an encoded margin in words: its `describe` (a crossed margin's cell by its components), else `variable = code`. */
export function categoryText(m: EncodedMargin, code: number): string {
  return m.describe ? m.describe(code) : `${m.variable} = ${code}`;
}

/** Formats empty combinations as "a = 1 × b = 2, …" (at most `max`). */
export function describeEmpty(e: EmptyCombinations, max = 12): string {
  const parts = e.empty.slice(0, max).map(([x, y]) => `${categoryText(e.a, e.a.codes[x]!)} × ${categoryText(e.b, e.b.codes[y]!)}`);
  return e.empty.length > max ? `${parts.join(', ')}, … (${e.empty.length} in all)` : parts.join(', ');
}

/**
 * Checks that the margins of two raking variables can be met jointly, given which combinations occur in the
 * sample (raking can only move weight within combinations that have respondents). A non-negative table with
 * the two target margins, zero on the empty combinations, exists iff the maximum flow of the bipartite
 * network source → a (capacity target_a) → b (if the combination occurs) → sink (capacity target_b) equals the
 * population total (max-flow / min-cut; Hall's condition, cf. Bishop, Fienberg & Holland (1975) on
 * structural zeros and the existence of IPF solutions). A failing check returns the violated Hall set: the
 * categories of `a` that occur only together with a set of categories of `b` whose targets are smaller.
 *
 * This is a necessary condition (checked per pair); with three or more margins raking can still fail,
 * which raking reports as non-convergence together with the empty combinations.
 *
 * @param a first margin; @param b second margin; @param _base base weights (positive; unused except as a guard)
 * @returns null when reachable, otherwise a message naming the empty combinations and the counts, with issues
 */
export function checkPairwiseReachable(a: EncodedMargin, b: EncodedMargin, _base: Float64Array): { message: string; issues: ErrorIssue[] } | null {
  const e = emptyCombinations(a, b);
  if (e.empty.length === 0) return null;
  const ka = a.codes.length;
  const kb = b.codes.length;
  const N = ka + kb + 2;
  const S = ka + kb;
  const T = S + 1;
  const cap = new Float64Array(N * N);
  let total = 0;
  for (let x = 0; x < ka; x++) {
    cap[S * N + x] = a.targets[x]!;
    total += a.targets[x]!;
  }
  for (let y = 0; y < kb; y++) cap[(ka + y) * N + T] = b.targets[y]!;
  for (let x = 0; x < ka; x++) for (let y = 0; y < kb; y++) if (e.table[x * kb + y]! > 0) cap[x * N + ka + y] = Infinity;
  // Edmonds–Karp.
  const eps = 1e-12 * total;
  let flow = 0;
  const prev = new Int32Array(N);
  for (;;) {
    prev.fill(-1);
    prev[S] = S;
    const queue = [S];
    for (let q = 0; q < queue.length && prev[T] === -1; q++) {
      const u = queue[q]!;
      for (let v = 0; v < N; v++) {
        if (prev[v] === -1 && cap[u * N + v]! > eps) {
          prev[v] = u;
          queue.push(v);
        }
      }
    }
    if (prev[T] === -1) break;
    let f = Infinity;
    for (let v = T; v !== S; v = prev[v]!) f = Math.min(f, cap[prev[v]! * N + v]!);
    for (let v = T; v !== S; v = prev[v]!) {
      cap[prev[v]! * N + v]! -= f;
      cap[v * N + prev[v]!]! += f;
    }
    flow += f;
  }
  if (flow >= total * (1 - 1e-9)) return null;
  // Reachable set from the source in the residual graph = violated Hall set.
  const seen = new Uint8Array(N);
  seen[S] = 1;
  const stack = [S];
  while (stack.length) {
    const u = stack.pop()!;
    for (let v = 0; v < N; v++) {
      if (!seen[v] && cap[u * N + v]! > eps) {
        seen[v] = 1;
        stack.push(v);
      }
    }
  }
  const setA: number[] = [];
  const setB: number[] = [];
  for (let x = 0; x < ka; x++) if (seen[x] && a.targets[x]! > 0) setA.push(x);
  for (let y = 0; y < kb; y++) if (seen[ka + y]) setB.push(y);
  const tA = setA.reduce((s, x) => s + a.targets[x]!, 0);
  const tB = setB.reduce((s, y) => s + b.targets[y]!, 0);
  const catsA = setA.map((x) => categoryText(a, a.codes[x]!)).join(', ');
  const catsB = setB.length ? setB.map((y) => categoryText(b, b.codes[y]!)).join(', ') : `no category of ${b.variable}`;
  const message = `The margins of ${a.variable} and ${b.variable} cannot both be met because of empty combinations in the sample ` +
    `(${describeEmpty(e)}): respondents in ${catsA} occur only together with ${catsB}, but the targets of ${catsA} sum to ${tA} ` +
    `and those of ${catsB} to only ${tB}. Collapse categories or correct the targets.`;
  // One issue for the whole problem (reason and params: the UI words it in its language), the combinations in its params.
  const issues: ErrorIssue[] = [{
    message: `${a.variable} and ${b.variable}: respondents in ${catsA} occur only together with ${catsB} (empty combinations ${describeEmpty(e)}); targets ${tA} against ${tB}`,
    path: [a.variable, b.variable],
    value: describeEmpty(e),
    reason: 'weighting.input.unreachable',
    params: { a: a.variable, b: b.variable, catsA, catsB, targetA: tA, targetB: tB, empty: describeEmpty(e) },
  }];
  return { message, issues };
}
