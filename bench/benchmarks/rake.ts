// Benchmark: raking 1,000,000 cases on 4 margins (4 × 2 × 6 × 12) to 1e-10, side by side with R survey::rake and vectorised R IPF.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeWeights, rakeWeights, type RakeMargin, type WeightingSpec } from '../../shared/weighting';
import type { Benchmark, Figure } from '../types';

const SIZES = [4, 2, 6, 12];
const NAMES = ['region4', 'sex2', 'age6', 'month12'];
const TOL = 1e-10;
const RUNS = 5;

/** Deterministic synthetic sample with unequal, correlated categories; targets from a positive reweighting (always reachable). */
function synthetic(n: number): { margins: RakeMargin[]; spec: WeightingSpec; cols: Float64Array[] } {
  let s = 0x2545f491;
  const rnd = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const pick = (p: number[]): number => {
    let u = rnd() * p.reduce((a, b) => a + b, 0);
    for (let k = 0; k < p.length; k++) if ((u -= p[k]!) < 0) return k;
    return p.length - 1;
  };
  const idx = SIZES.map(() => new Int32Array(n));
  const truth = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = pick([0.1, 0.2, 0.3, 0.4]);
    const b = rnd() < 0.35 + 0.08 * a ? 1 : 0;
    const c = pick([0.06, 0.16, 0.22, 0.24, 0.18 + 0.05 * b, 0.14]);
    const e = pick([1, 2, 3, 4, 5, 6, 6, 5, 4, 3, 2, 1].map((x, k) => x + (k === a ? 3 : 0)));
    idx[0]![i] = a;
    idx[1]![i] = b;
    idx[2]![i] = c;
    idx[3]![i] = e;
    // population weight: nonresponse depends on every variable and on an interaction
    truth[i] = Math.exp(0.4 * a - 0.3 * b + 0.15 * c - 0.05 * e + 0.2 * (a === 3 && c < 2 ? 1 : 0)) * (0.5 + rnd());
  }
  const targets = SIZES.map((k, m) => {
    const t = new Float64Array(k);
    for (let i = 0; i < n; i++) t[idx[m]![i]!]! += truth[i]!;
    // round to whole population counts, keep every margin on the same total (first margin's)
    const r = Float64Array.from(t, (x) => Math.round(x * 10));
    return r;
  });
  const total = targets[0]!.reduce((a, b) => a + b, 0);
  for (const t of targets.slice(1)) {
    const diff = total - t.reduce((a, b) => a + b, 0);
    t[t.length - 1]! += diff;
  }
  const margins = idx.map((index, m) => ({ index, targets: targets[m]!, variable: NAMES[m]!, codes: Array.from({ length: SIZES[m]! }, (_, c) => c + 1) }));
  const cols = idx.map((ix) => Float64Array.from(ix, (c) => c + 1));
  const spec: WeightingSpec = {
    method: 'rake', tolerance: TOL, maxIterations: 1000,
    margins: margins.map((m) => ({ variable: m.variable, categories: Array.from(m.targets, (count, c) => ({ code: c + 1, count })) })),
  };
  return { margins, spec, cols };
}

