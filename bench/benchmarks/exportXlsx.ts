// Benchmark: the export's Data sheet at 50,000 × 200 (+ id + weight) and 100,000 × 500, beside the anchor writers;
// and the whole default workbook of the Monitor example (`veldwerk demo --size full`, then `veldwerk export`).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeWorkbook } from '../../electron/backend/export/xlsxWriter';
import { buildExampleProject } from '../../electron/backend/services/example';
import { dataSheet, DatasetBuilder, infoSheet, type DatasetChunk, type DatasetSource } from '../../shared/export';
import { CHUNK_ROWS } from '../../electron/backend/export/loadDataset';
import type { Item, Questionnaire } from '../../shared/domain/questionnaire';
import type { Benchmark, Figure } from '../types';

const here = dirname(fileURLToPath(import.meta.url));
const anchors = resolve(here, '../../../shared/bench/xlsx');

/**
 * The anchors' data (shared/bench/xlsx/gen.js): codes from a 1024-row xorshift32 pool, weight from a multiplicative
 * hash, case IDs R000001…, as a {@link DatasetSource} that builds {@link CHUNK_ROWS} cases at a time — as the
 * export reads a project (openDataset), so the figures show the writer's memory, not a whole dataset in memory.
 */
function anchorSource(rows: number, cols: number): { q: Questionnaire; src: DatasetSource } {
  const items: Item[] = [];
  for (let j = 1; j <= cols; j++) {
    items.push({ kind: 'variable', variable: { name: `q${String(j).padStart(3, '0')}`, type: 'integer', label: { nl: `Vraag ${j}` }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false } });
  }
  items.push({ kind: 'variable', variable: { name: 'weight', type: 'decimal', label: { nl: 'Weight' }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false } });
  const q: Questionnaire = { id: 'bench', title: 'bench', version: '1', languages: ['nl'], defaultLanguage: 'nl', items, lists: [], missingDefaults: { oneDigit: [], twoDigit: [] } };
  let x = 2463534242 >>> 0;
  const pool: number[][] = [];
  for (let r = 0; r < 1024; r++) {
    const row: number[] = [];
    for (let j = 0; j < cols; j++) {
      x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
      row.push((x % 9) + 1);
    }
    pool.push(row);
  }
  const shape = new DatasetBuilder(q, [], { weight: 'weight' }).build();
  const chunk = (start: number): DatasetChunk => {
    const n = Math.min(CHUNK_ROWS, rows - start);
    const ids = Array.from({ length: n }, (_, i) => `R${String(start + i + 1).padStart(6, '0')}`);
    const ds = new DatasetBuilder(q, ids, { weight: 'weight' }).build();
    // Fill the typed arrays directly (the loader's per-value path is measured by the integration tests).
    for (let j = 0; j < cols; j++) {
      const c = ds.columns[j]!;
      if (c.kind !== 'number') throw new Error('unexpected column');
      for (let i = 0; i < n; i++) c.values[i] = pool[(start + i) % 1024]![j]!;
    }
    const w = ds.columns[cols]!;
    if (w.kind !== 'number') throw new Error('unexpected column');
    const wv = new Float64Array(n);
    for (let i = 0; i < n; i++) wv[i] = 0.25 + ((Math.imul(start + i + 1, 2654435761) >>> 0) / 4294967296) * 3.5;
    w.values = wv;
    return { start, ds };
  };
  let current: DatasetChunk | null = null;
  const src: DatasetSource = {
    kind: 'source',
    columns: shape.columns,
    weight: 'weight',
    rowCount: rows,
    excluded: [],
    chunkAt(row) {
      if (!current || row < current.start || row >= current.start + current.ds.caseIds.length) current = chunk(row - (row % CHUNK_ROWS));
      return current;
    },
  };
  return { q, src };
}

/** Child mode: write the Data sheet (+ Info) and print time, peak RSS and size as JSON. */
async function child(out: string, rows: number, cols: number): Promise<void> {
  const t0 = performance.now();
  const { q, src } = anchorSource(rows, cols);
  const meta = { projectTitle: 'bench', projectId: 'bench', questionnaireId: 'bench', questionnaireVersion: '1', exportedAt: new Date().toISOString(), appVersion: '0', filters: [], excludedCount: 0, includeIdentifiers: false, identifiersLeftOut: [] };
  await writeWorkbook(out, [dataSheet(q, src)], (o) => infoSheet(meta, src, o));
  const s = (performance.now() - t0) / 1000;
  process.stdout.write(`${JSON.stringify({ case: 'veldwerk', write_s: s, maxrss_mb: process.resourceUsage().maxRSS / 1024, bytes: statSync(out).size })}\n`);
}

