// Post-stratification: closed-form adjustment of the base weights to the population count of every cell.

/**
 * Post-stratifies base weights to cell counts (Holt & Smith (1979); R survey::postStratify):
 * w_i = d_i · N_c / Σ_{j ∈ c} d_j for the cell c of case i. Cells with target 0 and no respondents are
 * allowed; every cell with respondents must have a target (validated before, see prepareWeighting).
 *
 * @param base base weights d_i, length n, > 0
 * @param cellIndex cell index (0..k-1) per case
 * @param targets population count N_c per cell, length k
 * @returns the post-stratified weights (new Float64Array)
 */
export function poststratifyWeights(base: Float64Array, cellIndex: Int32Array, targets: Float64Array): Float64Array {
  const n = base.length;
  const sums = new Float64Array(targets.length);
  for (let i = 0; i < n; i++) sums[cellIndex[i]!]! += base[i]!;
  const f = new Float64Array(targets.length);
  for (let c = 0; c < f.length; c++) f[c] = sums[c]! > 0 ? targets[c]! / sums[c]! : 1;
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = base[i]! * f[cellIndex[i]!]!;
  return w;
}
