// Benchmark runner: runs every registered benchmark, prints median and p95 per figure, writes bench/results.json.
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
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

async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const quick = process.argv.includes('--quick');
  const files = readdirSync(join(here, 'benchmarks')).filter((f) => f.endsWith('.ts')).sort();
  const results: { benchmark: string; figure: string; unit: string; n: number; median: number; p95: number; note?: string }[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(here, 'benchmarks', f)).href)) as { benchmark: Benchmark };
    const b = mod.benchmark;
    if (only.length > 0 && !only.some((o) => b.name.includes(o))) continue;
    process.stdout.write(`\n# ${b.name}: ${b.description}\n`);
    const workDir = mkdtempSync(join(tmpdir(), 'veldwerk-bench-'));
    let figures: Figure[];
    try {
      figures = await b.run({ workDir, quick });
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
    for (const fig of figures) {
      const row = { benchmark: b.name, figure: fig.name, unit: fig.unit, n: fig.samples.length, median: median(fig.samples), p95: p95(fig.samples), ...(fig.note ? { note: fig.note } : {}) };
      results.push(row);
      process.stdout.write(`${fig.name.padEnd(52)} median ${row.median.toFixed(3).padStart(12)} ${fig.unit.padEnd(4)} p95 ${row.p95.toFixed(3).padStart(12)} ${fig.unit.padEnd(4)} n=${row.n}${fig.note ? `  ${fig.note}` : ''}\n`);
    }
  }
  const out = join(here, 'results.json');
  writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2));
  process.stdout.write(`\nwrote ${out}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