/**
 * The whole default workbook of the Monitor example: builds the example project (not timed), then runs
 * `veldwerk export <project> --out <file> --json` in a child under GNU time (its default profile: every sheet, the
 * headline tables). Figures: the export's wall time (process start to exit, so including loading the dataset),
 * peak RSS, file size, cases and sheets.
 */
export async function exampleWorkbook(workDir: string, size: 'small' | 'full', tsx: string): Promise<Figure[]> {
  const projectPath = join(workDir, `monitor-${size}.vwk`);
  const { project, report } = await buildExampleProject(projectPath, 2014, size, 'bench');
  project.close();
  const out = join(workDir, `monitor-${size}.xlsx`);
  const cli = resolve(here, '../../electron/cli/main.ts');
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', tsx, cli, 'export', projectPath, '--out', out, '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`veldwerk export of the example failed: ${(r.stderr ?? '').split('\n').slice(-8).join(' ')}`);
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  const cpu = ['User', 'System'].reduce((a, k) => a + Number(new RegExp(`${k} time \\(seconds\\): ([\\d.]+)`).exec(r.stderr)?.[1] ?? NaN), 0);
  // The same process doing nothing but start (tsx compiling the CLI), to tell start-up from the export.
  const idle = spawnSync('/usr/bin/time', ['-v', tsx, cli, '--help'], { encoding: 'utf8' });
  const idleCpu = ['User', 'System'].reduce((a, k) => a + Number(new RegExp(`${k} time \\(seconds\\): ([\\d.]+)`).exec(idle.stderr)?.[1] ?? NaN), 0);
  const rep = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { bytes: number; cases: number; columns: number; sheets: string[] };
  const label = `Monitor example (${size}, ${report.respondents} respondents) default workbook`;
  const what = `${rep.cases} cases × ${rep.columns} columns; sheets ${rep.sheets.join(', ')}`;
  return [
    { name: `${label} export time`, unit: 's', samples: [wall], note: `wall time of the veldwerk export process incl. start-up and loading; ${what}` },
    { name: `${label} export CPU`, unit: 's', samples: [cpu], note: `user + system CPU of that process; start-up alone (veldwerk --help) ${idleCpu.toFixed(1)} s` },
    { name: `${label} peak RSS`, unit: 'MiB', samples: [rss] },
    { name: `${label} file size`, unit: 'MiB', samples: [rep.bytes / 1048576], note: `${rep.bytes} bytes` },
  ];
}

interface Run {
  name: string;
  wall: number;
  rssMb: number;
  bytes: number;
  /** User + system CPU seconds of the whole process (less sensitive than wall time to other load on the machine). */
  cpu: number;
  error?: string;
}

function timed(name: string, cmd: string, args: string[], out: string, env: NodeJS.ProcessEnv = process.env): Run {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) return { name, wall: NaN, rssMb: NaN, bytes: NaN, cpu: NaN, error: (r.stderr ?? '').split('\n').slice(-5).join(' ') };
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  const json = (r.stdout.split('\n').find((l) => l.startsWith('{')) ?? '{}');
  const inproc = JSON.parse(json) as { write_s?: number };
  const cpu = ['User', 'System'].reduce((a, k) => a + Number(new RegExp(`${k} time \\(seconds\\): ([\\d.]+)`).exec(r.stderr)?.[1] ?? NaN), 0);
  return { name, wall: inproc.write_s ?? NaN, rssMb: rss, bytes: existsSync(out) ? statSync(out).size : NaN, cpu };
}

function python(): string | null {
  for (const p of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(p, ['-c', 'import openpyxl, xlsxwriter'], { encoding: 'utf8' }).status === 0) return p;
  }
  return null;
}

