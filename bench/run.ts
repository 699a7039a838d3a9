// Benchmark runner: runs every registered benchmark, each in a fresh child process (as JMH forks a fresh JVM per
// benchmark), prints median and p95 per figure, writes bench/results.json.
//
//   tsx bench/run.ts [--quick] [name …]         parent: selects benchmarks (name substring), one child each
//   tsx bench/run.ts --child <file> --work-dir <dir> --out <json> [--quick]   child: runs one benchmark file
//
// Why a child per benchmark: in one process a benchmark inherits the previous ones' heap (an old generation full of
// their garbage), so its timings include major collections it did not cause — the 100 rules × 50,000 cases run took
// 0.86–1.6 s after the 20,000-case runs against 0.77–0.87 s alone. A child starts with an empty heap and the same node
// and loader flags as the parent (process.execPath + process.execArgv, i.e. tsx's loader).
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Benchmark, Figure } from './types';

/** Median of a non-empty sample (mean of the two middle values for even n). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** 95th percentile by the nearest-rank method (Hyndman & Fan type 1). */
export function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(0.95 * s.length) - 1)]!;
}

/** What a child writes to its `--out` file: the benchmark's figures and the child process's own resource use. */
interface ChildReport {
  figures: Figure[];
  /** Peak resident set size of the child process (MiB). */
  maxRssMiB: number;
  /** User + system CPU of the child process, start-up and loading included (ms). */
  cpuMs: number;
}

const self = fileURLToPath(import.meta.url);
const here = dirname(self);

/** The value after `flag` in `args`, or undefined. */
function option(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

async function loadBenchmark(file: string): Promise<Benchmark> {
  return ((await import(pathToFileURL(join(here, 'benchmarks', file)).href)) as { benchmark: Benchmark }).benchmark;
}

/**
 * Child mode: runs the benchmark exported by `bench/benchmarks/<file>` in this (fresh) process and writes a
 * {@link ChildReport} as JSON to `out`. Errors propagate (non-zero exit, stack on stderr).
 */
async function child(file: string, workDir: string, out: string, quick: boolean): Promise<void> {
  const b = await loadBenchmark(file);
  const figures = await b.run({ workDir, quick });
  const cpu = process.cpuUsage();
  const report: ChildReport = { figures, maxRssMiB: process.resourceUsage().maxRSS / 1024, cpuMs: (cpu.user + cpu.system) / 1000 };
  writeFileSync(out, JSON.stringify(report));
}

/**
 * Runs `bench/benchmarks/<file>` in a child process: the same node binary and flags as this process, stdout and
 * stderr passed through. Returns the child's report and wall time; throws when the child fails (exit code or signal)
 * or writes no report. `workDir` is created fresh and removed afterwards.
 */
async function runInChild(file: string, quick: boolean): Promise<ChildReport & { wallMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'veldwerk-bench-'));
  const workDir = join(dir, 'work');
  const out = join(dir, 'figures.json');
  mkdirSync(workDir);
  try {
    const args = [...process.execArgv, self, '--child', file, '--work-dir', workDir, '--out', out, ...(quick ? ['--quick'] : [])];
    const t0 = performance.now();
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit, reject) => {
      const p = spawn(process.execPath, args, { stdio: 'inherit' });
      p.on('error', reject);
      p.on('exit', (c, s) => resolveExit({ code: c, signal: s }));
    });
    const wallMs = performance.now() - t0;
    if (code !== 0) throw new Error(`benchmark ${file} failed in its child process (${signal ? `signal ${signal}` : `exit code ${code}`}); its error is above`);
    let report: ChildReport;
    try {
      report = JSON.parse(readFileSync(out, 'utf8')) as ChildReport;
    } catch (e) {
      throw new Error(`benchmark ${file}: its child process exited without a readable report (${(e as Error).message})`, { cause: e });
    }
    return { ...report, wallMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const childFile = option(argv, '--child');
  if (childFile !== undefined) {
    const workDir = option(argv, '--work-dir');
    const out = option(argv, '--out');
    if (!workDir || !out) throw new Error('--child needs --work-dir <dir> and --out <file>');
    await child(childFile, workDir, out, quick);
    return;
  }
  const only = argv.filter((a) => !a.startsWith('--'));
  const files = readdirSync(join(here, 'benchmarks')).filter((f) => f.endsWith('.ts')).sort();
  const results: { benchmark: string; figure: string; unit: string; n: number; median: number; p95: number; note?: string }[] = [];
  const failed: string[] = [];
  for (const f of files) {
    // Importing a benchmark only defines it (name, description); it runs in the child.
    const b = await loadBenchmark(f);
    if (only.length > 0 && !only.some((o) => b.name.includes(o))) continue;
    process.stdout.write(`\n# ${b.name}: ${b.description}\n`);
    let report: ChildReport & { wallMs: number };
    try {
      report = await runInChild(f, quick);
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\n`);
      failed.push(b.name);
      continue;
    }
    for (const fig of report.figures) {
      const row = { benchmark: b.name, figure: fig.name, unit: fig.unit, n: fig.samples.length, median: median(fig.samples), p95: p95(fig.samples), ...(fig.note ? { note: fig.note } : {}) };
      results.push(row);
      process.stdout.write(`${fig.name.padEnd(52)} median ${row.median.toFixed(3).padStart(12)} ${fig.unit.padEnd(4)} p95 ${row.p95.toFixed(3).padStart(12)} ${fig.unit.padEnd(4)} n=${row.n}${fig.note ? `  ${fig.note}` : ''}\n`);
    }
    process.stdout.write(`(own process: wall ${(report.wallMs / 1000).toFixed(1)} s, CPU ${(report.cpuMs / 1000).toFixed(1)} s, peak RSS ${report.maxRssMiB.toFixed(0)} MiB — start-up and set-up included)\n`);
  }
  if (failed.length > 0) {
    process.stderr.write(`\n${failed.length} benchmark(s) failed: ${failed.join(', ')}; bench/results.json not written\n`);
    process.exitCode = 1;
    return;
  }
  const out = join(here, 'results.json');
  writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2));
  process.stdout.write(`\nwrote ${out}\n`);
}

if (process.argv[1] && self === process.argv[1]) {
  await main();
}
