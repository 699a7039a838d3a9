// The example's whole chain as the issue's "done when" line runs it: `demo` → `export` (the example's default
// profile) → ../shared/tools/check-xlsx; the Tables sheet read back holds the headline table with real values.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import Database from 'better-sqlite3';
import { runCli } from '../../electron/cli/cli';
import { defaultProfileName, listProfiles, setDefaultProfile } from '../../electron/backend/export/profiles';
import { openProjectForWrite } from '../../electron/backend/db/open';
import { EXAMPLE_PROFILE } from '../../electron/backend/services/example';
import { estimate } from '../../electron/backend/services/weighting';
import { VICTIMISATION_ROWS } from '../../shared/example/report';
import { tempDir } from '../helpers/tmp';

const dir = tempDir('veldwerk-example-chain-');
const CHECK_XLSX = resolve(__dirname, '../../../shared/tools/check-xlsx');

function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  return Promise.resolve(runCli(argv, { out: (t: string) => { out += t; }, err: (t: string) => { err += t; } })).then((code) => ({ code, out, err }));
}

/** Whether /usr/bin/python3 (or python3 on PATH) can import openpyxl, which check-xlsx needs. */
function haveOpenpyxl(): boolean {
  return ['/usr/bin/python3', 'python3'].some((py) => spawnSync(py, ['-c', 'import openpyxl'], { encoding: 'utf8' }).status === 0);
}

async function tablesSheet(path: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet('Tables');
  if (!ws) throw new Error('no Tables sheet');
  const rows: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, r) => { rows[r - 1] = Array.from((row.values as unknown[]).slice(1), (v) => v ?? null); });
  return rows;
}