export const benchmark: Benchmark = {
  name: 'export-xlsx',
  description: 'Data sheet of the export (id + codes + weight) vs libxlsxwriter, XlsxWriter and openpyxl on the same data; the Monitor example\'s whole default workbook',
  async run({ workDir, quick }) {
    const haveTime = existsSync('/usr/bin/time');
    if (!haveTime) throw new Error('GNU time is needed at /usr/bin/time (apt-get install time)');
    const sizes: [number, number, boolean][] = quick ? [[5_000, 200, true], [10_000, 500, false]] : [[50_000, 200, true], [100_000, 500, false]];
    const missing: string[] = [];
    let lxw: string | null = join(workDir, 'write_libxlsxwriter');
    try {
      execFileSync('gcc', ['-O2', '-o', lxw, join(anchors, 'write_libxlsxwriter.c'), '-lxlsxwriter'], { stdio: 'pipe' });
    } catch {
      lxw = null;
      missing.push('libxlsxwriter (apt-get install libxlsxwriter-dev, gcc)');
    }
    const py = python();
    if (!py) missing.push('python3-openpyxl / python3-xlsxwriter');
    const self = fileURLToPath(import.meta.url);
    const tsx = resolve(here, '../../node_modules/.bin/tsx');
    const figures: Figure[] = [];
    for (const [rows, cols, withPython] of sizes) {
      const label = `${rows} × ${cols}`;
      const runs: Run[] = [];
      const ours = join(workDir, `veldwerk-${rows}.xlsx`);
      runs.push(timed('veldwerk (exceljs stream, level 6, throttled)', tsx, [self, '--child', ours, String(rows), String(cols)], ours));
      if (lxw) {
        const f = join(workDir, `lxw-${rows}.xlsx`);
        runs.push(timed('libxlsxwriter (C, constant_memory)', lxw, [f, String(rows), String(cols)], f));
      }
      if (py && withPython) {
        const f1 = join(workDir, `xlsxwriter-${rows}.xlsx`);
        runs.push(timed('XlsxWriter (python, constant_memory)', py, [join(anchors, 'write_xlsxwriter.py'), f1, String(rows), String(cols)], f1));
        const f2 = join(workDir, `openpyxl-${rows}.xlsx`);
        runs.push(timed('openpyxl (python, write_only)', py, [join(anchors, 'write_openpyxl.py'), f2, String(rows), String(cols)], f2));
      }
      const base = runs.find((r) => r.name.startsWith('libxlsxwriter'));
      const v = runs[0]!;
      for (const r of runs) {
        if (r.error) process.stdout.write(`  ${r.name} failed: ${r.error}\n`);
        const ratio = base && r !== base ? `; vs libxlsxwriter: time ×${(r.wall / base.wall).toFixed(2)}, CPU ×${(r.cpu / base.cpu).toFixed(2)}, size ×${(r.bytes / base.bytes).toFixed(3)}` : '';
        figures.push({ name: `${label} ${r.name} write time`, unit: 's', samples: [r.wall], note: `CPU ${r.cpu.toFixed(1)} s, peak RSS ${r.rssMb.toFixed(0)} MiB, file ${(r.bytes / 1048576).toFixed(1)} MiB${ratio}` });
      }
      figures.push({ name: `${label} veldwerk peak RSS`, unit: 'MiB', samples: [v.rssMb], note: 'goal < 300 MiB, not growing with rows' });
      figures.push({ name: `${label} veldwerk file size`, unit: 'MiB', samples: [v.bytes / 1048576] });
    }
    // Rows alone: the same 500 columns at a quarter of the rows, to tell growth with rows from growth with columns.
    const fewRows = quick ? 2_500 : 25_000;
    const few = join(workDir, `veldwerk-${fewRows}.xlsx`);
    const fr = timed('veldwerk', tsx, [self, '--child', few, String(fewRows), '500'], few);
    figures.push({ name: `${fewRows} × 500 veldwerk peak RSS`, unit: 'MiB', samples: [fr.rssMb], note: `compare with ${sizes[1]![0]} × 500: growth with the rows alone (goal: none; the cases are read in chunks)` });
    figures.push(...(await exampleWorkbook(workDir, quick ? 'small' : 'full', tsx)));
    if (missing.length > 0) figures.push({ name: 'anchors missing', unit: '-', samples: [missing.length], note: missing.join('; ') });
    return figures;
  },
};

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1]) && process.argv[2] === '--child') {
  const [out, rows, cols] = process.argv.slice(3);
  await child(out!, Number(rows), Number(cols));
}