const R_SCRIPT = String.raw`
args <- commandArgs(trailingOnly = TRUE); wd <- args[1]; reps <- as.integer(args[2]); tol <- as.numeric(args[3])
suppressPackageStartupMessages(library(survey))
d <- read.csv(file.path(wd, "sample.csv")); tg <- read.csv(file.path(wd, "targets.csv"))
vars <- c("region4", "sex2", "age6", "month12"); n <- nrow(d)
for (v in vars) d[[v]] <- factor(d[[v]], levels = sort(tg$category_code[tg$variable == v]))
d$w0 <- 1
des0 <- svydesign(ids = ~1, weights = ~w0, data = d)
sm <- lapply(vars, function(v) as.formula(paste0("~", v)))
pm <- lapply(vars, function(v) { t <- tg[tg$variable == v, ]; t <- t[order(t$category_code), ]
  df <- data.frame(factor(t$category_code, levels = t$category_code), Freq = as.double(t$population_count)); names(df)[1] <- v; df })
idx <- lapply(vars, function(v) as.integer(d[[v]]))
tgv <- lapply(pm, function(p) p$Freq)
ipf <- function() {
  w <- rep(1, n)
  for (it in 1:1000) {
    for (m in seq_along(idx)) { s <- as.vector(rowsum(w, idx[[m]], reorder = TRUE)); w <- w * (tgv[[m]] / s)[idx[[m]]] }
    dev <- max(unlist(lapply(seq_along(idx), function(m) abs(as.vector(rowsum(w, idx[[m]], reorder = TRUE)) - tgv[[m]]) / tgv[[m]])))
    if (dev < tol) break
  }
  list(w = w, it = it, dev = dev)
}
ipf_ms <- numeric(0)
for (r in seq_len(reps)) { invisible(gc()); t0 <- proc.time()[["elapsed"]]; res <- ipf(); ipf_ms <- c(ipf_ms, 1000 * (proc.time()[["elapsed"]] - t0)) }
cat("IPF_MS", ipf_ms, "\n"); cat("IPF_PASSES", res$it, "\n"); cat("IPF_DEV", res$dev, "\n")
writeBin(as.double(res$w), file.path(wd, "r_ipf_w.bin"), size = 8, endian = "little")
rake_ms <- numeric(0); warns <- character(0)
for (r in seq_len(reps)) {
  invisible(gc()); t0 <- proc.time()[["elapsed"]]
  rk <- withCallingHandlers(rake(des0, sm, pm, control = list(maxit = 1000, epsilon = 1e-13)),
    warning = function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") })
  rake_ms <- c(rake_ms, 1000 * (proc.time()[["elapsed"]] - t0))
}
cat("RAKE_MS", rake_ms, "\n"); cat("RAKE_WARNINGS", length(warns), "\n")
w <- as.vector(weights(rk))
dev <- max(unlist(lapply(seq_along(idx), function(m) abs(as.vector(rowsum(w, idx[[m]], reorder = TRUE)) - tgv[[m]]) / tgv[[m]])))
cat("RAKE_DEV", dev, "\n")
writeBin(as.double(w), file.path(wd, "r_rake_w.bin"), size = 8, endian = "little")
cat("R_VERSION", R.version.string, "survey", as.character(packageVersion("survey")), "\n")
`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function maxRelDiff(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.abs(b[i]!));
  return worst;
}

function rAvailable(): boolean {
  const r = spawnSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(survey))'], { encoding: 'utf8' });
  return r.status === 0;
}