describe('the example chain: demo → export → check-xlsx', () => {
  it('writes the report workbook whose Tables sheet holds the headline table next to the published figures', async () => {
    const project = join(dir, 'm.vwk'), xlsx = join(dir, 'm.xlsx');
    const d = await cli('demo', project);
    expect(d.err).toBe('');
    expect(d.code).toBe(0);
    const e = await cli('export', project, '--out', xlsx);
    expect(e.err).toBe('');
    expect(e.code).toBe(0);
    expect(e.out).toContain('Tables');
    if (!existsSync(CHECK_XLSX) || !haveOpenpyxl()) {
      console.warn(`SKIPPED check-xlsx: ${existsSync(CHECK_XLSX) ? 'no python3 with openpyxl (apt-get install python3-openpyxl)' : `${CHECK_XLSX} not found`}`);
    } else {
      const r = spawnSync(CHECK_XLSX, [xlsx, '--forbid-formulas', '-q'], { encoding: 'utf8', timeout: 170_000 });
      expect(`${r.stdout}${r.stderr}`).toMatch(/RESULT: PASS/);
      expect(r.status).toBe(0);
    }
    const rows = await tablesSheet(xlsx);
    expect(rows[0]!.slice(0, 10)).toEqual(['Variable', 'Code', 'Label', '%', 'CI low', 'CI high', 'n', 'flag', 'Gepubliceerd 2012', 'Gepubliceerd 2014']);
    expect(rows[1]!.slice(0, 3)).toEqual(['slachtoffer_d', null, 'Slachtoffer van agressie of geweld door burgers, afgelopen 12 maanden']);
    const headline = rows.slice(2, 2 + VICTIMISATION_ROWS.length);
    expect(headline.map((r) => r[2])).toEqual(VICTIMISATION_ROWS.map((r) => r.label));
    const byLabel = new Map(headline.map((r) => [r[2] as string, r]));
    for (const pub of VICTIMISATION_ROWS) {
      const r = byLabel.get(pub.label)!;
      expect(r[0]).toBe('slachtoffer_d');
      expect(r[1]).toBe(1);
      expect(r[8] ?? null).toBe(pub.p2012 === null ? null : pub.p2012 / 100);
      expect(r[9] ?? null).toBe(pub.p2014 === null ? null : pub.p2014 / 100);
    }
    // the two target groups: real estimates inside their CIs, bases that add up to the weighted respondents
    const db = new Database(project, { readonly: true });
    const weighted = (scheme: string) => (db.prepare('SELECT count(*) AS n FROM weighting_weight w JOIN weighting_scheme s ON s.id = w.scheme_id WHERE s.name = ?').get(scheme) as { n: number }).n;
    const [mw, pa] = [byLabel.get('Medewerkers')!, byLabel.get('Politieke ambtsdragers')!];
    for (const r of [mw, pa]) {
      const [p, lo, hi, n] = r.slice(3, 7) as number[];
      expect(p).toBeGreaterThan(0.05);
      expect(p).toBeLessThan(0.6);
      expect(lo).toBeLessThan(p!);
      expect(hi).toBeGreaterThan(p!);
      expect(n).toBeGreaterThan(100);
    }
    expect(mw[6] as number).toBeLessThanOrEqual(weighted('Medewerkers'));
    expect(pa[6] as number).toBeLessThanOrEqual(weighted('Politieke ambtsdragers'));
    expect(mw[6] as number).toBeGreaterThan(weighted('Medewerkers') - 5);
    // the headline % of each group is the weighting service's estimate with that group's scheme
    const wp = await openProjectForWrite(project, 'test');
    try {
      for (const [scheme, r] of [['Medewerkers', mw], ['Politieke ambtsdragers', pa]] as const) {
        const est = estimate(wp.db, scheme, 'slachtoffer_d').tables[0]!;
        expect(r[3] as number).toBeCloseTo(est.categories.find((c) => c.code === 1)!.proportion, 10);
        expect(r[6]).toBe(est.nNonMissing);
      }
    } finally {
      wp.close();
    }
    // functions add up to the office holders; at least the three municipal functions have an estimate
    const fn = ['Burgemeesters', 'Wethouders', 'Gemeenteraadsleden', 'Gedeputeerden', 'Statenleden', 'Commissarissen van de Koning', 'Dijkgraven', 'Heemraden / leden algemeen bestuur'];
    expect(fn.reduce((s, l) => s + (byLabel.get(l)![6] as number), 0)).toBe(pa[6]);
    for (const l of fn.slice(0, 3)) expect(typeof byLabel.get(l)![3]).toBe('number');
    db.close();
    // the avoidance indicators follow with their published figures; the sources are noted
    const moeilijk = rows.filter((r) => r[0] === 'verm_moeilijk' && r[1] === 1);
    expect(moeilijk.map((r) => [r[2], r[8] ?? null, r[9]])).toEqual([['Medewerkers', null, 0.16], ['Politieke ambtsdragers', 0.18, 0.18]]);
    expect(rows.some((r) => typeof r[2] === 'string' && r[2].startsWith('Note: Gepubliceerd 2014: I&O Research (2014)'))).toBe(true);
    // the by-group tables come after, under their own header row
    expect(rows.some((r) => r[0] === 'slachtoffer_d' && r[2] === 'slachtoffer_d by functie')).toBe(false);
    expect(rows.some((r) => r[0] === 'Variable' && r[3] === 'functie=11 %')).toBe(true);
  }, 300_000);

  it('the default profile is the example report; an unknown default is refused; without one no tables are chosen', async () => {
    const project = join(dir, 'm.vwk');
    const p = await openProjectForWrite(project, 'test');
    try {
      expect(defaultProfileName(p.db)).toBe(EXAMPLE_PROFILE);
      expect(listProfiles(p.db).map((x) => x.name)).toContain(EXAMPLE_PROFILE);
      expect(() => setDefaultProfile(p.db, 'geen')).toThrow(/No export profile named geen/);
      setDefaultProfile(p.db, null);
      expect(defaultProfileName(p.db)).toBeNull();
    } finally {
      p.close();
    }
    const e = await cli('export', project, '--out', join(dir, 'plain.xlsx'), '--sheets', 'tables,info');
    expect(e.code).toBe(0);
    const rows = await tablesSheet(join(dir, 'plain.xlsx'));
    expect(rows[1]![0]).toBe('(none)'); // no default profile: no tables chosen
  }, 120_000);
});
