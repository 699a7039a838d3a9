// Small dense linear algebra for calibration: a pivoted Cholesky solve of symmetric positive semi-definite systems.

/** Result of {@link solveSymmetricPsd}. */
export interface PsdSolve {
  /** Solution columns, row-major [p × q]. */
  x: Float64Array;
  /** Numerical rank of the matrix. */
  rank: number;
}

/**
 * Solves A X = B for a symmetric positive semi-definite p × p matrix A (row-major) and q right-hand sides
 * (row-major p × q), by Cholesky factorisation with diagonal pivoting (Golub & Van Loan, Matrix Computations,
 * §4.2.8 "pivoted Cholesky"). Pivots below `relTol` × the largest diagonal are treated as zero: the
 * corresponding unknowns are set to 0, which gives a solution of the normal equations whenever they are
 * consistent (for least-squares normal equations the fitted values and residuals are then unique, like R's
 * qr.resid with a rank-deficient model).
 *
 * @param a symmetric p × p matrix, row-major (not modified)
 * @param b right-hand sides, row-major p × q (not modified)
 * @param p order of A; @param q number of right-hand sides
 * @param relTol relative pivot tolerance (default 1e-10)
 * @returns the solution (row-major p × q) and the numerical rank
 */
export function solveSymmetricPsd(a: Float64Array, b: Float64Array, p: number, q: number, relTol = 1e-10): PsdSolve {
  const L = Float64Array.from(a);
  const perm = Int32Array.from({ length: p }, (_, i) => i);
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, a[i * p + i]!);
  const tol = relTol * maxDiag;
  let rank = 0;
  // In-place pivoted Cholesky on the permuted matrix stored in L (lower triangle used).
  for (let k = 0; k < p; k++) {
    let piv = k;
    for (let j = k + 1; j < p; j++) if (L[j * p + j]! > L[piv * p + piv]!) piv = j;
    if (!(L[piv * p + piv]! > tol)) break;
    if (piv !== k) {
      swapSym(L, p, k, piv);
      const t = perm[k]!;
      perm[k] = perm[piv]!;
      perm[piv] = t;
    }
    const d = Math.sqrt(L[k * p + k]!);
    L[k * p + k] = d;
    for (let i = k + 1; i < p; i++) L[i * p + k]! /= d;
    // update the whole trailing block (kept symmetric so later pivot swaps stay valid)
    for (let j = k + 1; j < p; j++) {
      const ljk = L[j * p + k]!;
      for (let i = k + 1; i < p; i++) L[i * p + j]! -= L[i * p + k]! * ljk;
    }
    rank++;
  }
  const x = new Float64Array(p * q);
  const y = new Float64Array(rank);
  for (let col = 0; col < q; col++) {
    // forward: L11 y = P b (first `rank` rows)
    for (let i = 0; i < rank; i++) {
      let s = b[perm[i]! * q + col]!;
      for (let k = 0; k < i; k++) s -= L[i * p + k]! * y[k]!;
      y[i] = s / L[i * p + i]!;
    }
    // backward: L11' z = y
    for (let i = rank - 1; i >= 0; i--) {
      let s = y[i]!;
      for (let k = i + 1; k < rank; k++) s -= L[k * p + i]! * y[k]!;
      y[i] = s / L[i * p + i]!;
    }
    for (let i = 0; i < rank; i++) x[perm[i]! * q + col] = y[i]!;
  }
  return { x, rank };
}

/** Swaps rows/columns i and j of the lower triangle (and diagonal) of a symmetric matrix stored full. */
function swapSym(m: Float64Array, p: number, i: number, j: number): void {
  // Operate on the full matrix for simplicity: swap rows then columns.
  for (let c = 0; c < p; c++) {
    const t = m[i * p + c]!;
    m[i * p + c] = m[j * p + c]!;
    m[j * p + c] = t;
  }
  for (let r = 0; r < p; r++) {
    const t = m[r * p + i]!;
    m[r * p + i] = m[r * p + j]!;
    m[r * p + j] = t;
  }
}
