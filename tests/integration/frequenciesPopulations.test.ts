// The Frequencies sheet with the weight of a scheme for one group (employees only): n, Percent and Valid percent count
// every exported case, the weighted valid percent only the cases with a weight, and the sheet says so — a note row on
// the populations and "n with weight", the unweighted base of the weighted percent, per row and in the Total.
// On a real SQLite project file (Monitor questionnaire: 10 office holders, 60 employees), exported through the CLI.
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { runCli } from '../../electron/cli/cli';
import { openProjectForWrite } from '../../electron/backend/db/open';
import { runScheme, saveScheme } from '../../electron/backend/services/weighting';
import { tempDir } from '../helpers/tmp';
import { createMonitorProject } from './weightingFixture';

const dir = tempDir('veldwerk-freq-pop-');
let project: string;

async function frequencies(path: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const rows: unknown[][] = [];
  wb.getWorksheet('Frequencies')!.eachRow((r) => rows.push(Array.from((r.values as unknown[]).slice(1), (v) => v ?? null)));
  return rows;
}

beforeAll(async () => {
  project = await createMonitorProject(join(dir, 'p.vwk'), { officeHolders: 10, employees: 60, excluded: 0, open: 0, seed: 4 });
  const p = await openProjectForWrite(project, 'test');
  try {
    // Employees (groep 2) grossed up to 1,200: a weight of 20 each; office holders get none.
    saveScheme(p.db, { name: 'mw', group: { variable: 'groep', codes: [2] }, method: 'rake', weightVariable: 'w_mw', weightVariableN: null, margins: [{ variables: ['groep'], categories: [{ codes: [2], value: 1200 }] }] }, 'test');
    expect(runScheme(p.db, 'mw', 'test').cases.weighted).toBe(60);
  } finally {
    p.close();
  }
}, 120_000);

describe('Frequencies with a weight for one group', () => {
  it('states both populations and gives the weighted percent its own base n', async () => {
    const out = join(dir, 'w.xlsx');
    let err = '';
    expect(await runCli(['export', project, '--out', out, '--weight', 'w_mw', '--sheets', 'Frequencies'], { out: () => undefined, err: (t: string) => { err += t; } }), err).toBe(0);
    const rows = await frequencies(out);
    expect(rows[0]).toEqual(['Variable', 'Label', 'Value', 'Value label', 'n', 'Percent', 'Valid percent', 'Weighted valid percent', 'n with weight', 'Flag']);
    expect(rows[1]![0]).toBe('(note)');
    expect(rows[1]![1]).toBe('Populations: n, Percent and Valid percent count all 70 exported cases. Weighted valid percent counts only the 60 cases with a weight w_mw '
      + '(a weighting scheme for one group weights only that group; the other cases are outside its population, not weight 0). n with weight counts the cases with a weight unweighted: '
      + 'per value; in the Valid total row the base of the weighted valid percent (cases with a weight and a valid value); in the Total row every case with a weight, those without a valid value too.');
    const groep = rows.filter((r) => r[0] === 'groep');
    // [value, n, valid %, weighted valid %, n with weight]
    expect(groep.map((r) => [r[2], r[4], r[6], r[7], r[8]])).toEqual([
      [1, 10, (100 * 10) / 70, 0, 0],
      [2, 60, (100 * 60) / 70, 100, 60],
      [8, 0, null, null, 0],
      [9, 0, null, null, 0],
      [null, 0, null, null, 0],
      [null, 70, 100, 100, 60],
      [null, 70, null, null, 60],
    ]);
    // Every row's flag, on the real export: "n < 10" for 1–9 cases, "n with weight < 10" where a weighted valid
    // percent rests on 1–9 weighted cases (per value, and the Valid total's base); the export has such rows.
    const body = rows.slice(2).filter((r) => r[0] !== null);
    const want = (r: unknown[]) => {
      const n = r[4] as number;
      const nw = r[8] as number;
      const flags = [...(n > 0 && n < 10 && r[3] !== 'Total' ? ['n < 10'] : []), ...(r[7] !== null && nw > 0 && nw < 10 ? ['n with weight < 10'] : [])];
      return flags.length > 0 ? flags.join('; ') : null;
    };
    expect(body.map((r) => [r[0], r[2], r[3], r[9] ?? null])).toEqual(body.map((r) => [r[0], r[2], r[3], want(r)]));
    expect(body.filter((r) => String(r[9] ?? '').includes('n with weight < 10')).length).toBeGreaterThan(0);
    // The Valid total's n with weight is the base of the weighted valid percent: the sum over the valid values.
    for (const v of new Set(body.map((r) => r[0]))) {
      const rs = body.filter((r) => r[0] === v);
      const validTotal = rs.find((r) => r[3] === 'Valid total')!;
      const validRows = rs.filter((r) => r[2] !== null && r[7] !== null);
      expect(validTotal[8], String(v)).toBe(validRows.reduce((s, r) => s + (r[8] as number), 0));
    }
  });

  it('without a weight the note says every column counts all cases', async () => {
    const out = join(dir, 'plain.xlsx');
    expect(await runCli(['export', project, '--out', out, '--sheets', 'frequencies'], { out: () => undefined, err: () => undefined })).toBe(0);
    const rows = await frequencies(out);
    expect(rows[0]).toEqual(['Variable', 'Label', 'Value', 'Value label', 'n', 'Percent', 'Valid percent', 'Flag']);
    expect(rows[1]!.slice(0, 2)).toEqual(['(note)', 'Populations: n, Percent and Valid percent count all 70 exported cases (no weight chosen).']);
  });
});