/** Raking benchmark (see file header). */
export const benchmark: Benchmark = {
  name: 'rake',
  description: 'raking 1,000,000 cases on 4 margins (4 × 2 × 6 × 12) to max relative margin deviation 1e-10, vs R survey::rake and vectorised R IPF',
  async run(ctx) {
    const n = ctx.quick ? 100_000 : 1_000_000;
    const { margins, spec, cols } = synthetic(n);
    const start = new Float64Array(n).fill(1);
    rakeWeights(start, margins, { tolerance: TOL }); // warm-up (JIT)
    const ts: number[] = [];
    let last = rakeWeights(start, margins, { tolerance: TOL });
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      last = rakeWeights(start, margins, { tolerance: TOL });
      ts.push(performance.now() - t0);
    }
    const full: number[] = [];
    const sample = { n, variables: Object.fromEntries(NAMES.map((v, m) => [v, cols[m]!])) };
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      computeWeights(sample, spec);
      full.push(performance.now() - t0);
    }
    const tsMed = median(ts);
    const figures: Figure[] = [];
    const label = `${n.toLocaleString('en-US')} cases`;
    let tsNote = `${last.iterations} IPF passes (run on the ≤ 576 non-empty cells of the cross-classification, after one aggregation pass over the cases; one expansion pass back), final max rel deviation ${last.maxRelDeviation.toExponential(2)}`;

    if (!rAvailable()) {
      tsNote += '; R comparison skipped: Rscript with the survey package is not installed (apt-get install r-cran-survey)';
      figures.push({ name: `TS rake kernel, ${label}`, unit: 'ms', samples: ts, note: tsNote });
      figures.push({ name: `TS computeWeights (validate + rake + diagnostics), ${label}`, unit: 'ms', samples: full });
      return figures;
    }
    // write the same data for R
    const lines = [`${NAMES.join(',')}`];
    for (let i = 0; i < n; i++) lines.push(`${cols[0]![i]},${cols[1]![i]},${cols[2]![i]},${cols[3]![i]}`);
    writeFileSync(join(ctx.workDir, 'sample.csv'), `${lines.join('\n')}\n`);
    const tl = ['variable,category_code,population_count'];
    margins.forEach((m) => m.targets.forEach((t, c) => tl.push(`${m.variable},${c + 1},${t}`)));
    writeFileSync(join(ctx.workDir, 'targets.csv'), `${tl.join('\n')}\n`);
    writeFileSync(join(ctx.workDir, 'bench.R'), R_SCRIPT);
    const rRuns = ctx.quick ? 3 : RUNS;
    const r = spawnSync('Rscript', [join(ctx.workDir, 'bench.R'), ctx.workDir, String(rRuns), String(TOL)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) {
      figures.push({ name: `TS rake kernel, ${label}`, unit: 'ms', samples: ts, note: `${tsNote}; R run failed: ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}` });
      return figures;
    }
    const get = (key: string): string[] => (r.stdout.split('\n').find((l) => l.startsWith(`${key} `)) ?? '').split(/\s+/).slice(1).filter(Boolean);
    const rakeMs = get('RAKE_MS').map(Number);
    const ipfMs = get('IPF_MS').map(Number);
    const readBin = (f: string): Float64Array | null => {
      const p = join(ctx.workDir, f);
      if (!existsSync(p)) return null;
      const b = readFileSync(p);
      return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    };
    const wRake = readBin('r_rake_w.bin');
    const wIpf = readBin('r_ipf_w.bin');
    const dRake = wRake ? maxRelDiff(last.weights, wRake) : NaN;
    const dIpf = wIpf ? maxRelDiff(last.weights, wIpf) : NaN;
    const rakeRatio = median(rakeMs) / tsMed;
    const ipfRatio = median(ipfMs) / tsMed;
    tsNote += `; ${rakeRatio.toFixed(1)}× faster than converged survey::rake (goal ≥ 40×), ${ipfRatio.toFixed(1)}× faster than vectorised R IPF (goal ≥ 3×); ` +
      `max rel weight diff vs R rake ${dRake.toExponential(2)}, vs R IPF ${dIpf.toExponential(2)}`;
    figures.push({ name: `TS rake kernel, ${label}`, unit: 'ms', samples: ts, note: tsNote });
    figures.push({ name: `TS computeWeights (validate + rake + diagnostics), ${label}`, unit: 'ms', samples: full,
      note: `${(median(rakeMs) / median(full)).toFixed(1)}× faster than survey::rake, ${(median(ipfMs) / median(full)).toFixed(1)}× than R IPF` });
    figures.push({ name: `R survey::rake (maxit 1000, epsilon 1e-13), ${label}`, unit: 'ms', samples: rakeMs,
      note: `timed inside R (proc.time); ${get('RAKE_WARNINGS').join('')} non-convergence warnings; final max rel deviation ${get('RAKE_DEV').join('')}; ${get('R_VERSION').join(' ')}` });
    figures.push({ name: `R vectorised IPF (rowsum), ${label}`, unit: 'ms', samples: ipfMs,
      note: `timed inside R; ${get('IPF_PASSES').join('')} passes to max rel deviation ${get('IPF_DEV').join('')}` });
    return figures;
  },
};
