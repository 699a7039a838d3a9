// Integration tests of the export's Weighting and Tables sheets on the weighting fixture, read back with exceljs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import Database from 'better-sqlite3';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { runCli } from '../../electron/cli/cli';
import { schemeMarginsFromFile } from '../../electron/backend/services/weighting';
import type { Output } from '../../shared/contract/api';
import type { ExportRunOutput } from '../../shared/contract/export';
import { tempDir } from '../helpers/tmp';
import { createMonitorProject, employeesScheme, officeHoldersScheme, POPULATION_CSV } from './weightingFixture';
import { describeWeightingWarning, weightingWarnings } from '../../shared/weighting/diagnostics';

const dir = tempDir('veldwerk-export-tables-');
/** R with the survey package (r-cran-survey), for the direct check of the calibration-aware CIs. */
const haveRSurvey = spawnSync('Rscript', ['-e', 'suppressMessages(library(survey))'], { stdio: 'ignore' }).status === 0;
let backend: Backend;
let project: string;
let ambt: Output<'weighting.run'>;
let mw: Output<'weighting.run'>;

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await backend.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function sheet(path: string, name: string): Promise<{ rows: unknown[][]; ws: ExcelJS.Worksheet; names: string[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name} (has ${wb.worksheets.map((w) => w.name).join(', ')})`);
  const rows: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, r) => {
    rows[r - 1] = Array.from((row.values as unknown[]).slice(1), (v) => v ?? null);
  });
  return { rows, ws, names: wb.worksheets.map((w) => w.name) };
}

/** The cell of a data row under a header. */
function at(rows: unknown[][], row: unknown[], header: string): unknown {
  const j = rows[0]!.indexOf(header);
  if (j < 0) throw new Error(`no column ${header}`);
  return row[j] ?? null;
}

beforeAll(async () => {
  project = await createMonitorProject(join(dir, 'monitor.vwk'));
  // One office holder answers veiligheid with the user-missing code 9 (not a weighting variable: the run is unaffected).
  const db = new Database(project);
  db.prepare("UPDATE response SET value = '9' WHERE variable = 'veiligheid' AND case_pk = (SELECT case_pk FROM response WHERE variable = 'functie' AND value = '11' ORDER BY case_pk LIMIT 1)").run();
  db.close();
  backend = createBackend({ appDataDir: join(dir, 'appdata'), hostLabel: 'test' });
  await call('project.open', { path: project });
  const targets = await call<Output<'weighting.targetsFromFile'>>('weighting.targetsFromFile', { path: POPULATION_CSV });
  await call('weighting.saveScheme', { scheme: officeHoldersScheme(schemeMarginsFromFile(targets, 'politiek_ambtsdrager', ['functie'])) });
  await call('weighting.saveScheme', { scheme: employeesScheme(schemeMarginsFromFile(targets, 'medewerker', ['laag*geslacht', 'laag*lft4'])) });
  ambt = await call('weighting.run', { name: 'ambtsdragers', operator: 'methodoloog' });
  mw = await call('weighting.run', { name: 'medewerkers', operator: 'methodoloog' });
});
afterAll(() => backend?.close());

describe('Weighting sheet', () => {
  const out = join(dir, 'default.xlsx');
  let report: ExportRunOutput;
  beforeAll(async () => {
    report = await call('export.run', { path: out });
  });

  it('is in the default workbook after Frequencies, followed by Tables', () => {
    expect(report.sheets).toEqual(['Data', 'Labels', 'Variables', 'Value labels', 'Missing values', 'Frequencies', 'Weighting', 'Tables', 'Fieldwork', 'Cleaning log', 'Exclusions', 'Info']);
  });

  it('shows each scheme: spec, run diagnostics and targets vs achieved equal to the stored result', async () => {
    const { rows } = await sheet(out, 'Weighting');
    expect(rows[0]!.slice(0, 4)).toEqual(['Scheme', 'Section', 'Item', 'Value']);
    for (const d of [ambt, mw]) {
      const mine = rows.filter((r) => r[0] === d.scheme);
      const item = (name: string) => mine.find((r) => r[2] === name)?.[3];
      expect(item('Method')).toBe(d.method);
      expect(item('Iterations')).toBe(d.iterations);
      expect(item('Kish deff')).toBe(d.summary.kishDeff);
      expect(item('Effective n')).toBe(d.summary.effectiveN);
      expect(item('Weight min')).toBe(d.summary.min);
      expect(item('Weight max')).toBe(d.summary.max);
      expect(item('Weight mean')).toBe(d.summary.mean);
      expect(item('Weight CV')).toBe(d.summary.cv);
      expect(item('Final max relative deviation')).toBe(d.maxRelDeviation);
      expect(item('Input SHA-256')).toBe(d.inputHash);
      expect(item('Weights SHA-256')).toBe(d.weightsHash);
      // Warnings (small cells, extreme weights) with their remedy, as the Weighting area shows them.
      expect(mine.filter((r) => r[2] === 'Warning').map((r) => r[3])).toEqual(weightingWarnings(d).map((w) => describeWeightingWarning(w)));
      const margins = mine.filter((r) => r[1] === 'targets vs achieved');
      expect(margins).toHaveLength(d.margins.length);
      d.margins.forEach((m, k) => {
        const r = margins[k]!;
        expect([r[2], String(r[4]), at(rows, r, 'Target'), at(rows, r, 'Achieved'), at(rows, r, 'Respondents')]).toEqual([m.variable, m.code, m.target, m.achieved, m.respondents]);
        const total = d.margins.filter((x) => x.variable === m.variable).reduce((s, x) => s + x.achieved, 0);
        expect(at(rows, r, 'Achieved %') as number).toBeCloseTo(m.achieved / total, 12);
      });
    }
    expect(rows.find((r) => r[0] === 'ambtsdragers' && r[2] === 'Group filter')?.[3]).toBe('groep = 1');
    expect(rows.find((r) => r[0] === 'medewerkers' && r[2] === 'Margins')?.[3]).toBe('laag*geslacht; laag*lft4');
  });

  it('Tables without a choice explains how to choose tables (no default tables)', async () => {
    const { rows } = await sheet(out, 'Tables');
    expect(rows).toHaveLength(2);
    expect(String(rows[1]![2])).toMatch(/No tables chosen.*--tables/);
  });

  it('a project without schemes gets an explanatory row', async () => {
    const bare = await createMonitorProject(join(dir, 'bare.vwk'));
    const b2 = createBackend({ appDataDir: join(dir, 'appdata2'), hostLabel: 'test' });
    try {
      const r = await b2.dispatch('project.open', { path: bare });
      expect(r.ok).toBe(true);
      const x = join(dir, 'bare.xlsx');
      const w = await b2.dispatch('export.run', { path: x, sheets: ['weighting'] });
      expect(w.ok).toBe(true);
      const { rows } = await sheet(x, 'Weighting');
      expect(rows).toHaveLength(2);
      expect(String(rows[1]![3])).toMatch(/no weighting schemes/);
    } finally {
      b2.close();
    }
  });
});

describe('Tables sheet', () => {
  const out = join(dir, 'tables.xlsx');
  let est: Output<'weighting.estimate'>;
  beforeAll(async () => {
    await call('export.run', { path: out, sheets: ['tables'], tables: { variables: ['slachtoffer', 'veiligheid'], by: 'functie', weight: 'ambtsdragers' } });
    est = await call('weighting.estimate', { name: 'ambtsdragers', variable: 'slachtoffer', by: 'functie' });
  });

  it('weighted %, calibration-aware logit 95 % CI and n equal weighting.estimate for every functie and Total to 1e-12', async () => {
    const { rows, ws } = await sheet(out, 'Tables');
    const block = rows.filter((r) => r[0] === 'slachtoffer' && typeof r[1] === 'number');
    let compared = 0;
    for (const t of est.tables) {
      const head = t.subgroup === null ? 'Total' : `functie=${t.subgroup}`;
      for (const c of t.categories) {
        const r = block.find((x) => x[1] === c.code)!;
        const n = at(rows, r, `${head} n`);
        if (n === null) continue; // suppressed (not in this export: flag is the default)
        expect(n).toBe(c.respondents);
        expect(Math.abs((at(rows, r, `${head} %`) as number) - c.proportion)).toBeLessThanOrEqual(1e-12);
        // The export holds exactly the scheme's sample, so the CI uses the scheme's calibration residuals.
        expect(Math.abs((at(rows, r, `${head} CI low`) as number) - c.ci95LogitCalibrated![0])).toBeLessThanOrEqual(1e-12);
        expect(Math.abs((at(rows, r, `${head} CI high`) as number) - c.ci95LogitCalibrated![1])).toBeLessThanOrEqual(1e-12);
        compared++;
      }
      const base = rows.find((x) => x[0] === 'slachtoffer' && x[2] === 'Base (unweighted n)')!;
      expect(at(rows, base, `${head} n`)).toBe(t.nNonMissing);
    }
    expect(compared).toBeGreaterThan(10);
    // percentages as numbers with a % format
    const j = rows[0]!.indexOf('Total %') + 1;
    const cell = ws.getRow(rows.findIndex((x) => x === block[0]) + 1).getCell(j);
    expect(typeof cell.value).toBe('number');
    expect(cell.numFmt).toBe('0.0%');
  });

  it('leaves user-missing codes out of the base, as weighting.estimate does', async () => {
    const { rows } = await sheet(out, 'Tables');
    const v = await call<Output<'weighting.estimate'>>('weighting.estimate', { name: 'ambtsdragers', variable: 'veiligheid', by: 'functie' });
    const base = rows.find((x) => x[0] === 'veiligheid' && x[2] === 'Base (unweighted n)')!;
    expect(at(rows, base, 'Total n')).toBe(199);
    expect(at(rows, base, 'functie=11 n')).toBe(v.tables.find((t) => t.subgroup === '11')!.nNonMissing);
    for (const c of v.tables.find((t) => t.subgroup === '11')!.categories) {
      const r = rows.find((x) => x[0] === 'veiligheid' && x[1] === c.code)!;
      expect(Math.abs((at(rows, r, 'functie=11 %') as number) - c.proportion)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs((at(rows, r, 'functie=11 CI high') as number) - c.ci95LogitCalibrated![1])).toBeLessThanOrEqual(1e-12);
    }
    expect(rows.some((x) => x[0] === 'veiligheid' && String(x[2]).includes('user-missing codes (8, 9)'))).toBe(true);
  });

  it('a saved profile carries the tables choice to the CLI', async () => {
    await call('export.saveProfile', { profile: { name: 'Rapport', sheets: ['tables'], tables: { variables: ['slachtoffer'], by: 'functie', weight: 'w_pa', minN: 50, smallCells: 'suppress' } } });
    const x = join(dir, 'profile.xlsx');
    const io = { out: () => undefined, err: () => undefined };
    expect(await runCli(['export', project, '--out', x, '--profile', 'rapport'], io)).toBe(0);
    const { rows, names } = await sheet(x, 'Tables');
    expect(names).toEqual(['Tables', 'Info']);
    const r = rows.find((y) => y[0] === 'slachtoffer' && y[1] === 1)!;
    expect(at(rows, r, 'functie=11 flag')).toBe('suppressed: n < 50');
    expect(Math.abs((at(rows, r, 'Total %') as number) - est.tables[0]!.categories[1]!.proportion)).toBeLessThanOrEqual(1e-12);
    expect(rows.some((y) => String(y[2]).includes('weighted with w_pa (weighting scheme ambtsdragers)'))).toBe(true);
  });

  it('flags small columns "n < 10" by default and notes the base rules', async () => {
    const { rows } = await sheet(out, 'Tables');
    const small = est.tables.filter((t) => t.nNonMissing < 10 && t.subgroup !== null);
    expect(small.length).toBeGreaterThan(0);
    const r = rows.find((x) => x[0] === 'slachtoffer' && typeof x[1] === 'number')!;
    for (const t of est.tables.filter((x) => x.subgroup !== null)) {
      expect(at(rows, r, `functie=${t.subgroup} flag`)).toBe(t.nNonMissing < 10 ? 'n < 10' : null);
    }
    expect(at(rows, r, `functie=${small[0]!.subgroup} %`)).not.toBeNull();
    expect(rows.some((x) => String(x[2]).includes('excluded from the base'))).toBe(true);
    expect(rows.some((x) => String(x[2]).includes('weighted with weighting scheme ambtsdragers'))).toBe(true);
  });

  it('suppresses them with --suppress on the CLI, with a configurable minimum n', async () => {
    const x = join(dir, 'cli.xlsx');
    let o = '';
    let e = '';
    const io = { out: (t: string) => { o += t; }, err: (t: string) => { e += t; } };
    // the app holds the project open; the CLI opens it read-only
    const code = await runCli(['export', project, '--out', x, '--sheets', 'tables', '--tables', 'slachtoffer', '--by', 'functie', '--tables-weight', 'ambtsdragers', '--min-n', '30', '--suppress'], io);
    expect({ code, e }).toEqual({ code: 0, e: '' });
    expect(o).toContain('Tables');
    const { rows } = await sheet(x, 'Tables');
    const r = rows.find((y) => y[0] === 'slachtoffer' && typeof y[1] === 'number')!;
    let suppressed = 0;
    for (const t of est.tables.filter((y) => y.subgroup !== null)) {
      const head = `functie=${t.subgroup}`;
      if (t.nNonMissing < 30) {
        suppressed++;
        expect([at(rows, r, `${head} %`), at(rows, r, `${head} CI low`), at(rows, r, `${head} CI high`), at(rows, r, `${head} n`), at(rows, r, `${head} flag`)]).toEqual([null, null, null, null, 'suppressed: n < 30']);
      } else {
        expect(Math.abs((at(rows, r, `${head} %`) as number) - t.categories[0]!.proportion)).toBeLessThanOrEqual(1e-12);
      }
    }
    expect(suppressed).toBeGreaterThan(0);
    expect(rows.some((y) => String(y[2]).includes('are suppressed (left empty)'))).toBe(true);
  });

  it.skipIf(!haveRSurvey)('calibration-aware logit CIs equal R svyciprop on the post-stratified design (postStratify, subset) to 2e-9', async () => {
    const x = join(dir, 'r.xlsx');
    await call('export.run', { path: x, sheets: ['data', 'tables'], weight: 'w_pa', tables: { variables: ['slachtoffer'], by: 'functie', weight: 'ambtsdragers' } });
    const data = (await sheet(x, 'Data')).rows;
    const { rows } = await sheet(x, 'Tables');
    const col = (h: string) => data[0]!.indexOf(h);
    const codes = rows.filter((r) => r[0] === 'slachtoffer' && typeof r[1] === 'number').map((r) => r[1] as number);
    // The scheme's sample = the cases with w_pa; outcome codes outside the table's rows (empty, user-missing) are NA.
    const csv = ['functie,y,w', ...data.slice(1).filter((r) => typeof r[col('w_pa')] === 'number').map((r) => {
      const y = r[col('slachtoffer')];
      return `${r[col('functie')] as number},${typeof y === 'number' && codes.includes(y) ? y : 'NA'},${r[col('w_pa')] as number}`;
    })].join('\n');
    const csvPath = join(dir, 'r.csv');
    writeFileSync(csvPath, csv);
    // Post-stratifying the final weights again to their own cell totals leaves them unchanged (g = 1) and gives
    // the same residuals as from the base weights (within a post-stratum the two differ by a constant factor).
    const script = `suppressMessages(library(survey))
d <- read.csv("${csvPath}"); d$y <- factor(d$y, levels = c(${codes.join(',')}))
pop <- aggregate(w ~ functie, d, sum); names(pop) <- c("functie", "Freq")
ps <- postStratify(svydesign(ids = ~1, weights = ~w, data = d), ~functie, pop)
ci <- function(des, k) suppressWarnings(eval(bquote(svyciprop(~I(y == .(k)), des, na.rm = TRUE))))
out <- function(label, des) { m <- svymean(~y, des, na.rm = TRUE); lim <- sapply(c(${codes.join(',')}), function(k) as.numeric(attr(ci(des, k), "ci")))
  cat(label, sprintf("%.17g", coef(m)), sprintf("%.17g", SE(m)), sprintf("%.17g", lim[1, ]), sprintf("%.17g", lim[2, ]), "\n") }
out("Total", ps)
for (f in sort(unique(d$functie))) out(paste0("functie=", f), subset(ps, functie == f))`;
    const r = spawnSync('Rscript', ['-e', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    let compared = 0;
    for (const line of r.stdout.trim().split('\n')) {
      const [head, ...nums] = line.trim().split(/\s+/);
      const K = codes.length;
      const p = nums.slice(0, K).map(Number);
      const se = nums.slice(K, 2 * K).map(Number);
      const lo = nums.slice(2 * K, 3 * K).map(Number);
      const hi = nums.slice(3 * K, 4 * K).map(Number);
      if (!rows[0]!.includes(`${head} %`)) continue;
      codes.forEach((code, k) => {
        const row = rows.find((y) => y[0] === 'slachtoffer' && y[1] === code)!;
        if (!Number.isFinite(se[k]!) || at(rows, row, `${head} %`) === null) return;
        expect(Math.abs((at(rows, row, `${head} %`) as number) - p[k]!)).toBeLessThanOrEqual(1e-9);
        // svyciprop's limits come from an IRLS fit (glm convergence 1e-8): they agree with the closed form to ~1e-10
        expect(Math.abs((at(rows, row, `${head} CI low`) as number) - lo[k]!), `${head} ${code} CI low`).toBeLessThanOrEqual(2e-9);
        expect(Math.abs((at(rows, row, `${head} CI high`) as number) - hi[k]!), `${head} ${code} CI high`).toBeLessThanOrEqual(2e-9);
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(10);
    expect(rows.some((y) => String(y[2]).includes('calibration residuals'))).toBe(true);
  }, 120_000);

  it('falls back to fixed-weight CIs (and says why) when an export filter leaves part of the scheme\'s sample out', async () => {
    const x = join(dir, 'filtered.xlsx');
    await call('export.run', { path: x, sheets: ['tables'], filter: { variable: 'functie', codes: ['11', '12'] }, tables: { variables: ['slachtoffer'], by: 'functie', weight: 'ambtsdragers' } });
    const { rows } = await sheet(x, 'Tables');
    expect(rows.some((y) => /CIs with the weights taken as fixed \(the export holds \d+ of the scheme's \d+ weighted cases\)/.test(String(y[2])))).toBe(true);
    expect(rows.some((y) => String(y[2]).includes('with the weights taken as fixed, subgroups as domains'))).toBe(true);
  });

  it('refuses a grouping variable that is not single choice, and an unknown weight', async () => {
    const r1 = await backend.dispatch('export.run', { path: join(dir, 'bad.xlsx'), sheets: ['tables'], tables: { variables: ['slachtoffer'], by: 'nope' } });
    expect(r1.ok ? 'ok' : r1.error.code).toBe('INVALID_INPUT');
    const r2 = await backend.dispatch('export.run', { path: join(dir, 'bad.xlsx'), sheets: ['tables'], tables: { variables: ['slachtoffer'], by: 'functie', weight: 'geen' } });
    expect(r2.ok ? 'ok' : r2.error.code).toBe('INVALID_INPUT');
  });
});
