// Benchmark: validate and import a 50,000-case sample frame (CSV, and XLSX) into a fresh project, all in one transaction.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { createProjectFile, openProjectForWrite } from '../../electron/backend/db/open';
import { importFrame } from '../../electron/backend/services/fieldwork';
import { DEFAULT_CASE_ID_FORMAT, formatCaseId } from '../../shared/fieldwork/caseId';
import type { Benchmark } from '../types';

const HEADER = ['case_id', 'groep', 'laag', 'functie', 'gemgr', 'selection_probability', 'mode', 'naam', 'adres', 'postcode', 'woonplaats', 'email'];

function row(n: number): (string | number)[] {
  const groep = n % 3 === 0 ? 1 : 2;
  return [
    formatCaseId(n, DEFAULT_CASE_ID_FORMAT), groep, 1 + (n % 4), groep === 1 ? [11, 12, 13][n % 3]! : '', 1 + (n % 5),
    [1, 0.5, 0.25, 0.1][n % 4]!, n % 4 === 0 ? 'web' : 'paper', `Persoon ${n}`, `Straat ${n % 997}`, `${1000 + (n % 8999)} AB`, 'Utrecht', `p${n}@example.nl`,
  ];
}

async function timeImport(workDir: string, label: string, file: string, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const path = createProjectFile(join(workDir, `${label}-${r}.vwk`), 'bench');
    const p = await openProjectForWrite(path, 'bench');
    try {
      const t0 = performance.now();
      const rep = await importFrame(p.db, file, { optionalStrata: ['functie'] }, 'bench', false);
      samples.push(performance.now() - t0);
      if (rep.imported === 0) throw new Error('nothing imported');
    } finally {
      p.close();
    }
  }
  return samples;
}

export const benchmark: Benchmark = {
  name: 'sample-import',
  description: 'validate + import a 50,000-case sample frame (strata, probabilities, contacts) from CSV and from XLSX, one transaction',
  async run({ workDir, quick }) {
    const n = quick ? 5_000 : 50_000;
    const runs = quick ? 2 : 5;
    const csv = join(workDir, 'frame.csv');
    const lines = [HEADER.join(';')];
    for (let i = 1; i <= n; i++) lines.push(row(i).map((v) => String(v).replace('.', ',')).join(';'));
    writeFileSync(csv, `${lines.join('\r\n')}\r\n`);
    const xlsx = join(workDir, 'frame.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Steekproef');
    ws.addRow(HEADER);
    for (let i = 1; i <= n; i++) ws.addRow(row(i));
    await wb.xlsx.writeFile(xlsx);
    return [
      { name: `import frame CSV (${n} cases)`, unit: 'ms', samples: await timeImport(workDir, 'csv', csv, runs) },
      { name: `import frame XLSX (${n} cases)`, unit: 'ms', samples: await timeImport(workDir, 'xlsx', xlsx, Math.min(runs, 3)) },
    ];
  },
};
