// Linear calibration (GREG) and the weighted regression on the calibration variables used for its variance.
import { DomainError } from '../domain/errors';
import { solveSymmetricPsd } from './linalg';
import type { CalibrationModel } from './types';

/**
 * Column layout of the auxiliary vector x_i of a calibration model: an intercept (column 0) and, for every
 * margin, treatment-contrast dummies of its categories 1..k-1 (category 0 is the reference), as R's
 * model.matrix(~ a + b + …) builds them. p = 1 + Σ (k_m - 1).
 */
function layout(model: CalibrationModel): { p: number; offsets: number[] } {
  const offsets: number[] = [];
  let p = 1;
  for (const m of model.margins) {
    offsets.push(p - 1); // column of category c is offset + c (c ≥ 1)
    p += m.size - 1;
  }
  return { p, offsets };
}

/** Columns (≥ 0) of case i in x_i besides the intercept; -1 for a reference category. */
function columnsOf(model: CalibrationModel, offsets: number[], i: number, out: Int32Array): void {
  const ms = model.margins;
  for (let m = 0; m < ms.length; m++) {
    const c = ms[m]!.index[i]!;
    out[m] = c === 0 ? -1 : offsets[m]! + c;
  }
}

/** X'WX (p × p, row-major) for case weights `w`. */
function crossProduct(model: CalibrationModel, w: Float64Array): { a: Float64Array; p: number; offsets: number[] } {
  const { p, offsets } = layout(model);
  const a = new Float64Array(p * p);
  const M = model.margins.length;
  const cols = new Int32Array(M);
  const n = w.length;
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    columnsOf(model, offsets, i, cols);
    a[0]! += wi;
    for (let j = 0; j < M; j++) {
      const cj = cols[j]!;
      if (cj < 0) continue;
      a[cj]! += wi;
      for (let k = 0; k < M; k++) {
        const ck = cols[k]!;
        if (ck >= 0) a[cj * p + ck]! += wi;
      }
    }
  }
  for (let j = 1; j < p; j++) a[j * p] = a[j]!;
  return { a, p, offsets };
}

/**
 * Linear calibration (GREG; Deville & Särndal (1992), calfun "linear" of R survey::calibrate, closed form as
 * survey's regcalibrate): w_i = d_i (1 + x_i'λ) with λ = (Σ d_i x_i x_i')⁻¹ (T - Σ d_i x_i), where x_i is an
 * intercept plus the dummies of every margin and T the population totals (N, then the target of every
 * non-reference category). The weights meet every margin exactly; they are not bounded and may be negative.
 *
 * @param base start (base) weights d_i, length n, > 0
 * @param margins category index per case and target per category, per margin (all margins sum to N)
 * @returns the calibrated weights (new Float64Array) and the rank of Σ d x x'
 * @throws DomainError 'WEIGHTING_INPUT' when the calibration variables are collinear in the sample so that the
 *   margins cannot be met (rank-deficient system without a solution)
 */
export function calibrateLinear(base: Float64Array, margins: readonly { index: Int32Array; targets: Float64Array; variable?: string }[]): { weights: Float64Array; rank: number } {
  const model: CalibrationModel = { margins: margins.map((m) => ({ index: m.index, size: m.targets.length })), base };
  const { a, p, offsets } = crossProduct(model, base);
  const N = margins[0]!.targets.reduce((s, t) => s + t, 0);
  const rhs = new Float64Array(p);
  rhs[0] = N - a[0]!;
  margins.forEach((m, j) => {
    for (let c = 1; c < m.targets.length; c++) rhs[offsets[j]! + c] = m.targets[c]! - a[offsets[j]! + c]!;
  });
  const { x: lambda, rank } = solveSymmetricPsd(a, rhs, p, 1);
  const n = base.length;
  const w = new Float64Array(n);
  const cols = new Int32Array(margins.length);
  for (let i = 0; i < n; i++) {
    columnsOf(model, offsets, i, cols);
    let g = 1 + lambda[0]!;
    for (const c of cols) if (c >= 0) g += lambda[c]!;
    w[i] = base[i]! * g;
  }
  // verify the margins (a rank-deficient, inconsistent system cannot meet them)
  let worst = 0;
  let where = '';
  margins.forEach((m, j) => {
    const s = new Float64Array(m.targets.length);
    for (let i = 0; i < n; i++) s[m.index[i]!]! += w[i]!;
    for (let c = 0; c < s.length; c++) {
      const t = m.targets[c]!;
      const d = Math.abs(s[c]! - t) / Math.max(t, 1e-300);
      if (d > worst) {
        worst = d;
        where = `${m.variable ?? `margin ${j + 1}`} category ${c + 1}: achieved ${s[c]}, target ${t}`;
      }
    }
  });
  if (worst > 1e-8) {
    throw new DomainError('WEIGHTING_INPUT',
      `Linear calibration cannot meet the margins: the calibration variables are collinear in the sample (rank ${rank} of ${p}); ${where}. Collapse categories.`);
  }
  return { weights: w, rank };
}

/**
 * Residuals of the base-weighted least-squares regression of each column of `u` on the calibration
 * variables: e = u - X B with B = (X'DX)⁻ X'D u, D = diag(base weights), X = intercept + dummies of every
 * margin. This is the residual R survey uses for calibrated designs (svyrecvar: qr.resid(qr(X√d), x/(g√d))·g√d,
 * i.e. e_i = u_i - x_i'B, Särndal, Swensson & Wretman (1992) §6.6 GREG variance). Rank deficiency is handled
 * by a generalized inverse (residuals are unique).
 *
 * @param model margins (category index per case, category count) and base weights d
 * @param u columns of length n (e.g. the influence values divided by the final weight)
 * @returns residual columns (new arrays)
 */
export function calibrationResiduals(model: CalibrationModel, u: readonly Float64Array[]): Float64Array[] {
  const { a, p, offsets } = crossProduct(model, model.base);
  const q = u.length;
  const n = model.base.length;
  const M = model.margins.length;
  const rhs = new Float64Array(p * q);
  const cols = new Int32Array(M);
  for (let i = 0; i < n; i++) {
    const d = model.base[i]!;
    columnsOf(model, offsets, i, cols);
    for (let k = 0; k < q; k++) {
      const du = d * u[k]![i]!;
      if (du === 0) continue;
      rhs[k]! += du;
      for (const c of cols) if (c >= 0) rhs[c * q + k]! += du;
    }
  }
  const { x: B } = solveSymmetricPsd(a, rhs, p, q);
  const out = u.map((col) => Float64Array.from(col));
  for (let i = 0; i < n; i++) {
    columnsOf(model, offsets, i, cols);
    for (let k = 0; k < q; k++) {
      let fit = B[k]!;
      for (const c of cols) if (c >= 0) fit += B[c * q + k]!;
      out[k]![i]! -= fit;
    }
  }
  return out;
}
